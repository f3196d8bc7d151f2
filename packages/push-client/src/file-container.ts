import { presignedSecrets } from './internal/presigned-url.js';
import type { CoveoTransport } from './platform-options.js';
import { type FileContainer, FileContainerSchema } from './schemas.js';

/**
 * `POST /files`: a temporary, private container to upload one batch to. Retried like a PUT:
 * an extra, unused container costs nothing.
 */
export function createFileContainer(
  t: CoveoTransport,
  signal?: AbortSignal,
): Promise<FileContainer> {
  return t.push.post('/files', {
    json: {},
    schema: FileContainerSchema,
    idempotent: true,
    signal,
  });
}

/**
 * PUT of the body to the container's pre-signed URL, with its `requiredHeaders` and no
 * credentials. The URL's signing values are secrets of the call: cut out of its errors.
 */
export async function uploadToContainer(
  t: CoveoTransport,
  container: FileContainer,
  body: Uint8Array | string,
  signal?: AbortSignal,
): Promise<void> {
  const response = await t.upload.request(container.uploadUri, {
    method: 'PUT',
    body,
    headers: container.requiredHeaders,
    idempotent: true,
    secrets: presignedSecrets(container.uploadUri),
    signal,
  });
  try {
    await response.raw.body?.cancel();
  } catch {
    // S3 answers an empty body; one that cannot be cancelled changes nothing.
  }
}

/** Creates a container and fills it; resolves with its `fileId`. */
export async function fillFileContainer(
  t: CoveoTransport,
  body: Uint8Array | string,
  signal?: AbortSignal,
): Promise<FileContainer> {
  const container = await createFileContainer(t, signal);
  await uploadToContainer(t, container, body, signal);
  return container;
}

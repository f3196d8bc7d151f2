import { createFileContainer, uploadToContainer } from '../file-container.js';
import type { CoveoTransport } from '../platform-options.js';
import type { SendBatch, SentBatch } from './run-batches.js';

/**
 * Hands a filled container's `fileId` to the source; resolves with the answer's `orderingId`
 * where the route gives one.
 */
export type CommitBatch = (
  fileId: string,
  signal: AbortSignal | undefined,
  partialUpdates: number,
) => Promise<SentBatch['orderingId']>;

/**
 * Sends a batch the file-container way, each step tagged: create a container (`container`),
 * upload the body to its pre-signed URL (`upload`), then `commit` its `fileId` in input order
 * (`commit`).
 */
export function sendThroughContainer(t: CoveoTransport, commit: CommitBatch): SendBatch {
  return async ({ body, signal, inOrder, partialUpdates, step }) => {
    const container = await step('container', () => createFileContainer(t, signal));
    await step('upload', () => uploadToContainer(t, container, body, signal));
    const { fileId } = container;
    const orderingId = await inOrder(() =>
      step('commit', () => commit(fileId, signal, partialUpdates)),
    );
    return { fileId, orderingId };
  };
}

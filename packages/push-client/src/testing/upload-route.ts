import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimState } from './simulator-state.js';

function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
}

/**
 * `PUT <uploadUri>`: S3's pre-signed upload, served on `node:http` directly (the bodies are the
 * large ones; no web `Request` copy). It takes no `Authorization` (S3 refuses a second auth
 * mechanism with 400 `InvalidArgument`), needs the signed `requiredHeaders` (403
 * `SignatureDoesNotMatch` without them or with a wrong signature), expires after 60 minutes (403
 * `AccessDenied`) and holds at most 256 MB (413 `EntityTooLarge`).
 */
export async function uploadRoute(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  fileId: string,
): Promise<void> {
  const refuse = (status: number, code: string, message: string) => {
    req.resume();
    s3Error(res, status, code, message);
  };
  if (req.method !== 'PUT') return refuse(405, 'MethodNotAllowed', 'Only PUT is signed');
  const upload = state.uploads.get(fileId);
  if (!upload || upload.expires < state.now())
    return refuse(403, 'AccessDenied', 'Request has expired or the container is gone');
  if (url.searchParams.get('X-Amz-Signature') !== upload.signature)
    return refuse(403, 'SignatureDoesNotMatch', 'The request signature does not match');
  if (req.headers.authorization !== undefined)
    return refuse(400, 'InvalidArgument', 'Only one auth mechanism allowed');
  if (req.headers['x-amz-server-side-encryption'] !== 'AES256')
    return refuse(403, 'SignatureDoesNotMatch', 'x-amz-server-side-encryption is signed');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > state.limits.containerBytes)
      return refuse(413, 'EntityTooLarge', 'A file container holds at most 256 MB');
    chunks.push(chunk);
  }
  upload.body = Buffer.concat(chunks, size);
  res.writeHead(200);
  res.end();
}

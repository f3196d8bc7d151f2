import { s3Error } from './simulator-errors.js';
import type { SimState } from './simulator-state.js';

/**
 * `PUT <uploadUri>`: S3's pre-signed upload. It takes no `Authorization` (S3 refuses a second
 * auth mechanism with 400 `InvalidArgument`), needs the signed `requiredHeaders` (403
 * `SignatureDoesNotMatch` without them or with a wrong signature), expires after 60 minutes (403
 * `AccessDenied`) and holds at most 256 MB (413).
 */
export async function uploadRoute(
  state: SimState,
  req: Request,
  url: URL,
  fileId: string,
): Promise<Response> {
  if (req.method !== 'PUT') return s3Error(405, 'MethodNotAllowed', 'Only PUT is signed');
  const upload = state.uploads.get(fileId);
  if (!upload || upload.expires < state.now())
    return s3Error(403, 'AccessDenied', 'Request has expired or the container is gone');
  if (url.searchParams.get('X-Amz-Signature') !== upload.signature)
    return s3Error(403, 'SignatureDoesNotMatch', 'The request signature does not match');
  if (req.headers.has('authorization'))
    return s3Error(400, 'InvalidArgument', 'Only one auth mechanism allowed');
  if (req.headers.get('x-amz-server-side-encryption') !== 'AES256')
    return s3Error(403, 'SignatureDoesNotMatch', 'x-amz-server-side-encryption is signed');
  const body = await req.text();
  if (Buffer.byteLength(body) > state.limits.containerBytes)
    return s3Error(413, 'EntityTooLarge', 'A file container holds at most 256 MB');
  upload.body = body;
  return new Response(null, { status: 200 });
}

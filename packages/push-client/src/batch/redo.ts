import { isHttpError, isNetworkError, isTimeoutError } from '@connectorkit/http-core';
import { DAILY_QUOTA_CODE } from '../internal/coveo-http.js';

/**
 * Whether a failed batch is worth sending again through a new file container. This is not an
 * HTTP retry (http-core already retried each call): it covers what a call retry cannot, such as
 * a container consumed by a commit whose answer was lost (the retried commit then gets a 404),
 * or an upload URL that expired.
 */
export function isRedoable(error: unknown, commitIsIdempotent = true): boolean {
  // A commit that may have been applied must not run twice when it is not idempotent
  // (`arrayAppend` twice appends twice).
  const url = (error as { url?: unknown }).url;
  if (!commitIsIdempotent && typeof url === 'string' && url.includes('fileId=')) return false;
  if (isNetworkError(error) || isTimeoutError(error)) return true;
  if (!isHttpError(error)) return false;
  if (error.serviceCode === DAILY_QUOTA_CODE) return false;
  const { status } = error;
  if (status >= 500 || status === 408 || status === 429) return true;
  // The container was consumed or expired: a new one fixes it.
  if ((status === 404 || status === 410) && error.url.includes('fileId=')) return true;
  // An expired pre-signed upload URL (S3 answers 403).
  return status === 403 && !error.url.includes('/organizations/');
}

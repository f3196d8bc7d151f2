import { isHttpError, isNetworkError, isTimeoutError } from '@connectorkit/http-core';
import { DAILY_QUOTA_CODE } from '../service.js';
import type { BatchStep } from './batch-types.js';

/**
 * Whether a failed batch is worth sending again through a new file container, decided by the
 * step that failed (see {@link BatchStep}). This is not an HTTP retry (http-core already retried
 * each call): it covers what a call retry cannot, such as a container consumed by a commit whose
 * answer was lost (the retried commit then gets a 404), or an upload URL that expired.
 */
export function isRedoable(
  error: unknown,
  step: BatchStep | undefined,
  commitIsIdempotent = true,
): boolean {
  // A failure outside the steps is not one a new container fixes; a stream is opened once.
  if (step === undefined || step === 'open') return false;
  // A commit that may have been applied must not run twice when it is not idempotent
  // (`arrayAppend` twice appends twice).
  if (step === 'commit' && !commitIsIdempotent) return false;
  if (isNetworkError(error) || isTimeoutError(error)) return true;
  if (!isHttpError(error) || error.serviceCode === DAILY_QUOTA_CODE) return false;
  const { status } = error;
  if (status >= 500 || status === 408 || status === 429) return true;
  // The container was consumed or expired: a new one fixes it.
  if (step === 'commit') return status === 404 || status === 410;
  // An expired pre-signed upload URL (S3 answers 403).
  return step === 'upload' && status === 403;
}

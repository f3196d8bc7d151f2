import { isAmsServiceException } from '../errors.js';

/**
 * True when a retried call failed only because an earlier attempt did the work and its answer
 * was lost on the way: a delete then finds nothing (404), a create finds what it made (409).
 */
export function earlierAttemptLanded(error: unknown, status: 404 | 409): boolean {
  return isAmsServiceException(error) && error.status === status && error.retryCount > 0;
}

/** Rethrows `error` unless it says a retried delete's earlier attempt deleted the resource. */
export function unlessDeleted(error: unknown): void {
  if (!earlierAttemptLanded(error, 404)) throw error;
}

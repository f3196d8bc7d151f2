import { layRetryOptions, type RetryOptions } from '@connectorkit/http-core';
import { couchDb } from '../service.js';

/** What a caller may give as `retry`, to the client or to one call. */
export type RetryInput = RetryOptions | number | false | undefined;

/**
 * `retry` laid over `base` with http-core's rule (a number is the limit, an object replaces only
 * the fields it sets, so `{ limit: 8 }` keeps every default status); `false` turns retries off
 * and `undefined` keeps `base`. Over a base that is off, the service's policy is the base.
 */
export function layRetry(retry: RetryInput, base: RetryOptions | false): RetryOptions | false {
  if (retry === undefined) return base;
  if (base === false) return couchDb.retry(retry);
  if (retry === false) return false;
  return layRetryOptions(base, retry);
}

/** The policy of an http-core client made elsewhere, as an object calls can be laid over. */
export function retryOf(retry: RetryInput): RetryOptions | false {
  if (retry === false) return false;
  if (typeof retry === 'number') return { limit: retry };
  return retry ?? {};
}

import { layRetryOptions, type RetryOptions } from '@connectorkit/http-core';

/** What a caller may give as `retry`, to the client or to one call. */
export type RetryInput = RetryOptions | number | false | undefined;

/**
 * The package's retry policy: ibm-cloud-sdk-core's knobs (`maxRetries` 4, `maxRetryInterval`
 * 30 s; 408, 429, 500, 502-504), with full jitter added (the SDK has none).
 */
export const defaultRetry = (): RetryOptions => ({
  limit: 4,
  baseDelay: 500,
  multiplier: 2,
  maxDelay: 30_000,
  statusCodes: [408, 429, 500, 502, 503, 504],
  retryServerErrors: true,
  maxRetryAfter: 5 * 60_000,
});

/**
 * `retry` laid over `base` with http-core's rule (a number is the limit, an object replaces only
 * the fields it sets, so `{ limit: 8 }` keeps every default status); `false` turns retries off
 * and `undefined` keeps `base`. Over a base that is off, the package's defaults are the base.
 */
export function layRetry(retry: RetryInput, base: RetryOptions | false): RetryOptions | false {
  if (retry === undefined) return base;
  if (retry === false) return false;
  return layRetryOptions(base === false ? defaultRetry() : base, retry);
}

/** The policy of an http-core client made elsewhere, as an object calls can be laid over. */
export function retryOf(retry: RetryInput): RetryOptions | false {
  if (retry === false) return false;
  if (typeof retry === 'number') return { limit: retry };
  return retry ?? {};
}

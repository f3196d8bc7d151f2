import {
  defineService,
  isHttpError,
  type RetryOptions,
  type RetryState,
  type Service,
} from '@connectorkit/http-core';
import { DailyQuotaExceededError, PushApiError, ThrottleError } from './errors.js';
import { type BackoffOptions, DEFAULT_BACKOFF } from './platform-options.js';
import { type CoveoErrorBody, CoveoErrorBodySchema } from './schemas.js';
import { VERSION } from './version.js';

/** The daily item quota: waiting seconds cannot fix it, so it is never retried. */
export const DAILY_QUOTA_CODE = 'TOO_MANY_DOCUMENTS_DAILY';

/** Refuses a retry of the daily quota; anything else is left to `next` (or the rules). */
export function refuseDailyQuota(
  next?: RetryOptions['shouldRetry'],
): NonNullable<RetryOptions['shouldRetry']> {
  return (state: RetryState) => {
    if (isHttpError(state.error) && state.error.serviceCode === DAILY_QUOTA_CODE) return false;
    return next?.(state);
  };
}

/**
 * Coveo's documented `BackoffOptions` as http-core retry knobs: `retryAfter` (first delay, ms),
 * `maxRetries` (retries after the first attempt), `timeMultiple` (growth); only the given ones.
 */
export function backoffRetry(backoff: BackoffOptions): RetryOptions {
  return {
    ...(backoff.maxRetries === undefined ? {} : { limit: backoff.maxRetries }),
    ...(backoff.retryAfter === undefined ? {} : { baseDelay: backoff.retryAfter }),
    ...(backoff.timeMultiple === undefined ? {} : { multiplier: backoff.timeMultiple }),
  };
}

/**
 * Coveo's retry policy: the official clients' `BackoffOptions` defaults (`retryAfter` 5 s,
 * `maxRetries` 10, `timeMultiple` 2) on 408, 429 and 5xx and network errors, with full jitter
 * (the official client has none, which synchronizes storms), delays and `Retry-After` capped at
 * 5 minutes, and 429 `TOO_MANY_DOCUMENTS_DAILY` never retried.
 */
const COVEO_RETRY: RetryOptions = {
  ...backoffRetry(DEFAULT_BACKOFF),
  maxDelay: 5 * 60_000,
  statusCodes: [408, 429, 500, 502, 503, 504],
  retryServerErrors: true,
  maxRetryAfter: 5 * 60_000,
  shouldRetry: refuseDailyQuota(),
};

/**
 * What a source's `backoff` and `retry` options lay over the policy in force (Coveo's, or a
 * shared client's whose `shouldRetry` is `shared`): `false` turns retries off; the daily quota
 * stays refused whatever `shouldRetry` the caller gives.
 */
export function coveoRetryOverride(
  options: {
    backoff?: BackoffOptions | undefined;
    retry?: RetryOptions | number | false | undefined;
  },
  shared?: RetryOptions['shouldRetry'],
): RetryOptions | false {
  if (options.retry === false) return false;
  const caller = typeof options.retry === 'number' ? { limit: options.retry } : options.retry;
  const laid: RetryOptions = { ...backoffRetry(options.backoff ?? {}) };
  for (const [key, value] of Object.entries(caller ?? {})) {
    if (value !== undefined) (laid as Record<string, unknown>)[key] = value;
  }
  laid.shouldRetry = refuseDailyQuota(caller?.shouldRetry ?? shared);
  return laid;
}

/** The environment variables `PushSource.fromEnvironment()` reads, and the option each sets. */
export const COVEO_ENV: Readonly<Record<string, string>> = Object.freeze({
  COVEO_API_KEY: 'apiKey',
  COVEO_ORGANIZATION_ID: 'organizationId',
  COVEO_REGION: 'region',
  COVEO_ENVIRONMENT: 'environment',
  COVEO_BASE_URL: 'baseUrl',
});

/**
 * The Coveo service as this package talks to it, declared once: its error envelope
 * (`{errorCode, message}`, or the other key names platform-client reads), the error classes
 * (a 429 is a `ThrottleError`, the daily quota a `DailyQuotaExceededError`, every other failure a
 * `PushApiError`, all `HttpError`s), the retry policy, the transport (fetch, which every runtime
 * has and the upload's streaming body needs), and the environment variables. Authorization is
 * redacted by http-core already; the upload URL's signing values are secrets of each upload call.
 */
export const coveoService: Service = defineService({
  name: 'push-client',
  version: VERSION,
  errorEnvelope: {
    schema: CoveoErrorBodySchema,
    code: (body: CoveoErrorBody) => body.errorCode ?? body.code ?? body.type,
    message: (body: CoveoErrorBody) => body.message ?? body.detail ?? body.title,
  },
  errors: {
    byCode: { [DAILY_QUOTA_CODE]: DailyQuotaExceededError },
    byStatus: { 429: ThrottleError },
    fallback: PushApiError,
  },
  retry: COVEO_RETRY,
  transport: 'fetch',
  env: COVEO_ENV,
});

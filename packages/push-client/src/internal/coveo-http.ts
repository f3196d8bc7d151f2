import {
  bearerTokenAuth,
  createHttpClient,
  type HttpClient,
  type HttpLogger,
  isHttpError,
  pathSegment,
  type RetryOptions,
  type ServiceErrorInfo,
} from '@connectorkit/http-core';
import * as v from 'valibot';
import {
  type CoveoTransport,
  coveoOrigins,
  DEFAULT_BACKOFF,
  type PlatformOptions,
} from '../platform-options.js';
import { resolveLimits } from '../push-limits.js';
import { CoveoErrorBodySchema } from '../schemas.js';
import { VERSION } from '../version.js';
import { withJsonAnswers } from './json-answers.js';
import { streamingUploadFetch } from './streaming-upload-fetch.js';

/** The daily item quota: waiting seconds cannot fix it, so it is never retried. */
export const DAILY_QUOTA_CODE = 'TOO_MANY_DOCUMENTS_DAILY';

/** Reads Coveo's error envelope, whichever of the documented key names it uses. */
export function parseCoveoErrorBody(data: unknown): ServiceErrorInfo | undefined {
  const parsed = v.safeParse(CoveoErrorBodySchema, data);
  if (!parsed.success) return undefined;
  const d = parsed.output;
  return {
    code: d.errorCode ?? d.code ?? d.type,
    message: d.message ?? d.detail ?? d.title,
  };
}

/**
 * Coveo's documented `BackoffOptions` (`retryAfter` 5 s, `maxRetries` 10, `timeMultiple` 2; 429
 * and 5xx) with full jitter added (the official client has none, which synchronizes storms).
 */
function coveoRetry(o: {
  retryAfter?: number;
  maxRetries?: number;
  timeMultiple?: number;
}): RetryOptions {
  return {
    limit: o.maxRetries ?? 10,
    baseDelay: o.retryAfter ?? 5_000,
    multiplier: o.timeMultiple ?? 2,
    maxDelay: 5 * 60_000,
    statusCodes: [408, 429, 500, 502, 503, 504],
    retryServerErrors: true,
    maxRetryAfter: 5 * 60_000,
  };
}

export function resolveRetry(options: PlatformOptions): RetryOptions | false {
  if (options.retry === false) return false;
  const backoff = { ...DEFAULT_BACKOFF, ...stripUndefined(options.backoff ?? {}) };
  const preset = coveoRetry(backoff);
  const user = options.retry ?? {};
  const userShouldRetry = user.shouldRetry;
  return {
    ...preset,
    ...stripUndefined(user),
    shouldRetry: (state) => {
      if (isHttpError(state.error) && state.error.serviceCode === DAILY_QUOTA_CODE) return false;
      return userShouldRetry?.(state);
    },
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as Partial<T>;
}

function withoutUploadQuery(logger: HttpLogger): HttpLogger {
  return (event) =>
    logger('url' in event ? { ...event, url: event.url.replace(/\?.*$/, '?[REDACTED]') } : event);
}

/** Builds the three clients a source talks through. */
export function createCoveoTransport(
  apiKey: string,
  organizationId: string,
  options: PlatformOptions,
  pushBaseUrl?: string,
): CoveoTransport {
  const origins = coveoOrigins(options);
  const org = pathSegment(organizationId, 'organizationId');
  const common = {
    retry: resolveRetry(options),
    userAgent: `connectorkit-push-client/${VERSION}`,
    parseErrorBody: parseCoveoErrorBody,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.plugins ? { plugins: options.plugins } : {}),
  };
  const auth = bearerTokenAuth({ token: apiKey });
  const headers = { ...options.headers };
  const push: HttpClient = withJsonAnswers(
    createHttpClient({
      ...common,
      auth,
      headers,
      baseUrl: pushBaseUrl ?? `${origins.api}/push/v1/organizations/${org}`,
    }),
  );
  const platform: HttpClient = withJsonAnswers(
    createHttpClient({
      ...common,
      auth,
      headers,
      baseUrl: `${origins.platform}/rest/organizations/${org}`,
    }),
  );
  const upload: HttpClient = createHttpClient({
    ...common,
    // A pre-signed upload URL carries a temporary signature in its query: keep it out of logs.
    ...(options.logger ? { logger: withoutUploadQuery(options.logger) } : {}),
    fetch: streamingUploadFetch(options.fetch ?? ((input, init) => globalThis.fetch(input, init))),
  });
  return { push, platform, upload, organizationId, limits: resolveLimits(options.limits) };
}

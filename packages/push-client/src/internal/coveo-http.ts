import {
  bearerTokenAuth,
  type HttpClient,
  type HttpLogger,
  layRetryOptions,
  pathSegment,
  type RetryOptions,
  type ServiceClientOptions,
} from '@connectorkit/http-core';
import { type CoveoTransport, coveoOrigins, type PlatformOptions } from '../platform-options.js';
import { resolveLimits } from '../push-limits.js';
import { coveoRetryOverride, coveoService } from '../service.js';
import { withJsonAnswers } from './json-answers.js';
import { streamingUploadFetch } from './streaming-upload-fetch.js';

function withoutUploadQuery(logger: HttpLogger): HttpLogger {
  return (event) =>
    logger('url' in event ? { ...event, url: event.url.replace(/\?.*$/, '?[REDACTED]') } : event);
}

/** The `shouldRetry` of a shared client's policy, which the daily-quota rule wraps. */
function sharedShouldRetry(http: HttpClient | undefined): RetryOptions['shouldRetry'] {
  const retry = http?.options.retry;
  return typeof retry === 'object' ? retry.shouldRetry : undefined;
}

/**
 * The upload URL's client: no credentials, headers or plugins of Coveo calls (a pre-signed URL
 * gets only its `requiredHeaders`), a query kept out of logs, and a byte body streamed when it
 * goes through fetch. With a shared client, its transport, timeout, retry and logger.
 */
function uploadClient(options: PlatformOptions, retry: RetryOptions | false): HttpClient {
  const shared = options.http?.options;
  const fetch = options.fetch ?? shared?.fetch;
  const transport = options.transport ?? shared?.transport;
  const logger = options.logger ?? shared?.logger;
  const timeout = options.timeout ?? shared?.timeout;
  // The shared policy's knobs (Coveo's where it says nothing), then the source's own.
  const laid = shared && retry !== false ? layRetryOptions(shared.retry, retry) : retry;
  const upload: ServiceClientOptions = {
    retry: laid,
    ...(timeout !== undefined ? { timeout } : {}),
    ...(logger ? { logger: withoutUploadQuery(logger) } : {}),
    ...(options.plugins ? { plugins: options.plugins } : {}),
    ...(transport && !fetch
      ? { transport }
      : {
          fetch: streamingUploadFetch(fetch ?? ((input, init) => globalThis.fetch(input, init))),
        }),
  };
  return coveoService.createHttp(upload);
}

/**
 * Builds the three clients a source talks through, all by {@link coveoService}: the Push API
 * (`pushBaseUrl`, else the region's `api…/push/v1/organizations/{org}`), the Platform API and the
 * upload URLs.
 */
export function createCoveoTransport(
  apiKey: string,
  organizationId: string,
  options: PlatformOptions,
  pushBaseUrl?: string,
): CoveoTransport {
  const origins = coveoOrigins(options);
  const org = pathSegment(organizationId, 'organizationId');
  const retry = coveoRetryOverride(options, sharedShouldRetry(options.http));
  const coveo: ServiceClientOptions = {
    retry,
    auth: bearerTokenAuth({ token: apiKey }),
    headers: { ...options.headers },
    ...(options.http ? { http: options.http } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.plugins ? { plugins: options.plugins } : {}),
  };
  const push = coveoService.createHttp({
    ...coveo,
    baseUrl: pushBaseUrl ?? `${origins.api}/push/v1/organizations/${org}`,
  });
  const platform = coveoService.createHttp({
    ...coveo,
    baseUrl: `${origins.platform}/rest/organizations/${org}`,
  });
  return {
    push: withJsonAnswers(push),
    platform: withJsonAnswers(platform),
    upload: uploadClient(options, retry),
    organizationId,
    limits: resolveLimits(options.limits),
  };
}

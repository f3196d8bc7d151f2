import type { HttpClient, HttpLogger, HttpPlugin, RetryOptions } from '@connectorkit/http-core';
import type { PushLimits } from './push-limits.js';

/** Coveo regions. `au` is the one the Coveo docs also call APAC. */
export type Region = 'us' | 'eu' | 'au' | 'ca';
/** Coveo platform environments. */
export type PlatformEnvironment = 'prod' | 'dev' | 'stg' | 'hipaa';

/**
 * The official clients' backoff knobs, with their defaults. Here `maxRetries` counts retries
 * (attempts = `maxRetries` + 1), and a `Retry-After` header wins over the computed delay.
 */
export interface BackoffOptions {
  /** Delay before the first retry, in ms (full jitter applies). @default 5000 */
  retryAfter?: number;
  /** Retries after the first attempt. `0` turns retries off. @default 10 */
  maxRetries?: number;
  /** Growth factor of the delay between retries. @default 2 */
  timeMultiple?: number;
}

export interface PlatformOptions {
  /** @default 'us' */
  region?: Region;
  /** @default 'prod' */
  environment?: PlatformEnvironment;
  /**
   * Origin that replaces both `https://api{env}{-region}.cloud.coveo.com` and
   * `https://platform{env}{-region}.cloud.coveo.com` (a proxy or a simulator). Paths are kept.
   * @example 'http://127.0.0.1:4321'
   */
  baseUrl?: string;
  /** The transport. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** @default { retryAfter: 5000, maxRetries: 10, timeMultiple: 2 } */
  backoff?: BackoffOptions;
  /**
   * Low-level retry overrides laid over the backoff (inject `sleep`, `random`, `now` in tests).
   * `false` turns retries off.
   */
  retry?: RetryOptions | false;
  /** Per-attempt response timeout in ms, `false` for none. @default 150_000 */
  timeout?: number | false;
  /** Receives request, response and retry events. URLs are redacted; no event carries the key. */
  logger?: HttpLogger;
  /** Extra http-core plugins, after the package's own. */
  plugins?: readonly HttpPlugin[];
  /** Extra headers sent on every Coveo call (never on the upload URL). */
  headers?: Record<string, string>;
  /**
   * Size limits checked before sending, in bytes (see the README's Errors section). Raise them
   * only if Coveo raised its own. @default { requestBytes: 6 MiB, containerBytes: 256 MiB, catalogItemBytes: 3 MiB }
   */
  limits?: Partial<PushLimits>;
}

export const DEFAULT_BACKOFF: Readonly<Required<BackoffOptions>> = Object.freeze({
  retryAfter: 5_000,
  maxRetries: 10,
  timeMultiple: 2,
});

/** The `api…` and `platform…` origins for these options. */
export function coveoOrigins(options: PlatformOptions): { api: string; platform: string } {
  if (options.baseUrl) {
    const origin = options.baseUrl.replace(/\/+$/, '');
    return { api: origin, platform: origin };
  }
  const env = options.environment && options.environment !== 'prod' ? options.environment : '';
  const region = options.region && options.region !== 'us' ? `-${options.region}` : '';
  return {
    api: `https://api${env}${region}.cloud.coveo.com`,
    platform: `https://platform${env}${region}.cloud.coveo.com`,
  };
}

/** The clients a source needs: the Coveo API (authenticated) and the upload URLs (not). */
export interface CoveoTransport {
  /** Authenticated; paths relative to `/push/v1/organizations/{org}`. */
  push: HttpClient;
  /** Authenticated; paths relative to `/rest/organizations/{org}`. */
  platform: HttpClient;
  /** No credentials: pre-signed upload URLs get only their `requiredHeaders`. */
  upload: HttpClient;
  organizationId: string;
  /** The size limits this source checks. */
  limits: Readonly<PushLimits>;
}

import type {
  HttpClient,
  HttpLogger,
  HttpPlugin,
  HttpTransport,
  RetryOptions,
} from '@connectorkit/http-core';
import type { PushLimits } from './push-limits.js';

/**
 * Coveo regions, as values (`Region.EU`, the official JS client's names) and as a type (`'eu'`).
 * `AU` is the one the Coveo docs also call APAC.
 */
export const Region: Readonly<{ US: 'us'; EU: 'eu'; AU: 'au'; CA: 'ca' }> = Object.freeze({
  US: 'us',
  EU: 'eu',
  AU: 'au',
  CA: 'ca',
});
export type Region = (typeof Region)[keyof typeof Region];

/** Coveo platform environments, as values (`PlatformEnvironment.Dev`) and as a type (`'dev'`). */
export const PlatformEnvironment: Readonly<{
  Dev: 'dev';
  Stg: 'stg';
  Hipaa: 'hipaa';
  Prod: 'prod';
}> = Object.freeze({ Dev: 'dev', Stg: 'stg', Hipaa: 'hipaa', Prod: 'prod' });
export type PlatformEnvironment = (typeof PlatformEnvironment)[keyof typeof PlatformEnvironment];

/**
 * The official clients' backoff knobs, with their defaults. Here `maxRetries` counts retries
 * (attempts = `maxRetries` + 1), and a `Retry-After` header wins over the computed delay. Times
 * are in **milliseconds**, as in the official TypeScript client; the Python client's
 * `BackoffOptions(retry_after=5)` is in seconds (`retryAfter: 5000` here).
 */
export interface BackoffOptions {
  /**
   * Delay before the first retry, in **milliseconds** (full jitter applies). The Python client's
   * `retry_after` is in seconds: multiply it by 1000.
   * @default 5000
   */
  retryAfter?: number;
  /**
   * Retries after the first attempt. `0` turns retries off. The official TypeScript client's
   * `maxRetries` counts attempts (one more than here); the Python client's `max_retries`
   * counts retries, as here.
   * @default 10
   */
  maxRetries?: number;
  /** Growth factor of the delay between retries (a plain number, no unit). @default 2 */
  timeMultiple?: number;
}

/**
 * Options of a source (`new PushSource(apiKey, orgId, options)`, `new CatalogSource(...)`): which
 * Coveo host, and the HTTP behaviour (retries, timeout, logging, headers, size limits). Checked
 * when the source is made.
 * @example
 * new PushSource(apiKey, orgId, { region: 'eu', backoff: { maxRetries: 3 } });
 */
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
  /** Sends every request, the upload URL's included, with this fetch. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /**
   * Sends requests this way instead of fetch, e.g. http-core's `nodeHttpTransport()` (node:http
   * with keep-alive: about half fetch's CPU per call on Node.js). `fetch` wins when both are set.
   * @default fetch
   */
  transport?: HttpTransport;
  /**
   * An http-core client to share (its transport, retry policy, timeout, logger and plugins)
   * instead of making one: Coveo calls get this source's key, headers and host over it, and
   * Coveo's error classes. The upload URL gets its transport, retry, timeout and logger only
   * (never its auth, headers or plugins). `backoff` and `retry`, when given, are laid over its
   * retry policy; the daily quota is never retried either way.
   * @example
   * const http = createHttpClient({ transport: nodeHttpTransport(), retry: 3 });
   * const push = new PushSource(key, org, { http }); const catalog = new CatalogSource(key, org, { http });
   */
  http?: HttpClient;
  /** @default { retryAfter: 5000, maxRetries: 10, timeMultiple: 2 } */
  backoff?: BackoffOptions;
  /**
   * Low-level retry overrides laid over the backoff (inject `sleep`, `random`, `now` in tests).
   * A number is the retry limit; `false` turns retries off.
   */
  retry?: RetryOptions | number | false;
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

/** The backoff used when `backoff` is not given, or for the knobs it leaves out. */
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

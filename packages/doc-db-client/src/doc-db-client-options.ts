import type {
  AuthProvider,
  HttpClient,
  HttpLogger,
  HttpPlugin,
  RetryOptions,
  TimeoutOptions,
  TlsOptions,
} from '@connectorkit/http-core';

export interface DocDbClientOptions {
  /** Server URL, e.g. `http://127.0.0.1:5984` or `https://account.cloudant.com`. Credentials in it are sent as Basic auth. */
  url?: string;
  /** @default none (or Basic from credentials in `url`) */
  auth?: AuthProvider;
  /**
   * Laid over the defaults: `{ limit: 8 }` or `8` changes the limit and keeps the rest; `false`
   * turns retries off. @default { limit: 4, maxDelay: 30_000, statuses 408, 429, 500, 502-504 }
   * (ibm-cloud-sdk-core's knobs, with jitter)
   */
  retry?: RetryOptions | number | false;
  /** @default { response: 150_000 } (the Cloudant SDK's read timeout) */
  timeout?: number | false | TimeoutOptions;
  fetch?: typeof globalThis.fetch;
  logger?: HttpLogger;
  tls?: TlsOptions;
  plugins?: readonly HttpPlugin[];
  headers?: Record<string, string>;
  /** Validate responses with the package's valibot schemas. Turn off for speed. @default true */
  validateResponses?: boolean;
  /** A ready-made http-core client to use as it is (shared auth and retry across clients). */
  http?: HttpClient;
}

/** The Cloudant SDK's read timeout. */
export const DEFAULT_DOC_DB_TIMEOUT_MS = 150_000;

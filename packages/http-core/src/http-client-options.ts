import type { AuthProvider } from './auth/auth-provider.js';
import type { HttpLogger } from './logger.js';
import type { HttpPlugin } from './plugins.js';
import type { RetryOptions } from './retry-policy.js';

/** TLS settings applied to every request of a client (and its token requests). */
export interface TlsOptions {
  /** Trusted CA certificates (PEM). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate (PEM), for mutual TLS. */
  cert?: string | Buffer;
  /** Client private key (PEM). */
  key?: string | Buffer;
  /** Check the server's certificate. `false` only for tests and self-signed servers. @default true */
  rejectUnauthorized?: boolean;
}

/**
 * Timeouts in fetch terms. A fetch cannot tell connecting from waiting for the server, so the
 * per-attempt `response` timeout covers both; the `deadline` bounds the whole call, retries,
 * backoff and reading the body included.
 */
export interface TimeoutOptions {
  /** Per attempt, until the response headers arrive, in ms. `false` for none. @default 150_000 */
  response?: number | false;
  /** For the whole call, in ms. `false` for none. @default false */
  deadline?: number | false;
}

/** What the service's error envelope says, extracted by a client package's parser. */
export interface ServiceErrorInfo {
  code?: string | undefined;
  message?: string | undefined;
}

/**
 * Sends the requests of a client that has no `fetch`, such as {@link nodeHttpTransport}. Opaque:
 * build one with a factory.
 */
export interface HttpTransport {
  readonly name: string;
  /** Makes the sender of one client; `fallback` sends with fetch. Internal. */
  readonly connect: (context: { tls: TlsOptions | undefined; fallback: unknown }) => unknown;
}

/**
 * Options of {@link createHttpClient} (and of `extend()`): where requests go, how they are sent,
 * retried, timed out and authenticated. Every field is checked when the client is made.
 */
export interface HttpClientOptions {
  /** Prefix for relative paths, e.g. `https://example.cloudant.com`. */
  baseUrl?: string;
  /** Sends every request (and token request) with this fetch. @default globalThis.fetch (looked up on each call); HTTPS over `node:https` when `tls` is set */
  fetch?: typeof globalThis.fetch;
  /**
   * Sends requests another way than the global fetch when no `fetch` is given, e.g.
   * {@link nodeHttpTransport}. Plugins' request and response hooks run in front of it; they never
   * change it. @default the global fetch
   */
  transport?: HttpTransport;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** A number is the per-attempt response timeout in ms. @default { response: 150_000, deadline: false } */
  timeout?: number | false | TimeoutOptions;
  /** A number is the retry limit; `false` turns retries off. @default { limit: 2 } */
  retry?: RetryOptions | number | false;
  /** Adds credentials to each request, and renews them once after a 401. @default no credentials */
  auth?: AuthProvider;
  /** Hooks run around each attempt, retry and final error, in order; names must be unique. */
  plugins?: readonly HttpPlugin[];
  /** Receives a structured event per attempt, response, retry, auth refresh and error, redacted. */
  logger?: HttpLogger;
  /** Sent as `user-agent`. @default `connectorkit-http-core/<version>` */
  userAgent?: string;
  /**
   * CA, client certificate and checks for HTTPS; not used when `fetch` is given. HTTPS requests and
   * the auth provider's token requests then go over `node:https` (the node transport of
   * {@link nodeHttpTransport}, on Deno and Bun too), and HTTPS redirects are not followed. Needs
   * Node's `https` module: where there is none (a browser) making the client throws a `ConfigError`.
   */
  tls?: TlsOptions;
  /** Extracts the service's error code and message from a parsed error body. */
  parseErrorBody?: (data: unknown, text: string) => ServiceErrorInfo | undefined;
  /**
   * Response headers that carry the service's request id (e.g. `x-couch-request-id`), read into
   * `HttpError.requestId` before the usual `x-request-id`, `x-correlation-id` and `request-id`.
   */
  requestIdHeaders?: readonly string[];
  /** Validate responses against the schemas given to calls. Turn off for speed. @default true */
  validateResponses?: boolean;
  /**
   * Headers whose values are secrets, besides `authorization`, `proxy-authorization`, `cookie`,
   * `x-api-key` and the other usual credential headers: their values are redacted wherever a server
   * echoes them (error bodies, headers, status text), and such response headers are hidden.
   */
  secretHeaders?: readonly string[];
}

/** Default per-attempt response timeout, in ms (150 s, as IBM's SDKs use). */
export const DEFAULT_RESPONSE_TIMEOUT_MS: number = 150_000;
export const ERROR_BODY_LIMIT_BYTES: number = 64 * 1024;
export const ERROR_TEXT_LIMIT_CHARS: number = 8 * 1024;

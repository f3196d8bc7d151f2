import type { AuthProvider } from '../auth/auth-provider.js';
import type { HttpClient } from '../create-http-client.js';
import type { HttpError, HttpErrorOptions } from '../errors.js';
import type {
  HttpTransport,
  ServiceErrorInfo,
  TimeoutOptions,
  TlsOptions,
} from '../http-client-options.js';
import type { HttpLogger } from '../logger.js';
import type { HttpPlugin } from '../plugins.js';
import type { RetryOptions } from '../retry-policy.js';
import type { Schema } from '../validate.js';

/** A service's error body: its valibot schema, and where its code and message are. */
export interface ServiceErrorEnvelope<T = unknown> {
  /** The body's shape; a body that does not fit carries no service code or message. */
  schema: Schema<T>;
  /** The service's own error code (`conflict`, `NOT_FOUND`, ...), kept as `HttpError.serviceCode`. */
  code: (body: T) => string | undefined;
  /** The service's explanation, kept as `HttpError.serviceMessage`. */
  message: (body: T) => string | undefined;
}

/** A subclass of {@link HttpError} made from the facts of a failed exchange. */
export type HttpErrorClass = new (options: HttpErrorOptions) => HttpError;

/**
 * Which class a failed exchange becomes: by the service's code first, then by status, else the
 * fallback (else the plain {@link HttpError}).
 */
export interface ServiceErrorTable {
  byCode?: Readonly<Record<string, HttpErrorClass>>;
  byStatus?: Readonly<Record<number, HttpErrorClass>>;
  fallback?: HttpErrorClass;
}

/**
 * Everything a client package knows about how to talk to its service, declared once in its
 * `src/service.ts`: name, error envelope and classes, retry policy, default transport and
 * environment variables. {@link defineService} turns it into the package's HTTP client.
 */
export interface ServiceProfile {
  /** The package's name without scope, e.g. `doc-db-client`: in the user agent and the plugin names. */
  name: string;
  /** The package's version, in the user agent. */
  version: string;
  /** The service's error envelope. @default none: errors carry no service code */
  // biome-ignore lint/suspicious/noExplicitAny: each profile's envelope has its own body type
  errorEnvelope?: ServiceErrorEnvelope<any>;
  /** The error classes of the package. @default every failure is a plain `HttpError` */
  errors?: ServiceErrorTable;
  /** The service's documented retry policy, which callers' `retry` is laid over. */
  retry: RetryOptions;
  /** The per-attempt response timeout, in ms. @default http-core's (150 s) */
  timeout?: number | false | TimeoutOptions;
  /**
   * How requests go out unless the caller says: `node` is node:http(s) with keep-alive where
   * Node.js runs (about half fetch's CPU per call), fetch elsewhere; `fetch` is the platform's fetch.
   */
  transport: 'node' | 'fetch';
  /** Environment variables read by `fromEnvironment`, variable name → option name. */
  env?: Readonly<Record<string, string>>;
  /** Headers of this service whose values are secrets (see `HttpClientOptions.secretHeaders`). */
  secretHeaders?: readonly string[];
  /** Headers of this service's answers that carry its request id (see `HttpClientOptions.requestIdHeaders`). */
  requestIdHeaders?: readonly string[];
}

/**
 * The options every connectorkit client accepts, with the same names and meanings in every package
 * (the SDK-familiar constructors map onto them).
 */
export interface ServiceClientOptions {
  /** Where the service is, e.g. `http://127.0.0.1:5984`. */
  baseUrl?: string;
  /** Sends every request with this fetch (a test double, a proxy). */
  fetch?: typeof globalThis.fetch;
  /** Sends requests this way (e.g. `nodeHttpTransport()`). @default the profile's */
  transport?: HttpTransport;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** A number is the per-attempt response timeout in ms. @default the profile's */
  timeout?: number | false | TimeoutOptions;
  /** Laid over the service's policy: a number is the limit, `false` turns retries off. */
  retry?: RetryOptions | number | false;
  /** Credentials for every request. */
  auth?: AuthProvider;
  /** Hooks around each attempt; they never change the transport. */
  plugins?: readonly HttpPlugin[];
  /** Receives one redacted event per attempt, retry and error. */
  logger?: HttpLogger;
  /** CA, client certificate and checks for HTTPS (Node.js only). */
  tls?: TlsOptions;
  /**
   * A client to share (its transport, auth and policies) instead of making one; this service's
   * error envelope and classes are laid over it.
   */
  http?: HttpClient;
  /** Check answers against their schemas. @default true */
  validateResponses?: boolean;
}

/** A declared service: what {@link defineService} returns. */
export interface Service {
  readonly profile: ServiceProfile;
  /** The service's HTTP client for these options: envelope, error classes, retry and transport applied. */
  createHttp(options?: ServiceClientOptions): HttpClient;
  /** The error a failed exchange becomes in this package (anything else is returned as it is). */
  toError(error: Error): Error;
  /** The code and message of an error body, read through the envelope's schema. */
  readErrorBody(data: unknown): ServiceErrorInfo | undefined;
  /** The caller's `retry` laid over the service's policy (`false` turns retries off). */
  retry(retry?: RetryOptions | number | false): RetryOptions | false;
  /** The options named by the profile's `env`, from `env` (default `process.env`), unset ones left out. */
  fromEnvironment(env?: Readonly<Record<string, string | undefined>>): Record<string, string>;
}

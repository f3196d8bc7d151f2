import type {
  AuthProvider,
  HttpClient,
  HttpLogger,
  HttpPlugin,
  HttpTransport,
  RetryOptions,
  TimeoutOptions,
  TlsOptions,
} from '@connectorkit/http-core';
import type { PushAPIVersion } from './types.js';

/**
 * Options of `HttpPushAPI`, all checked when the client is made. The server is `baseUrl`, or
 * `host` with `port` (or `basePort`) and `scheme`; the rest are connectorkit's common client
 * options, with the same names and meanings in every package.
 */
export interface HttpPushAPIOptions {
  /** Only `PushAPIVersion.PAPI_V4` exists. */
  version: PushAPIVersion;
  /** A host name or an IP address: no scheme, port or path. Required unless `baseUrl` is given. */
  host?: string;
  /**
   * The server as a URL, `http(s)://host:port` with no path, query or credentials: instead of
   * `host`, `port`, `basePort` and `scheme`.
   */
  baseUrl?: string;
  /** A whole number from 1 to 65535, or such a number as text. @default basePort + 2 */
  port?: number | string;
  /** The installation's base port, when `port` is not given. @default 10000 */
  basePort?: number;
  /** The connector's name, the `<connectorName>` of every path. */
  connectorName: string;
  /** The connector's type, which the server checks against its license (`PAPI_connectorType`). */
  connectorType: string;
  /** Basic authentication when both are set; both or neither. The login may not contain ":". */
  login?: string | null;
  password?: string | null;
  /** Credentials for every request, instead of `login` and `password`. */
  auth?: AuthProvider;
  /** @default 'http' */
  scheme?: 'http' | 'https';
  /**
   * Per-attempt timeout (answer and body), in ms, from 1 to 2^31-1; or http-core's timeout
   * options, or `false`. @default 60 000
   */
  timeout?: number | false | TimeoutOptions;
  /** The same as a number `timeout` (the recommendation's name); not both. */
  timeoutMs?: number;
  /**
   * Laid over the service's policy: reads (GET) retried on network errors, bodies cut short,
   * timeouts and overload; writes only on 429 or a connection never made. A number is the limit
   * (0 to 100), `false` turns retries off. @default 2 retries
   */
  retry?: RetryOptions | number | false;
  /** The transport (a proxy's, or a simulator's). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Sends requests this way (e.g. http-core's `nodeHttpTransport()`) instead of `fetch`. */
  transport?: HttpTransport;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Hooks around each attempt; they never change the transport. */
  plugins?: readonly HttpPlugin[];
  /** Receives request, response and retry events; no event carries the credentials. */
  logger?: HttpLogger;
  /** CA, client certificate and checks for HTTPS (Node.js only). */
  tls?: TlsOptions;
  /**
   * An http-core client to share (its transport, auth and policies) instead of making one; the
   * Push API's error classes are laid over it, and it gets this client's base URL.
   */
  http?: HttpClient;
}

/**
 * Options of `HttpPushAPI.fromEnvironment` (and `PushAPIFactory.fromEnvironment`): any
 * {@link HttpPushAPIOptions}, which win over the variables, and the environment to read.
 */
export interface HttpPushAPIEnvironmentOptions extends Partial<HttpPushAPIOptions> {
  /** The variables to read. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

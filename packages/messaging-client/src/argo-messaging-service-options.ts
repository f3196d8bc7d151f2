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

export type { AmsRetryKnobs } from './service.js';

/**
 * Options of `new ArgoMessagingService(options)`, checked when the client is made: `endpoint`,
 * `project`, and `token`, or `cert` and `key`, or `auth` (or none with a shared `http` client).
 * The rest are the options every connectorkit client takes.
 */
export interface ArgoMessagingServiceOptions {
  /** `https://host[:port]`, `http://127.0.0.1:port` for tests, or a bare `host[:port]` (https). */
  endpoint: string;
  /**
   * AMS token, sent in `x-api-key`. Without it, `cert` and `key` log in through argo-api-authn, or
   * `auth` gives the credentials.
   */
  token?: string;
  /** The project every short name belongs to. */
  project: string;
  /** Client certificate (PEM text or bytes) for the x509 login (Node.js only). */
  cert?: string | Uint8Array;
  /** Client key (PEM text or bytes) for the x509 login (Node.js only). */
  key?: string | Uint8Array;
  /** Port of the authentication service. @default 8443 */
  authnPort?: number;
  /** Full URL of the x509 login, when not the ARGO default. */
  authnUrl?: string;
  /** CA and certificate checks for every call (the x509 login included). */
  tls?: TlsOptions;
  /** Credentials for every call when neither `token` nor `cert` is given (any http-core provider). */
  auth?: AuthProvider;
  /**
   * An http-core client to share (its transport, auth, retry and timeouts) instead of making one:
   * AMS's error envelope and classes are laid over it, and `/v1` of `endpoint` is its base URL.
   */
  http?: HttpClient;
  /** How requests go out, e.g. `nodeHttpTransport()`. @default as for `fetch` */
  transport?: HttpTransport;
  /** Headers sent with every call (not `x-api-key`: give `token`). */
  headers?: Record<string, string>;
  /** http-core plugins: hooks around each attempt (they never change the transport). */
  plugins?: readonly HttpPlugin[];
  /**
   * The fetch every call goes through, e.g. a simulator's `fetch`. @default on Node.js keep-alive
   * `node:http(s)`; elsewhere the global `fetch`
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Client-wide retry policy (jittered; network errors, 408, 429, 502, 503, 504; a `Retry-After`
   * is honoured). @default { limit: 3 }
   */
  retry?: RetryOptions | number | false;
  /** Per-attempt response timeout (ms) or timeouts. @default 60_000 */
  timeout?: number | false | TimeoutOptions;
  /** Receives http-core's structured request events (tokens redacted). @default none */
  logger?: HttpLogger;
  /** Warnings of this package (ack deadline near, ack reset, ...). @default none */
  warn?: (message: string) => void;
  /**
   * The largest message sent, in bytes as AMS stores it (see `AmsMessage.wireSize`); a larger
   * one is refused before any request. @default 1_500_000 (the broker's `MaxMessageBytes`)
   */
  maxMessageBytes?: number;
}

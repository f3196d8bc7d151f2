import type { HttpLogger, RetryOptions, TimeoutOptions, TlsOptions } from '@connectorkit/http-core';

/** argo-ams-library's retry arguments: extra attempts, fixed sleep (s), or a backoff factor. */
export interface AmsRetryKnobs {
  /** Extra attempts. @default 0 */
  retry?: number;
  /** Seconds between attempts. @default 60 */
  retrysleep?: number;
  /** Backoff factor: sleeps of factor × 0.5, × 1, × 2, ... seconds (jittered). */
  retrybackoff?: number;
}

/**
 * Options of `new ArgoMessagingService(options)`, checked when the client is made: `endpoint`,
 * `project`, and either `token` or `cert` and `key`.
 */
export interface ArgoMessagingServiceOptions {
  /** `https://host[:port]`, `http://127.0.0.1:port` for tests, or a bare `host[:port]` (https). */
  endpoint: string;
  /** AMS token, sent in `x-api-key`. Without it, `cert` and `key` log in through argo-api-authn. */
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

/** Answers retried: 408, 429 (after its `Retry-After`), and the load balancer's 502, 503, 504. */
const RETRY_STATUSES: readonly number[] = Object.freeze([408, 429, 502, 503, 504]);

/**
 * The client-wide retry policy when `retry` is not given: 3 more attempts, jittered from 500 ms up
 * to 10 s, on network errors, 408, 429 and 502/503/504 (never a 500). A number as `retry` keeps it
 * and changes `limit`; an object is merged over it.
 */
export const DEFAULT_RETRY: Readonly<RetryOptions> = Object.freeze({
  limit: 3,
  baseDelay: 500,
  maxDelay: 10_000,
  statusCodes: RETRY_STATUSES,
  retryServerErrors: false,
});

export const DEFAULT_TIMEOUT_MS = 60_000;

/** Turns the library's knobs into a jittered policy; never retries a 500. */
export function knobsToRetry(knobs: AmsRetryKnobs, base: RetryOptions): RetryOptions {
  const sleepMs = (knobs.retrysleep ?? 60) * 1000;
  const backoff = knobs.retrybackoff;
  return {
    ...base,
    limit: knobs.retry ?? 0,
    baseDelay: backoff === undefined ? sleepMs : backoff * 500,
    multiplier: backoff === undefined ? 1 : 2,
    maxDelay: backoff === undefined ? sleepMs : 5 * 60_000,
    statusCodes: RETRY_STATUSES,
    retryServerErrors: false,
  };
}

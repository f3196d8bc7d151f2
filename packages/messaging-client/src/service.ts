import { defineService, type RetryOptions, type Service } from '@connectorkit/http-core';
import { AmsBalancerException, AmsServiceException, AmsTimeoutException } from './errors.js';
import { AmsErrorBody } from './internal/wire-schemas.js';
import { VERSION } from './version.js';

/*
 * How this package talks to AMS, declared once: its error envelope and classes, its retry policy,
 * timeout, transport, environment variables and secret header. The client builds its HTTP client
 * through `amsService.createHttp`.
 */

/** argo-ams-library's retry arguments: extra attempts, fixed sleep (s), or a backoff factor. */
export interface AmsRetryKnobs {
  /** Extra attempts. @default 0 */
  retry?: number;
  /** Seconds between attempts. @default 60 */
  retrysleep?: number;
  /** Backoff factor: sleeps of factor × 0.5, × 1, × 2, ... seconds (jittered). */
  retrybackoff?: number;
}

/** Answers retried: 408, 429 (after its `Retry-After`), and the load balancer's 502, 503, 504. */
const RETRY_STATUSES: readonly number[] = Object.freeze([408, 429, 502, 503, 504]);

/**
 * The client-wide retry policy when `retry` is not given: 3 more attempts, jittered from 500 ms up
 * to 10 s, on network errors, 408, 429 and 502/503/504 (never a 500: AMS answers 500 for an ack
 * with nothing pending, which a repeat cannot fix). A number as `retry` keeps it and changes
 * `limit`; an object is laid over it field by field.
 */
export const DEFAULT_RETRY: Readonly<RetryOptions> = Object.freeze({
  limit: 3,
  baseDelay: 500,
  maxDelay: 10_000,
  statusCodes: RETRY_STATUSES,
  retryServerErrors: false,
});

/** Turns the library's knobs into a jittered policy over `base`; never retries a 500. */
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

/** The environment variables `ArgoMessagingService.fromEnvironment` reads, and their options. */
export const AMS_ENV: Readonly<Record<string, 'endpoint' | 'project' | 'token'>> = Object.freeze({
  AMS_ENDPOINT: 'endpoint',
  AMS_PROJECT: 'project',
  AMS_TOKEN: 'token',
} as const);

/** The ARGO Messaging Service, as this package talks to it. */
export const amsService: Service = defineService({
  name: 'messaging-client',
  version: VERSION,
  errorEnvelope: {
    schema: AmsErrorBody,
    code: (body) => body.error.status,
    message: (body) => body.error.message,
  },
  // A 5xx without the envelope (a balancer's HTML page) is a balancer error too: see to-ams-error.
  errors: {
    byStatus: {
      408: AmsTimeoutException,
      502: AmsBalancerException,
      503: AmsBalancerException,
      504: AmsBalancerException,
    },
    fallback: AmsServiceException,
  },
  retry: DEFAULT_RETRY,
  timeout: 60_000,
  // node:http(s) with keep-alive on Node.js (about half fetch's CPU per call), fetch elsewhere.
  transport: 'node',
  env: AMS_ENV,
  secretHeaders: ['x-api-key'],
});

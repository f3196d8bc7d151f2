import type { BackoffOptions, Clock, RandomSource, Sleeper } from './backoff.js';
import { isRetryOption } from './internal/checks.js';
import { describeRefusal, retryRule } from './options-schema.js';

/** What a retry decision can look at. */
export interface RetryState {
  /** Retries made so far (0 before the first retry). */
  retryCount: number;
  method: string;
  /** The HTTP status, when the attempt got a response. */
  status: number | undefined;
  /** The error the attempt ended with (an `HttpError`, `NetworkError` or `TimeoutError`). */
  error: unknown;
  /** Delay asked for by a `Retry-After` header, in ms. */
  retryAfterMs: number | undefined;
}

/**
 * A retry policy: how many times, for which methods, statuses and failures, and how long to wait
 * between attempts (exponential backoff with full jitter, honouring `Retry-After`). Give it as the
 * client's `retry` option, or as one call's; a number is the `limit`, `false` turns retries off.
 * @example
 * createHttpClient({ baseUrl, retry: { limit: 4, retryServerErrors: true, maxDelay: 10_000 } })
 */
export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt (attempts = limit + 1). `0` turns retries off. @default 2 */
  limit?: number;
  /** Methods retried without being marked safe. @default ['GET','HEAD','PUT','DELETE','OPTIONS','TRACE'] */
  methods?: readonly string[];
  /** Statuses retried. @default [408, 429, 502, 503, 504] */
  statusCodes?: readonly number[];
  /** Also retry 500 (and 507, 509 and other 5xx apart from 501). @default false */
  retryServerErrors?: boolean;
  /** Retry network errors (refused, reset, DNS). @default true */
  retryNetworkErrors?: boolean;
  /** Retry an attempt that timed out. @default true */
  retryTimeouts?: boolean;
  /** Longest `Retry-After` honoured, in ms; a longer one ends the retries. @default 60_000 */
  maxRetryAfter?: number;
  /** Total time budget for all retries' waiting, in ms (with `limit`, whichever comes first). */
  budget?: number;
  /** Final say: return `true` or `false` to override the rules above, `undefined` to keep them. */
  shouldRetry?: (state: RetryState) => boolean | undefined;
  /** Clock used for `Retry-After` dates and the budget; inject one in tests. @default Date.now */
  now?: Clock;
  /**
   * How the wait between attempts is slept; inject one in tests.
   * @default the abortable {@link sleep} of this package
   */
  sleep?: Sleeper;
  /** Source of the jitter draw; inject a seeded one for repeatable delays. @default Math.random */
  random?: RandomSource;
}

/**
 * Methods retried when a call is not marked `idempotent`: the idempotent ones of RFC 9110. POST and
 * PATCH are left out, since sending them again may apply them twice.
 */
export const DEFAULT_RETRY_METHODS: readonly string[] = Object.freeze([
  'GET',
  'HEAD',
  'PUT',
  'DELETE',
  'OPTIONS',
  'TRACE',
]);
/**
 * Statuses retried by default: 408 Request Timeout, 429 Too Many Requests, 502 Bad Gateway,
 * 503 Service Unavailable and 504 Gateway Timeout (500 only with `retryServerErrors`).
 */
export const DEFAULT_RETRY_STATUS_CODES: readonly number[] = Object.freeze([
  408, 429, 502, 503, 504,
]);

/** A `retry` option as an object: a number is the limit, `false` a limit of 0. */
const asRetryObject = (retry: RetryOptions | number | false | undefined): RetryOptions =>
  retry === false ? { limit: 0 } : typeof retry === 'number' ? { limit: retry } : { ...retry };

/**
 * Lays a caller's `retry` over defaults (a package's, or a client's), field by field: a number
 * sets only the limit, `false` only turns retries off (limit 0), an object replaces the fields it
 * sets and keeps the others; `undefined` keeps the defaults. `createHttpClient`'s `extend()` and
 * each call's `retry` use this rule.
 * @throws {InputValidationError} when either is not a valid `retry` option
 * @example
 * layRetryOptions({ limit: 4, statusCodes: [429, 503] }, 1) // those statuses, at most 1 retry
 * layRetryOptions({ limit: 4, baseDelay: 500 }, { baseDelay: 100 }) // { limit: 4, baseDelay: 100 }
 */
export function layRetryOptions(
  defaults: RetryOptions | number | false | undefined,
  override: RetryOptions | number | false | undefined,
): RetryOptions {
  for (const [value, name] of [
    [defaults, 'defaults'],
    [override, 'override'],
  ] as const) {
    if (value !== undefined && !isRetryOption(value))
      describeRefusal(retryRule, value, `layRetryOptions ${name}`);
  }
  const laid = asRetryObject(defaults);
  if (override === undefined) return laid;
  const top = asRetryObject(override) as Record<string, unknown>;
  for (const key of Object.keys(top)) {
    if (top[key] !== undefined) (laid as Record<string, unknown>)[key] = top[key];
  }
  return laid;
}

/** A retry policy with every default filled in. */
export interface ResolvedRetryOptions
  extends Required<Omit<RetryOptions, 'budget' | 'shouldRetry'>> {
  /** Total time budget for the waits between attempts, in ms (`Infinity` when not set). */
  budget: number;
  /** The caller's final say on each retry, if one was given (see {@link RetryOptions.shouldRetry}). */
  shouldRetry: RetryOptions['shouldRetry'];
}

/**
 * Fills every default of a `retry` option: a number is the limit, `false` a limit of 0, and
 * `undefined` the package's defaults (2 retries of {@link DEFAULT_RETRY_METHODS} on
 * {@link DEFAULT_RETRY_STATUS_CODES}, network errors and timeouts). Methods are upper-cased.
 * `defaults` supplies the clock, sleep and random source the option does not set.
 * @throws {InputValidationError} naming the knob and its rule, for an option out of range.
 */
export function resolveRetryOptions(
  options: RetryOptions | number | false | undefined,
  defaults: { now: Clock; sleep: Sleeper; random: RandomSource },
): ResolvedRetryOptions {
  if (options !== undefined && !isRetryOption(options))
    describeRefusal(retryRule, options, 'resolveRetryOptions options');
  const o: RetryOptions =
    options === false
      ? { limit: 0 }
      : typeof options === 'number'
        ? { limit: options }
        : (options ?? {});
  return {
    limit: o.limit ?? 2,
    methods: (o.methods ?? DEFAULT_RETRY_METHODS).map((m) => m.toUpperCase()),
    statusCodes: o.statusCodes ?? DEFAULT_RETRY_STATUS_CODES,
    retryServerErrors: o.retryServerErrors ?? false,
    retryNetworkErrors: o.retryNetworkErrors ?? true,
    retryTimeouts: o.retryTimeouts ?? true,
    maxRetryAfter: o.maxRetryAfter ?? 60_000,
    budget: o.budget ?? Number.POSITIVE_INFINITY,
    shouldRetry: o.shouldRetry,
    baseDelay: o.baseDelay ?? 300,
    multiplier: o.multiplier ?? 2,
    maxDelay: o.maxDelay ?? 30_000,
    jitter: o.jitter ?? 'full',
    random: o.random ?? defaults.random,
    now: o.now ?? defaults.now,
    sleep: o.sleep ?? defaults.sleep,
  };
}

/** Whether a status is worth retrying under `policy` (method and budget aside). */
export function isRetryableStatus(status: number, policy: ResolvedRetryOptions): boolean {
  if (policy.statusCodes.includes(status)) return true;
  return policy.retryServerErrors && status >= 500 && status !== 501 && status !== 505;
}

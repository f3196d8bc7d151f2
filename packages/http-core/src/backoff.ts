/** A source of time in milliseconds since the epoch; inject one to make tests deterministic. */
export type Clock = () => number;
/** A source of numbers in [0, 1); inject one to make jitter deterministic. */
export type RandomSource = () => number;

/** Options of {@link computeBackoff}: exponential growth, a cap and jitter. */
export interface BackoffOptions {
  /** Delay before the first retry, in ms. @default 300 */
  baseDelay?: number;
  /** Growth factor between retries. @default 2 */
  multiplier?: number;
  /** Cap on any single delay, in ms. @default 30_000 */
  maxDelay?: number;
  /** `full`: a uniform draw in [0, delay] (AWS "full jitter"); `none`: the exact delay. @default 'full' */
  jitter?: 'full' | 'none';
  /** Source of the jitter draw; inject a seeded one for repeatable delays. @default Math.random */
  random?: RandomSource;
}

/**
 * The delay before retry number `retry` (0 for the first retry): `baseDelay * multiplier^retry`,
 * capped at `maxDelay`, then jittered.
 */
export function computeBackoff(retry: number, options: BackoffOptions = {}): number {
  const base = options.baseDelay ?? 300;
  const multiplier = options.multiplier ?? 2;
  const cap = options.maxDelay ?? 30_000;
  const exact = Math.min(cap, base * multiplier ** Math.max(0, retry));
  if ((options.jitter ?? 'full') === 'none') return exact;
  return Math.floor((options.random ?? Math.random)() * exact);
}

/**
 * Parses a `Retry-After` header (delta seconds or an HTTP-date) into milliseconds from `now`.
 * Returns `undefined` when the header is absent or unreadable; a date in the past gives 0.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (header == null) return undefined;
  const value = header.trim();
  if (value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** A sleep that can be replaced in tests. */
export type Sleeper = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as `signal` aborts.
 * The timer never keeps the process alive on its own once aborted.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

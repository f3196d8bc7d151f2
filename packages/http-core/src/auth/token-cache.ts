import { sleep as abortableSleep, computeBackoff } from '../backoff.js';
import { isAuthenticationError } from '../errors.js';
import { base64UrlToText } from '../internal/base64.js';
import { checkAuthOptions } from './auth-options.js';
import type { AuthContext } from './auth-provider.js';

/** A credential and the times that govern its reuse (ms since the epoch). */
export interface CachedToken {
  value: string;
  /** When the server stops accepting it. */
  expiresAt: number;
  /** When it was issued. @default the time it was received */
  issuedAt?: number;
}

/** How a token request that failed with a network error, a 408, 429 or 5xx is asked again. */
export interface TokenRetryOptions {
  /** Retries after the first request. @default 4 */
  limit?: number;
  /** Delay before the first retry, doubled each time, in ms (full jitter). @default 500 */
  baseDelay?: number;
  /** Cap on one delay, in ms. @default 10_000 */
  maxDelay?: number;
  /** Longest `Retry-After` honoured, in ms; a longer one ends the retries. @default 60_000 */
  maxRetryAfter?: number;
}

/** Options of {@link createTokenCache}: how a credential is fetched, reused and refreshed. */
export interface TokenCacheOptions {
  /** Obtains a fresh credential. Called once at a time, however many requests wait. */
  fetchToken: (context: AuthContext) => Promise<CachedToken>;
  /** Fraction of the lifetime after which a refresh is due. @default 0.8 */
  refreshAt?: number;
  /**
   * A token this close to expiry is not used at all, in ms; never more than a tenth of the
   * token's lifetime, so a short-lived token is still reused. @default 10_000
   */
  expiryMargin?: number;
  /** Name for the `auth-refresh` log event. */
  provider: string;
  /** Retries of a failed token request, inside the single flight. */
  retry?: TokenRetryOptions;
  /**
   * Per token request, in ms (its `context.signal` aborts then). @default the client's response
   * timeout (150 s unless set)
   */
  timeout?: number;
}

/**
 * One provider's cached credential, made by {@link createTokenCache}: what auth providers call
 * before each request and after a 401.
 */
export interface TokenCache {
  /** A valid credential: cached while fresh, refreshed (single flight) when due or expired. */
  get(context: AuthContext): Promise<string>;
  /** Forgets the cached credential (after a 401) and fetches a new one. */
  refresh(context: AuthContext): Promise<string>;
  /** The credentials cached now, for redaction. */
  current(): string | undefined;
}

const DEFAULT_TOKEN_TIMEOUT_MS = 150_000;

/** Waits for `promise`, or rejects as soon as `signal` aborts (the promise goes on for others). */
function until<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Caches one credential for a provider. A refresh is due at `refreshAt` of the lifetime; while it
 * runs every caller waits on the same promise, so a burst of requests sends one token request.
 * A token request that fails with a network error, a 408, 429 or 5xx (a retryable
 * `AuthenticationError`) is asked again with jittered backoff, honouring `Retry-After`, inside
 * that single flight: the waiting callers fail only when the retries are spent. Each caller
 * stops waiting when its own signal aborts; the flight goes on for the others.
 * @throws {InputValidationError} when an option breaks its rule
 */
export function createTokenCache(options: TokenCacheOptions): TokenCache {
  checkAuthOptions('createTokenCache', options);
  const refreshAt = options.refreshAt ?? 0.8;
  const margin = options.expiryMargin ?? 10_000;
  const retry = options.retry ?? {};
  const limit = retry.limit ?? 4;
  let token: (CachedToken & { refreshDue: number; usableUntil: number }) | undefined;
  let inFlight: Promise<string> | undefined;

  /** One token request, asked again while it fails in a way worth retrying. */
  async function fetchWithRetries(context: AuthContext): Promise<CachedToken> {
    const wait = context.sleep ?? abortableSleep;
    const timeout = options.timeout ?? context.timeout ?? DEFAULT_TOKEN_TIMEOUT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        // The flight is shared: its signal is its own timeout, not one caller's signal.
        const signal = timeout === false ? undefined : AbortSignal.timeout(timeout);
        return await options.fetchToken({ ...context, signal });
      } catch (error) {
        if (!isAuthenticationError(error) || !error.isRetryable || attempt >= limit) throw error;
        const delay =
          error.retryAfterMs ??
          computeBackoff(attempt, {
            baseDelay: retry.baseDelay ?? 500,
            maxDelay: retry.maxDelay ?? 10_000,
            random: context.random ?? Math.random,
          });
        if (delay > (retry.maxRetryAfter ?? 60_000)) throw error;
        await wait(delay);
      }
    }
  }

  const load = (context: AuthContext, reason: 'initial' | 'expiry' | 'unauthorized') => {
    inFlight ??= (async () => {
      try {
        context.logger?.({ type: 'auth-refresh', provider: options.provider, reason });
        const received = context.now();
        const fresh = await fetchWithRetries(context);
        const issuedAt = fresh.issuedAt ?? received;
        const lifetime = Math.max(0, fresh.expiresAt - issuedAt);
        token = {
          ...fresh,
          issuedAt,
          refreshDue: issuedAt + lifetime * refreshAt,
          usableUntil: fresh.expiresAt - Math.min(margin, lifetime / 10),
        };
        return fresh.value;
      } finally {
        inFlight = undefined;
      }
    })();
    return until(inFlight, context.signal);
  };

  return {
    async get(context) {
      const now = context.now();
      if (token && now < token.usableUntil) {
        if (now >= token.refreshDue && !inFlight) {
          // Refresh in the background ahead of expiry; the current token is still good. A failed
          // background refresh is retried by the next call (the token stays until it expires).
          load(context, 'expiry').catch(() => {});
        }
        return token.value;
      }
      return load(context, token ? 'expiry' : 'initial');
    },
    refresh(context) {
      token = undefined;
      return load(context, 'unauthorized');
    },
    current: () => token?.value,
  };
}

/** Reads `exp` and `iat` (seconds) from a JWT's payload, without checking its signature. */
export function readJwtTimes(jwt: string): { expiresAt?: number; issuedAt?: number } {
  const payload = jwt.split('.')[1];
  if (!payload) return {};
  try {
    const claims = JSON.parse(base64UrlToText(payload)) as {
      exp?: unknown;
      iat?: unknown;
    };
    return {
      ...(typeof claims.exp === 'number' ? { expiresAt: claims.exp * 1000 } : {}),
      ...(typeof claims.iat === 'number' ? { issuedAt: claims.iat * 1000 } : {}),
    };
  } catch {
    return {};
  }
}

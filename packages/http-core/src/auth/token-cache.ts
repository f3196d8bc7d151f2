import type { AuthContext } from './auth-provider.js';

/** A credential and the times that govern its reuse (ms since the epoch). */
export interface CachedToken {
  value: string;
  /** When the server stops accepting it. */
  expiresAt: number;
  /** When it was issued. @default the time it was received */
  issuedAt?: number;
}

export interface TokenCacheOptions {
  /** Obtains a fresh credential. Called once at a time, however many requests wait. */
  fetchToken: (context: AuthContext) => Promise<CachedToken>;
  /** Fraction of the lifetime after which a refresh is due. @default 0.8 */
  refreshAt?: number;
  /** A token this close to expiry is not used at all, in ms. @default 10_000 */
  expiryMargin?: number;
  /** Name for the `auth-refresh` log event. */
  provider: string;
}

export interface TokenCache {
  /** A valid credential: cached while fresh, refreshed (single flight) when due or expired. */
  get(context: AuthContext): Promise<string>;
  /** Forgets the cached credential (after a 401) and fetches a new one. */
  refresh(context: AuthContext): Promise<string>;
  /** The credentials cached now, for redaction. */
  current(): string | undefined;
}

/**
 * Caches one credential for a provider. A refresh is due at `refreshAt` of the lifetime; while it
 * runs every caller waits on the same promise, so a burst of requests sends one token request.
 */
export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const refreshAt = options.refreshAt ?? 0.8;
  const margin = options.expiryMargin ?? 10_000;
  let token: (CachedToken & { refreshDue: number }) | undefined;
  let inFlight: Promise<string> | undefined;

  const load = (context: AuthContext, reason: 'initial' | 'expiry' | 'unauthorized') => {
    inFlight ??= (async () => {
      try {
        context.logger?.({ type: 'auth-refresh', provider: options.provider, reason });
        const received = context.now();
        const fresh = await options.fetchToken(context);
        const issuedAt = fresh.issuedAt ?? received;
        const lifetime = Math.max(0, fresh.expiresAt - issuedAt);
        token = { ...fresh, issuedAt, refreshDue: issuedAt + lifetime * refreshAt };
        return fresh.value;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  return {
    async get(context) {
      const now = context.now();
      if (token && now < token.expiresAt - margin) {
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
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
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

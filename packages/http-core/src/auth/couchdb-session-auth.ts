import { AuthenticationError } from '../errors.js';
import type { AuthProvider } from './auth-provider.js';
import { createTokenCache } from './token-cache.js';

export interface CouchDbSessionAuthOptions {
  username: string;
  password: string;
  /** Server URL; defaults to the client's `baseUrl`. */
  url?: string;
  /**
   * Lifetime assumed when the cookie carries neither `Max-Age` nor `Expires`, in ms. CouchDB's
   * default session timeout is 600 s. @default 600_000
   */
  defaultLifetimeMs?: number;
}

/** Reads the AuthSession value and its expiry from `Set-Cookie` headers. */
function readSessionCookie(
  setCookies: readonly string[],
  now: number,
): { value: string; expiresAt: number | undefined } | undefined {
  for (const header of setCookies) {
    const [pair, ...attributes] = header.split(';').map((part) => part.trim());
    if (!pair?.startsWith('AuthSession=')) continue;
    let expiresAt: number | undefined;
    for (const attribute of attributes) {
      const [name = '', raw = ''] = attribute.split('=');
      if (name.toLowerCase() === 'max-age' && /^\d+$/.test(raw))
        expiresAt = now + Number(raw) * 1000;
      if (name.toLowerCase() === 'expires' && expiresAt === undefined) {
        const date = Date.parse(attribute.slice(attribute.indexOf('=') + 1));
        if (!Number.isNaN(date)) expiresAt = date;
      }
    }
    return { value: pair, expiresAt };
  }
  return undefined;
}

/**
 * CouchDB cookie authentication: POST `/_session` with `name` and `password`, reuse the
 * `AuthSession` cookie, renew it at 80% of its lifetime or once after a 401, one renewal in flight.
 */
export function couchDbSessionAuth(options: CouchDbSessionAuthOptions): AuthProvider {
  const lifetime = options.defaultLifetimeMs ?? 600_000;
  const cache = createTokenCache({
    provider: 'couchdb-session',
    expiryMargin: 0,
    fetchToken: async (context) => {
      const base = (options.url ?? context.baseUrl ?? '').replace(/\/+$/, '');
      let response: Response;
      try {
        response = await context.fetch(`${base}/_session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ name: options.username, password: options.password }),
          ...(context.signal ? { signal: context.signal } : {}),
        });
      } catch (cause) {
        throw new AuthenticationError({
          provider: 'couchdb-session',
          message: 'the session endpoint could not be reached',
          cause,
        });
      }
      await response.body?.cancel().catch(() => {});
      const now = context.now();
      const cookie = response.ok
        ? readSessionCookie(response.headers.getSetCookie(), now)
        : undefined;
      if (!cookie) {
        throw new AuthenticationError({
          provider: 'couchdb-session',
          message: response.ok
            ? 'the server set no AuthSession cookie'
            : `the server answered ${response.status} ${response.statusText}`,
          status: response.status,
        });
      }
      return { value: cookie.value, issuedAt: now, expiresAt: cookie.expiresAt ?? now + lifetime };
    },
  });
  return {
    type: 'couchdb-session',
    async authenticate({ headers }, context) {
      headers.set('cookie', await cache.get(context));
    },
    async refresh(context) {
      await cache.refresh(context);
      return true;
    },
    secrets: () => {
      const cookie = cache.current();
      return [options.password, ...(cookie ? [cookie, cookie.slice('AuthSession='.length)] : [])];
    },
  };
}

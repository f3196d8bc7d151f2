import { AuthenticationError } from '../errors.js';
import { checkAuthOptions } from './auth-options.js';
import type { AuthProvider } from './auth-provider.js';
import { createTokenCache } from './token-cache.js';
import { refused, unreachable } from './token-response.js';

/** `${base}/_session` without the credentials a base URL may carry (fetch refuses those). */
function sessionUrl(base: string | undefined): string | undefined {
  if (!base) return undefined;
  try {
    const url = new URL(`${base.replace(/\/+$/, '')}/_session`);
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return undefined; // its text is not quoted: it may hold a password
  }
}

/** Options of {@link couchDbSessionAuth}: the CouchDB user and where its `/_session` is. */
export interface CouchDbSessionAuthOptions {
  /** CouchDB user name, sent as `name` to `POST /_session`. */
  username: string;
  /** The user's password; redacted from every error and log event. */
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
 * `AuthSession` cookie, renew it at 80% of its lifetime or once after a 401, one renewal in flight
 * (retried with backoff when the server cannot be reached or answers 429 or 5xx). Credentials in
 * the server URL (`http://user:pass@host`) are dropped from the session request.
 * @throws {InputValidationError} when an option breaks its rule
 */
export function couchDbSessionAuth(options: CouchDbSessionAuthOptions): AuthProvider {
  checkAuthOptions('couchDbSessionAuth', options);
  const lifetime = options.defaultLifetimeMs ?? 600_000;
  const provider = 'couchdb-session';
  const cache = createTokenCache({
    provider,
    expiryMargin: 0,
    fetchToken: async (context) => {
      const target = sessionUrl(options.url ?? context.baseUrl);
      if (!target) {
        throw new AuthenticationError({
          provider,
          message: 'no server URL: give couchDbSessionAuth a url, or the client a baseUrl',
        });
      }
      let response: Response;
      try {
        response = await context.fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ name: options.username, password: options.password }),
          ...(context.signal ? { signal: context.signal } : {}),
        });
      } catch (cause) {
        throw unreachable(provider, 'the session endpoint', cause);
      }
      await response.body?.cancel().catch(() => {});
      const now = context.now();
      if (!response.ok) {
        throw refused(
          provider,
          `the server answered ${response.status} ${response.statusText}`,
          response,
          now,
        );
      }
      const cookie = readSessionCookie(response.headers.getSetCookie(), now);
      if (!cookie) {
        throw new AuthenticationError({
          provider,
          message: 'the server set no AuthSession cookie',
          status: response.status,
        });
      }
      return { value: cookie.value, issuedAt: now, expiresAt: cookie.expiresAt ?? now + lifetime };
    },
  });
  return {
    type: provider,
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

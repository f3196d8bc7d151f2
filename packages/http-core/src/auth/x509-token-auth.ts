import { AuthenticationError } from '../errors.js';
import type { TlsOptions } from '../http-client-options.js';
import { createTlsFetch } from '../internal/tls-fetch.js';
import type { AuthProvider } from './auth-provider.js';
import { createTokenCache } from './token-cache.js';

export interface X509TokenAuthOptions {
  /** Host of the service whose token is wanted, e.g. `msg.argo.grnet.gr` (no port). */
  host: string;
  /** Port of the authentication service. @default 8443 */
  authnPort?: number;
  /** Full URL of the x509 login, when it is not the ARGO default built from host and port. */
  authnUrl?: string;
  /** The client certificate and key (PEM), and the CA and checks for the authentication server. */
  tls: TlsOptions & { cert: string | Buffer; key: string | Buffer };
  /** Header that carries the token. @default 'x-api-key' */
  header?: string;
  /** Service type in the ARGO authentication path. @default 'ams' */
  serviceType?: string;
}

/**
 * Logs in with a client certificate as the ARGO authentication service expects
 * (`GET https://{host}:8443/v1/service-types/ams/hosts/{host}:authx509` → `{"token"}`), caches the
 * token, and logs in again once after a 401.
 */
export function x509TokenAuth(options: X509TokenAuthOptions): AuthProvider {
  const url =
    options.authnUrl ??
    `https://${options.host}:${options.authnPort ?? 8443}/v1/service-types/${options.serviceType ?? 'ams'}/hosts/${options.host}:authx509`;
  const tlsFetch = createTlsFetch(options.tls);
  const header = options.header ?? 'x-api-key';
  const cache = createTokenCache({
    provider: 'x509',
    fetchToken: async (context) => {
      let response: Response;
      try {
        response = await tlsFetch(url, {
          headers: { accept: 'application/json' },
          ...(context.signal ? { signal: context.signal } : {}),
        });
      } catch (cause) {
        throw new AuthenticationError({
          provider: 'x509',
          message: 'the authentication service could not be reached',
          cause,
        });
      }
      const body = (await response.json().catch(() => ({}))) as { token?: unknown };
      if (!response.ok || typeof body.token !== 'string' || body.token === '') {
        throw new AuthenticationError({
          provider: 'x509',
          message: `the authentication service answered ${response.status} without a token`,
          status: response.status,
        });
      }
      const now = context.now();
      // ARGO tokens do not expire on a schedule; keep one until a 401 says otherwise.
      return { value: body.token, issuedAt: now, expiresAt: Number.MAX_SAFE_INTEGER };
    },
  });
  return {
    type: 'x509',
    async authenticate({ headers }, context) {
      headers.set(header, await cache.get(context));
    },
    async refresh(context) {
      await cache.refresh(context);
      return true;
    },
    secrets: () => {
      const token = cache.current();
      return token ? [token] : [];
    },
  };
}

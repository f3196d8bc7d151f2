import { AuthenticationError } from '../errors.js';
import type { TlsOptions } from '../http-client-options.js';
import { isHeaderValue } from '../internal/checks.js';
import { parseJsonText } from '../internal/json-text.js';
import { createNodeFetch } from '../internal/node-transport.js';
import { checkAuthOptions } from './auth-options.js';
import type { AuthProvider } from './auth-provider.js';
import { createTokenCache } from './token-cache.js';
import { refused, unreachable } from './token-response.js';

/** Options of {@link x509TokenAuth}: the client certificate and the ARGO login to present it to. */
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
  checkAuthOptions('x509TokenAuth', options);
  const url =
    options.authnUrl ??
    `https://${options.host}:${options.authnPort ?? 8443}/v1/service-types/${options.serviceType ?? 'ams'}/hosts/${options.host}:authx509`;
  // The login presents the client certificate over the node transport (node:https).
  const tlsFetch = createNodeFetch(options.tls);
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
        throw unreachable('x509', 'the authentication service', cause);
      }
      let text: string;
      try {
        text = await response.text();
      } catch (cause) {
        throw unreachable('x509', 'the authentication service', cause);
      }
      const now = context.now();
      const message = `the authentication service answered ${response.status} without a token`;
      if (!response.ok) throw refused('x509', message, response, now);
      const parsed = parseJsonText(text);
      const token = parsed.ok ? (parsed.value as { token?: unknown } | null)?.token : undefined;
      if (!isHeaderValue(token) || token === '') {
        throw new AuthenticationError({ provider: 'x509', message, status: response.status });
      }
      // ARGO tokens do not expire on a schedule; keep one until a 401 says otherwise.
      return { value: token as string, issuedAt: now, expiresAt: Number.MAX_SAFE_INTEGER };
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

import type { AuthProvider } from './auth-provider.js';

/** Sends no credentials. */
export function noAuth(): AuthProvider {
  return { type: 'noauth', authenticate() {} };
}

/** HTTP Basic authentication (`Authorization: Basic base64(username:password)`). */
export function basicAuth(options: { username: string; password: string }): AuthProvider {
  const value = `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`;
  return {
    type: 'basic',
    authenticate({ headers }) {
      headers.set('authorization', value);
    },
    secrets: () => [options.password, value.slice(6)],
  };
}

/** A static bearer token (`Authorization: Bearer <token>`); never refreshed. */
export function bearerTokenAuth(options: { token: string }): AuthProvider {
  return {
    type: 'bearertoken',
    authenticate({ headers }) {
      headers.set('authorization', `Bearer ${options.token}`);
    },
    secrets: () => [options.token],
  };
}

export interface ApiKeyAuthOptions {
  key: string;
  /** Where the key goes. @default 'header' */
  in?: 'header' | 'query';
  /** Header or query parameter name. @default 'x-api-key' for a header, 'key' for a query */
  name?: string;
  /** Text before the key in a header, such as `Bearer `. @default '' */
  prefix?: string;
}

/** An API key in a header (`x-api-key` by default) or a query parameter. */
export function apiKeyAuth(options: ApiKeyAuthOptions): AuthProvider {
  const where = options.in ?? 'header';
  const name = options.name ?? (where === 'header' ? 'x-api-key' : 'key');
  const value = `${options.prefix ?? ''}${options.key}`;
  return {
    type: 'apikey',
    authenticate({ headers, url }) {
      if (where === 'header') headers.set(name, value);
      else url.searchParams.set(name, options.key);
    },
    secrets: () => [options.key],
  };
}

import { InputValidationError } from '../errors.js';
import { base64Utf8 } from '../internal/base64.js';
import { isHeaderName, isHeaderValue } from '../internal/checks.js';
import { checkAuthOptions } from './auth-options.js';
import type { AuthProvider } from './auth-provider.js';

/** Sends no credentials. */
export function noAuth(): AuthProvider {
  return { type: 'noauth', authenticate() {} };
}

/**
 * HTTP Basic authentication (`Authorization: Basic base64(username:password)`).
 * @throws {InputValidationError} when the username holds a `:` or an option is not a string
 */
export function basicAuth(options: { username: string; password: string }): AuthProvider {
  checkAuthOptions('basicAuth', options);
  const { username, password } = options;
  const encoded = base64Utf8(`${username}:${password}`);
  const value = `Basic ${encoded}`;
  return {
    type: 'basic',
    authenticate({ headers }) {
      headers.set('authorization', value);
    },
    secrets: () => [password, encoded, `${username}:${password}`],
  };
}

/**
 * A static bearer token (`Authorization: Bearer <token>`); never refreshed.
 * @throws {InputValidationError} when the token is empty or cannot go in a header
 */
export function bearerTokenAuth(options: { token: string }): AuthProvider {
  checkAuthOptions('bearerTokenAuth', options);
  const { token } = options;
  return {
    type: 'bearertoken',
    authenticate({ headers }) {
      headers.set('authorization', `Bearer ${token}`);
    },
    secrets: () => [token],
  };
}

/** Options of {@link apiKeyAuth}: the key and where it is sent. */
export interface ApiKeyAuthOptions {
  /** The API key (non-empty); redacted from every error, URL and log event. */
  key: string;
  /** Where the key goes. @default 'header' */
  in?: 'header' | 'query';
  /** Header or query parameter name. @default 'x-api-key' for a header, 'key' for a query */
  name?: string;
  /** Text before the key in a header, such as `Bearer `. @default '' */
  prefix?: string;
}

/**
 * An API key in a header (`x-api-key` by default) or a query parameter of any name. Its value is
 * redacted from every error, URL and log event of the client's calls.
 * @throws {InputValidationError} when the key is empty, or cannot go in the header it names
 */
export function apiKeyAuth(options: ApiKeyAuthOptions): AuthProvider {
  checkAuthOptions('apiKeyAuth', options);
  const where = options.in ?? 'header';
  const name = options.name ?? (where === 'header' ? 'x-api-key' : 'key');
  const { key } = options;
  const value = `${options.prefix ?? ''}${key}`;
  if (where === 'header' && (!isHeaderName(name) || !isHeaderValue(value))) {
    throw new InputValidationError({
      subject: 'apiKeyAuth options',
      issues: [
        {
          path: isHeaderName(name) ? 'key' : 'name',
          message: isHeaderName(name)
            ? 'must not hold CR, LF or NUL (it is sent in a header)'
            : 'must be a header name',
        },
      ],
    });
  }
  return {
    type: 'apikey',
    authenticate({ headers, url }) {
      if (where === 'header') headers.set(name, value);
      else url.searchParams.set(name, key);
    },
    secrets: () => [key],
  };
}

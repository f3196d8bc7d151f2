import { base64Utf8 } from '../internal/base64.js';
import { checkAuthOptions } from './auth-options.js';
import type { AuthProvider } from './auth-provider.js';
import { createTokenCache } from './token-cache.js';
import { requestIamToken } from './token-response.js';

/** IBM Cloud IAM's public endpoint, used by {@link iamAuth} when no `url` is given. */
export const DEFAULT_IAM_URL = 'https://iam.cloud.ibm.com';

/** Options of {@link iamAuth}: the API key and how to reach IAM. */
export interface IamAuthOptions {
  /** IBM Cloud API key exchanged for a bearer token; redacted from every error and log event. */
  apikey: string;
  /** IAM base URL; `/identity/token` is appended unless the URL already ends with it. @default https://iam.cloud.ibm.com */
  url?: string;
  /** Client id sent with `clientSecret` as Basic authentication to IAM (only when both are set). */
  clientId?: string;
  /** Client secret sent with `clientId` as Basic authentication to IAM (only when both are set). */
  clientSecret?: string;
  /** Space-separated scopes asked for, sent as IAM's `scope` form field. */
  scope?: string;
}

/** Appends IAM's token path to a base URL unless it is there already. */
export function iamTokenUrl(base: string | undefined): string {
  const url = (base ?? DEFAULT_IAM_URL).replace(/\/+$/, '');
  return url.endsWith('/identity/token') ? url : `${url}/identity/token`;
}

/**
 * IBM Cloud IAM API key authentication: exchanges the key for a bearer token, caches it, refreshes
 * it at 80% of its lifetime (one request in flight however many callers wait, retried with backoff
 * when IAM cannot be reached or answers 429 or 5xx), and once more after a 401.
 * @throws {InputValidationError} when an option breaks its rule (an empty key, a URL with credentials)
 */
export function iamAuth(options: IamAuthOptions): AuthProvider {
  checkAuthOptions('iamAuth', options);
  const tokenUrl = iamTokenUrl(options.url);
  const pair =
    options.clientId && options.clientSecret
      ? base64Utf8(`${options.clientId}:${options.clientSecret}`)
      : undefined;
  const basic = pair && `Basic ${pair}`;
  const cache = createTokenCache({
    provider: 'iam',
    fetchToken: (context) =>
      requestIamToken({
        provider: 'iam',
        url: tokenUrl,
        form: {
          grant_type: 'urn:ibm:params:oauth:grant-type:apikey',
          apikey: options.apikey,
          response_type: 'cloud_iam',
          ...(options.scope ? { scope: options.scope } : {}),
        },
        ...(basic ? { headers: { authorization: basic } } : {}),
        fetch: context.fetch,
        signal: context.signal,
        now: context.now,
      }),
  });
  return {
    type: 'iam',
    async authenticate({ headers }, context) {
      headers.set('authorization', `Bearer ${await cache.get(context)}`);
    },
    async refresh(context) {
      await cache.refresh(context);
      return true;
    },
    secrets: () =>
      [options.apikey, options.clientSecret, pair, cache.current()].filter((s): s is string => !!s),
  };
}

import * as v from 'valibot';
import {
  type Check,
  isBool,
  isFn,
  isHeaderValue,
  isHttpUrl,
  isMs,
  isString,
  isToken,
} from '../internal/checks.js';
import { describeRefusal, optionsObject, rule } from '../options-schema.js';

// What each auth provider factory accepts, checked when it is called. Messages never quote a
// value: most of these are secrets.

const isText: Check = (x) => isString(x) && x !== '';
const isHeaderText: Check = (x) => isText(x) && isHeaderValue(x);
const isUrlWithoutCredentials: Check = (x) => {
  if (!isHttpUrl(x)) return false;
  const url = new URL(x as string);
  return url.username === '' && url.password === '';
};
const isPem: Check = (x) => (isString(x) && x !== '') || (x instanceof Uint8Array && x.length > 0);

const TEXT = 'must be a non-empty string';
const HEADER_TEXT = 'must be a non-empty string without CR, LF or NUL (it is sent in a header)';
const URL_RULE =
  'must be an absolute http:// or https:// URL without credentials (give them to the provider)';
const required = (check: Check, message: string) => v.custom<unknown>(check, message);

type AuthFactory =
  | 'basicAuth'
  | 'bearerTokenAuth'
  | 'apiKeyAuth'
  | 'iamAuth'
  | 'couchDbSessionAuth'
  | 'containerAuth'
  | 'vpcAuth'
  | 'x509TokenAuth'
  | 'createTokenCache';

// Built on first use: top-level schemas would stay in every bundle that imports this package,
// whether or not it uses an auth provider.
function buildSchemas(): Record<AuthFactory, v.GenericSchema> {
  const urlRule = rule(isUrlWithoutCredentials, URL_RULE);
  const profile = {
    profileId: rule(isText, TEXT),
    profileName: rule(isText, TEXT),
    profileCrn: rule(isText, TEXT),
    accountId: rule(isText, TEXT),
  };
  const tokenRetry = v.optional(
    optionsObject(
      {
        limit: rule(
          (x) => Number.isInteger(x) && (x as number) >= 0,
          'must be a whole number, 0 or more',
        ),
        baseDelay: rule(isMs, 'must be a number of milliseconds'),
        maxDelay: rule(isMs, 'must be a number of milliseconds'),
        maxRetryAfter: rule(isMs, 'must be a number of milliseconds'),
      },
      'must be an object with only limit, baseDelay, maxDelay and maxRetryAfter',
    ),
  );
  const positiveMs = rule(
    (x) => isMs(x) && (x as number) > 0,
    'must be a number of milliseconds, more than 0',
  );

  return {
    basicAuth: optionsObject(
      {
        username: required(
          (x) => isString(x) && !(x as string).includes(':'),
          'must be a string without ":" (Basic authentication cannot carry one)',
        ),
        password: required(isString, 'must be a string'),
      },
      'must be an object with username and password',
    ),
    bearerTokenAuth: optionsObject(
      { token: required(isHeaderText, HEADER_TEXT) },
      'must be an object with token',
    ),
    apiKeyAuth: optionsObject(
      {
        key: required(isText, TEXT),
        in: rule((x) => x === 'header' || x === 'query', 'must be "header" or "query"'),
        name: rule(isText, TEXT),
        prefix: rule(isString, 'must be a string'),
      },
      'must be an object with key, and optionally in, name and prefix',
    ),
    iamAuth: optionsObject(
      {
        apikey: required(isText, TEXT),
        url: urlRule,
        clientId: rule(isText, TEXT),
        clientSecret: rule(isText, TEXT),
        scope: rule(isText, TEXT),
      },
      'must be an object with apikey, and optionally url, clientId, clientSecret and scope',
    ),
    couchDbSessionAuth: optionsObject(
      {
        username: required(isString, 'must be a string'),
        password: required(isString, 'must be a string'),
        url: urlRule,
        defaultLifetimeMs: positiveMs,
      },
      'must be an object with username and password, and optionally url and defaultLifetimeMs',
    ),
    containerAuth: v.pipe(
      optionsObject(
        { ...profile, crTokenFilename: rule(isText, TEXT), url: urlRule },
        'must be an object with profileId, profileName or profileCrn (and crTokenFilename, url)',
      ),
      v.check((o) => {
        const given = o as Record<string, unknown>;
        return !!(given.profileId || given.profileName || given.profileCrn);
      }, 'needs a profileId, profileName or profileCrn'),
    ),
    vpcAuth: optionsObject(
      {
        profileId: profile.profileId,
        profileCrn: profile.profileCrn,
        metadataUrl: urlRule,
        version: rule(
          (x) => isString(x) && /^\d{4}-\d{2}-\d{2}$/.test(x as string),
          'must be a date such as 2022-03-01',
        ),
      },
      'must be an object with only profileId, profileCrn, metadataUrl and version',
    ),
    x509TokenAuth: optionsObject(
      {
        host: required(
          (x) => isString(x) && /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])$/.test(x as string),
          'must be a host name or address, without port or path',
        ),
        authnPort: rule(
          (x) => Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 65_535,
          'must be a port (a whole number from 1 to 65535)',
        ),
        authnUrl: rule(
          (x) => isUrlWithoutCredentials(x) && (x as string).startsWith('https:'),
          'must be an https:// URL without credentials',
        ),
        tls: optionsObject(
          {
            cert: required(isPem, 'must be PEM text or bytes'),
            key: required(isPem, 'must be PEM text or bytes'),
            ca: rule(
              (x) => isPem(x) || (Array.isArray(x) && x.every(isPem)),
              'must be PEM text or bytes, or an array of them',
            ),
            rejectUnauthorized: rule(isBool, 'must be true or false'),
          },
          'must be an object with cert and key, and optionally ca and rejectUnauthorized',
        ),
        header: rule(isToken, 'must be a header name'),
        serviceType: rule(isText, TEXT),
      },
      'must be an object with host and tls, and optionally authnPort, authnUrl, header and serviceType',
    ),
    createTokenCache: optionsObject(
      {
        fetchToken: required(isFn, 'must be a function'),
        refreshAt: rule(
          (x) => typeof x === 'number' && x > 0 && x <= 1,
          'must be a fraction of the lifetime, more than 0 and at most 1',
        ),
        expiryMargin: rule(isMs, 'must be a number of milliseconds'),
        provider: required(isText, TEXT),
        retry: tokenRetry,
        timeout: positiveMs,
      },
      'must be an object with fetchToken and provider, and optionally refreshAt, expiryMargin, retry and timeout',
    ),
  };
}

let schemas: Record<AuthFactory, v.GenericSchema> | undefined;

/**
 * Checks the options of an auth provider factory when it is called.
 * @throws {InputValidationError} naming the factory, the field and the rule
 */
export function checkAuthOptions(factory: AuthFactory, options: unknown): void {
  schemas ??= buildSchemas();
  describeRefusal(schemas[factory], options, `${factory} options`);
}

import { describe, expect, it } from 'vitest';
import {
  apiKeyAuth,
  basicAuth,
  bearerTokenAuth,
  containerAuth,
  couchDbSessionAuth,
  createTokenCache,
  InputValidationError,
  iamAuth,
  vpcAuth,
  x509TokenAuth,
} from '../index.js';
import { visibleText } from '../testing/index.js';

const SECRET = 'hunter2-s3cret';
const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const fetchToken = async () => ({ value: 't', expiresAt: 0 });

// biome-ignore lint/suspicious/noExplicitAny: the table feeds hostile values to typed factories
type Factory = (options: any) => unknown;
const refused: [string, Factory, unknown, string][] = [
  ['basicAuth without options', basicAuth, undefined, ''],
  [
    'basicAuth with a number password',
    basicAuth,
    { username: 'u', password: 12345678 },
    'password',
  ],
  [
    'basicAuth with a colon in the username',
    basicAuth,
    { username: 'a:b', password: SECRET },
    'username',
  ],
  ['bearerTokenAuth with an empty token', bearerTokenAuth, { token: '' }, 'token'],
  ['bearerTokenAuth with CR LF in the token', bearerTokenAuth, { token: `${SECRET}\r\n` }, 'token'],
  ['apiKeyAuth with no key', apiKeyAuth, { in: 'query' }, 'key'],
  ['apiKeyAuth in the body', apiKeyAuth, { key: SECRET, in: 'body' }, 'in'],
  [
    'apiKeyAuth with a header name with a space',
    apiKeyAuth,
    { key: SECRET, name: 'x key' },
    'name',
  ],
  ['apiKeyAuth with LF in a header key', apiKeyAuth, { key: `${SECRET}\n` }, 'key'],
  ['iamAuth with an empty apikey', iamAuth, { apikey: '' }, 'apikey'],
  [
    'iamAuth with a URL holding credentials',
    iamAuth,
    { apikey: 'k', url: `https://id:${SECRET}@iam.example` },
    'url',
  ],
  ['iamAuth with a relative URL', iamAuth, { apikey: 'k', url: '/identity' }, 'url'],
  [
    'couchDbSessionAuth with a NaN lifetime',
    couchDbSessionAuth,
    { username: 'u', password: 'p', defaultLifetimeMs: Number.NaN },
    'defaultLifetimeMs',
  ],
  [
    'couchDbSessionAuth with a null password',
    couchDbSessionAuth,
    { username: 'u', password: null },
    'password',
  ],
  ['containerAuth without a profile', containerAuth, {}, ''],
  [
    'containerAuth with an empty file name',
    containerAuth,
    { profileId: 'p', crTokenFilename: '' },
    'crTokenFilename',
  ],
  ['vpcAuth with a bad version', vpcAuth, { version: 'latest' }, 'version'],
  ['vpcAuth with an unknown option', vpcAuth, { profile: 'p' }, 'profile'],
  [
    'x509TokenAuth with a port in the host',
    x509TokenAuth,
    { host: 'h:8443', tls: { cert: pem, key: pem } },
    'host',
  ],
  [
    'x509TokenAuth with port 0',
    x509TokenAuth,
    { host: 'h', authnPort: 0, tls: { cert: pem, key: pem } },
    'authnPort',
  ],
  ['x509TokenAuth without a key', x509TokenAuth, { host: 'h', tls: { cert: pem } }, 'tls.key'],
  [
    'x509TokenAuth over plain http',
    x509TokenAuth,
    { host: 'h', authnUrl: 'http://h/x', tls: { cert: pem, key: pem } },
    'authnUrl',
  ],
  ['createTokenCache without fetchToken', createTokenCache, { provider: 'p' }, 'fetchToken'],
  [
    'createTokenCache refreshing at 0',
    createTokenCache,
    { provider: 'p', fetchToken, refreshAt: 0 },
    'refreshAt',
  ],
  [
    'createTokenCache with a negative retry limit',
    createTokenCache,
    { provider: 'p', fetchToken, retry: { limit: -1 } },
    'retry.limit',
  ],
];

describe('auth provider factories', () => {
  it.each(refused)('refuse %s when called, naming the field', (_name, factory, options, path) => {
    let error: unknown;
    try {
      factory(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputValidationError);
    const refusal = error as InputValidationError;
    expect(refusal.subject).toBe(`${factory.name} options`);
    expect(refusal.issues.map((i) => i.path)).toContain(path);
    expect(visibleText(refusal)).not.toContain(SECRET);
  });

  it('accept what they document', () => {
    expect(() => basicAuth({ username: 'admin', password: '' })).not.toThrow();
    expect(() => apiKeyAuth({ key: 'k', in: 'query', name: 'api key' })).not.toThrow();
    expect(() => apiKeyAuth({ key: 'k', prefix: 'Token ' })).not.toThrow();
    expect(() => iamAuth({ apikey: 'k', url: 'https://iam.test.cloud.ibm.com' })).not.toThrow();
    expect(() => containerAuth({ profileName: 'p', accountId: 'a' })).not.toThrow();
    expect(() => vpcAuth()).not.toThrow();
    expect(() =>
      x509TokenAuth({
        host: '127.0.0.1',
        authnPort: 8443,
        tls: { cert: pem, key: pem, ca: [pem] },
      }),
    ).not.toThrow();
    expect(() =>
      createTokenCache({ provider: 'p', fetchToken, retry: { limit: 0 } }),
    ).not.toThrow();
  });
});

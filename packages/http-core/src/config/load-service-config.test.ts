import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isConfigError, loadServiceConfig, parseDotenv } from '../index.js';

function configError(fn: () => unknown): Error & { problems: { path: string; message: string }[] } {
  try {
    fn();
  } catch (error) {
    if (isConfigError(error)) return error as never;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadServiceConfig', () => {
  it('reads CLOUDANT_* variables and defaults to IAM when an API key is set', () => {
    const config = loadServiceConfig('cloudant', {
      env: { CLOUDANT_URL: 'https://acct.cloudant.com/', CLOUDANT_APIKEY: 'key-1234' },
    });
    expect(config).toMatchObject({
      url: 'https://acct.cloudant.com',
      authType: 'IAM',
      tls: undefined,
    });
    expect(config.auth.type).toBe('iam');
  });

  it('defaults to CONTAINER without an API key, and builds every auth type', () => {
    const base = { CLOUDANT_URL: 'http://127.0.0.1:5984' };
    expect(
      loadServiceConfig('cloudant', { env: { ...base, CLOUDANT_IAM_PROFILE_ID: 'p' } }).auth.type,
    ).toBe('container');
    const types: Record<string, [Record<string, string>, string]> = {
      VPC: [{}, 'vpc'],
      COUCHDB_SESSION: [{ CLOUDANT_USERNAME: 'u', CLOUDANT_PASSWORD: 'p' }, 'couchdb-session'],
      BEARERTOKEN: [{ CLOUDANT_BEARER_TOKEN: 't' }, 'bearertoken'],
      basic: [{ CLOUDANT_USERNAME: 'u', CLOUDANT_PASSWORD: 'p' }, 'basic'],
      noAuth: [{}, 'noauth'],
    };
    for (const [authType, [extra, provider]] of Object.entries(types)) {
      const env = { ...base, ...extra, CLOUDANT_AUTH_TYPE: authType };
      expect(loadServiceConfig('cloudant', { env }).auth.type).toBe(provider);
    }
  });

  it('takes explicit options over the environment over the credentials file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'creds-'));
    writeFileSync(
      join(dir, 'ibm-credentials.env'),
      '# comment\nMY_SERVICE_URL=https://from-file.example\nMY_SERVICE_AUTH_TYPE=basic\nMY_SERVICE_USERNAME="file-user"\nMY_SERVICE_PASSWORD=file-pass\n',
    );
    const fromFile = loadServiceConfig('my-service', { env: { IBM_CREDENTIALS_FILE: dir } });
    expect(fromFile).toMatchObject({ url: 'https://from-file.example', authType: 'BASIC' });
    const fromEnv = loadServiceConfig('my-service', {
      env: { IBM_CREDENTIALS_FILE: dir, MY_SERVICE_URL: 'https://from-env.example' },
    });
    expect(fromEnv.url).toBe('https://from-env.example');
    const explicit = loadServiceConfig('my-service', {
      env: { IBM_CREDENTIALS_FILE: dir, MY_SERVICE_URL: 'https://from-env.example' },
      explicit: { url: 'https://explicit.example' },
    });
    expect(explicit.url).toBe('https://explicit.example');
  });

  it('maps DISABLE_SSL and the retry settings', () => {
    const config = loadServiceConfig('cloudant', {
      env: {
        CLOUDANT_URL: 'https://x.example',
        CLOUDANT_AUTH_TYPE: 'NOAUTH',
        CLOUDANT_DISABLE_SSL: 'true',
        CLOUDANT_ENABLE_RETRIES: 'true',
        CLOUDANT_MAX_RETRIES: '7',
        CLOUDANT_RETRY_INTERVAL: '12',
      },
    });
    expect(config.tls).toEqual({ rejectUnauthorized: false });
    expect(config.retry).toEqual({ limit: 7, maxDelay: 12_000 });
  });

  it('names every bad key and its rule in one error, and no secret', () => {
    const error = configError(() =>
      loadServiceConfig('cloudant', {
        env: {
          CLOUDANT_URL: 'ftp://nope',
          CLOUDANT_AUTH_TYPE: 'COUCHDB_SESSION',
          CLOUDANT_PASSWORD: '"quoted-secret"',
          CLOUDANT_DISABLE_SSL: 'yes',
          CLOUDANT_MAX_RETRIES: 'many',
        },
      }),
    );
    expect(error.problems.map((p) => p.path).sort()).toEqual([
      'CLOUDANT_DISABLE_SSL',
      'CLOUDANT_MAX_RETRIES',
      'CLOUDANT_PASSWORD',
      'CLOUDANT_URL',
      'CLOUDANT_USERNAME',
    ]);
    expect(error.message).toContain('CLOUDANT_URL: must be an http:// or https:// URL');
    expect(error.message).not.toContain('quoted-secret');
  });

  it('rejects an unknown auth type and a missing URL', () => {
    const error = configError(() =>
      loadServiceConfig('svc', { env: { SVC_AUTH_TYPE: 'kerberos' } }),
    );
    expect(error.problems.map((p) => p.path)).toEqual(['SVC_AUTH_TYPE', 'SVC_URL']);
  });
});

describe('parseDotenv', () => {
  it('reads quoted values, comments and export prefixes', () => {
    expect(parseDotenv('A=1\n# x\nexport B="two words"\nC=\'three\'\nD=four # note\n')).toEqual({
      A: '1',
      B: 'two words',
      C: 'three',
      D: 'four',
    });
  });
});

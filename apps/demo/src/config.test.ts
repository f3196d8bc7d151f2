import { describe, expect, it } from 'vitest';
import { DemoConfigError, readDemoConfig } from './config.js';

describe('readDemoConfig', () => {
  it('runs everything embedded when nothing is set', () => {
    expect(readDemoConfig({})).toEqual({
      database: 'embedded',
      coveo: 'embedded',
      ams: 'embedded',
      papi: 'embedded',
    });
  });

  it('reads a complete real service and defaults the region', () => {
    const config = readDemoConfig({
      COVEO_ORG_ID: 'org',
      COVEO_API_KEY: 'xx-key',
      COVEO_SOURCE_ID: 'src',
    });
    expect(config.coveo).toEqual({
      organizationId: 'org',
      apiKey: 'xx-key',
      sourceId: 'src',
      region: 'us',
    });
  });

  it('names every missing or invalid variable at once, and never a secret', () => {
    let error: unknown;
    try {
      readDemoConfig({
        COVEO_API_KEY: 'secret-key-123',
        AMS_TOKEN: 'secret-token-456',
        PAPI_HOST: 'h',
        PAPI_CONNECTOR: 'c',
        PAPI_PORT: 'abc',
        PAPI_LOGIN: 'me',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DemoConfigError);
    const message = (error as Error).message;
    for (const key of [
      'COVEO_ORG_ID',
      'COVEO_SOURCE_ID',
      'AMS_ENDPOINT',
      'AMS_PROJECT',
      'PAPI_PORT',
    ]) {
      expect(message).toContain(key);
    }
    expect(message).toContain('PAPI_LOGIN and PAPI_PASSWORD must be set together');
    expect(message).not.toContain('secret-key-123');
    expect(message).not.toContain('secret-token-456');
  });

  it('says a CLOUDANT_URL that is not a URL is invalid, without echoing it', () => {
    for (const url of ['not-a-url', 'ftp://h', 'https://user:s3cret@']) {
      let error: unknown;
      try {
        readDemoConfig({ CLOUDANT_URL: url });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DemoConfigError);
      expect((error as Error).message).toMatch(/CLOUDANT_URL must be an http or https URL/);
      expect((error as Error).message).not.toContain('s3cret');
    }
    expect(readDemoConfig({ CLOUDANT_URL: 'http://127.0.0.1:5984' }).database).toBe('environment');
  });
});

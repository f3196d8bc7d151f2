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
});

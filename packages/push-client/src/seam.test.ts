import {
  createHttpClient,
  type HttpPlugin,
  isConfigError,
  isHttpError,
  nodeHttpTransport,
} from '@connectorkit/http-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogSource } from './catalog-source.js';
import { DocumentBuilder } from './document-builder.js';
import {
  isBatchUpdateError,
  isDailyQuotaExceededError,
  isPushApiError,
  isThrottleError,
  PushApiError,
  ThrottleError,
} from './errors.js';
import { partialUpdate } from './partial-update/partial-update.js';
import type { PlatformOptions } from './platform-options.js';
import { PushSource } from './push-source.js';
import { type CoveoSimulator, createCoveoSimulator } from './testing/index.js';

const KEY = 'seam-secret-key-1234';
let sim: CoveoSimulator;
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  sim = createCoveoSimulator({ apiKeys: [KEY], organizationId: 'org1' });
  ({ url, close } = await sim.listen());
});
afterAll(() => close());

const REASONS: Record<number, string> = {
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** The error a call rejects with. */
const failure = (call: Promise<unknown>): Promise<unknown> =>
  call.then(
    () => expect.fail('the call should have failed'),
    (e: unknown) => e,
  );

const TRANSPORTS: Record<string, () => PlatformOptions> = {
  fetch: () => ({}),
  'node:http transport': () => ({ transport: nodeHttpTransport() }),
  'a shared http-core client': () => ({ http: createHttpClient({ retry: 5 }) }),
};

describe.each(Object.keys(TRANSPORTS))('every failed exchange is an HttpError (%s)', (name) => {
  const source = () =>
    new PushSource(KEY, 'org1', { baseUrl: url, retry: false, ...TRANSPORTS[name]?.() });

  it('404: an unknown source id', async () => {
    const e = await failure(source().setSourceStatus('no-such-source', 'IDLE'));
    expect(isHttpError(e) && e.status === 404).toBe(true);
    if (!isHttpError(e)) return;
    expect(e.statusText).toBe(REASONS[404]);
    expect(e.serviceCode).toBe('SOURCE_NOT_FOUND');
    expect(e.serviceMessage).toMatch(/no-such-source/);
    expect(e.requestId).toEqual(expect.any(String));
    expect([e.retryCount, e.attempts, e.isRetryable]).toEqual([0, 1, false]);
    expect(isPushApiError(e) && e instanceof PushApiError).toBe(true);
    expect(e.name).toBe('PushApiError');
    expect(isThrottleError(e)).toBe(false);
  });

  for (const status of [409, 429, 500]) {
    it(`${status} injected with faults.failNext`, async () => {
      sim.faults.failNext(1, status);
      const e = await failure(source().setSourceStatus('push-source', 'IDLE'));
      expect(isHttpError(e) && e.status === status).toBe(true);
      if (!isHttpError(e)) return;
      expect(e.statusText).toBe(REASONS[status]);
      expect(['string', 'undefined']).toContain(typeof e.serviceCode);
      expect(e.retryCount).toBe(0);
      expect(isPushApiError(e) && e instanceof PushApiError).toBe(true);
      expect(isThrottleError(e) && e instanceof ThrottleError).toBe(status === 429);
    });
  }

  it('a failed batch: BatchUpdateError whose cause is the HttpError', async () => {
    sim.faults.failNext(1, 500);
    const e = await failure(
      source().batchUpdateDocuments(
        'push-source',
        { addOrUpdate: [new DocumentBuilder('https://ex.com/seam', 'Seam')] },
        { batchRedos: 0 },
      ),
    );
    expect(isBatchUpdateError(e)).toBe(true);
    const cause = (e as { cause?: unknown }).cause;
    expect(isHttpError(cause) && cause.status === 500 && isPushApiError(cause)).toBe(true);
  });
});

describe('Coveo codes and policies', () => {
  it('the daily quota is a DailyQuotaExceededError (a ThrottleError) and is never retried', async () => {
    let sleeps = 0;
    const source = new PushSource(KEY, 'org1', {
      baseUrl: url,
      retry: {
        sleep: async () => {
          sleeps++;
        },
      },
    });
    sim.throttleNext(1, { code: 'TOO_MANY_DOCUMENTS_DAILY' });
    const daily = await failure(source.setSourceStatus('push-source', 'IDLE'));
    expect(isDailyQuotaExceededError(daily) && isThrottleError(daily)).toBe(true);
    expect(isHttpError(daily) && [daily.status, daily.serviceCode, daily.retryCount]).toEqual([
      429,
      'TOO_MANY_DOCUMENTS_DAILY',
      0,
    ]);
    // The request rate is retried (and succeeds), the daily quota above was not.
    sim.throttleNext(1);
    await source.setSourceStatus('push-source', 'IDLE');
    expect(sleeps).toBe(1);
  });

  it('a caller shouldRetry cannot retry the daily quota either, nor can a shared client', async () => {
    const http = createHttpClient({ retry: { shouldRetry: () => true, sleep: async () => {} } });
    for (const options of [
      { retry: { shouldRetry: () => true, sleep: async () => {} } },
      { http },
    ] as PlatformOptions[]) {
      const source = new PushSource(KEY, 'org1', { baseUrl: url, ...options });
      sim.throttleNext(1, { code: 'TOO_MANY_DOCUMENTS_DAILY' });
      const e = await failure(source.setSourceStatus('push-source', 'IDLE'));
      expect(isDailyQuotaExceededError(e) && e.retryCount).toBe(0);
    }
  });

  it("reads Coveo's envelope under each documented key name, and tolerates other bodies", async () => {
    const source = new PushSource(KEY, 'org1', { baseUrl: url, retry: false });
    const bodies: [string, string | undefined, string | undefined][] = [
      ['{"errorCode":"INVALID_JSON","message":"bad"}', 'INVALID_JSON', 'bad'],
      ['{"code":"ACCESS_DENIED","detail":"no"}', 'ACCESS_DENIED', 'no'],
      ['{"type":"T","title":"a title"}', 'T', 'a title'],
      ['{"errorCode":42}', undefined, undefined],
      ['<html>Bad Request</html>', undefined, undefined],
    ];
    for (const [body, code, message] of bodies) {
      sim.faults.next({ kind: 'status', status: 400, body, contentType: 'application/json' });
      const e = await failure(source.setSourceStatus('push-source', 'IDLE'));
      expect(isPushApiError(e) && [e.status, e.serviceCode, e.serviceMessage]).toEqual([
        400,
        code,
        message,
      ]);
    }
  });

  it('a retry limit as a number, laid over Coveo backoff', async () => {
    const source = new PushSource(KEY, 'org1', {
      baseUrl: url,
      retry: 2,
      backoff: { retryAfter: 0 },
    });
    sim.faults.failNext(3, 503);
    const e = await failure(source.setSourceStatus('push-source', 'IDLE'));
    expect(isHttpError(e) && [e.status, e.retryCount, e.attempts]).toEqual([503, 2, 3]);
  });
});

describe('one shared http-core client', () => {
  it('carries PushSource, CatalogSource and partialUpdate calls, each with its own key; uploads get no credentials', async () => {
    const seen: string[] = [];
    const tracing: HttpPlugin = {
      name: 'trace',
      hooks: {
        beforeRequest: ({ request }) => {
          seen.push(`${request.method} ${new URL(request.url).pathname}`);
          return undefined;
        },
      },
    };
    const http = createHttpClient({ retry: false, plugins: [tracing] });
    const push = new PushSource(KEY, 'org1', { baseUrl: url, http });
    const catalog = new CatalogSource(KEY, 'org1', { baseUrl: url, http });
    const doc = new DocumentBuilder('https://ex.com/shared', 'Shared').withMetadata({ k: 'v' });
    const report = await push.batchUpdateDocuments('push-source', { addOrUpdate: [doc] });
    expect(report.totals.batchesFailed).toBe(0);
    await catalog.partialUpdateDocuments('catalog-source', [
      { documentId: 'https://ex.com/none', operator: 'fieldValueReplace', field: 'k', value: 1 },
    ]);
    sim.indexNow();
    const answer = await partialUpdate(
      {
        api_key_push: KEY,
        api_key_search: KEY,
        org_id: 'org1',
        source_id: 'push-source',
        type_source: 'push',
      },
      [{ key: 'https://ex.com/shared', metadata: { k: 'w' } }],
      { baseUrl: url, http, quickView: false },
    );
    expect(answer).toEqual({ 'https://ex.com/shared': 'Found and updated' });
    // Coveo calls went through the shared client's plugins; the upload URL did not.
    expect(seen).toContain('POST /push/v1/organizations/org1/files');
    expect(seen).toContain('PUT /push/v1/organizations/org1/sources/catalog-source/stream/update');
    expect(seen).toContain('POST /rest/search/v2');
    expect(seen.some((s) => s.startsWith('PUT /upload/'))).toBe(false);
    expect(sim.documents('push-source').get('https://ex.com/shared')?.k).toBe('w');
    // An error through the shared client is still this package's.
    const e = await failure(push.setSourceStatus('no-such-source', 'IDLE'));
    expect(isPushApiError(e) && e.status).toBe(404);
  });

  it('a shared client with retries: the upload URL is retried under its policy', async () => {
    const uploads = createCoveoSimulator({
      apiKeys: [KEY],
      organizationId: 'org1',
      faults: { match: (req) => req.url?.startsWith('/upload/') ?? false },
    });
    const server = await uploads.listen();
    let sleeps = 0;
    const http = createHttpClient({
      retry: {
        limit: 1,
        sleep: async () => {
          sleeps++;
        },
      },
    });
    const push = new PushSource(KEY, 'org1', { baseUrl: server.url, http });
    uploads.faults.failNext(1, 503);
    const report = await push.batchUpdateDocuments('push-source', {
      addOrUpdate: [new DocumentBuilder('https://ex.com/shared-retry', 'R')],
    });
    await server.close();
    expect(report.totals.batchesFailed).toBe(0);
    expect(report.batches[0]?.failedStep).toBeUndefined();
    expect(sleeps).toBe(1);
    // Retried by the call, not redone through a second container.
    expect(uploads.fileIds()).toHaveLength(1);
  });
});

describe('fromEnvironment', () => {
  const env = {
    COVEO_API_KEY: KEY,
    COVEO_ORGANIZATION_ID: 'org1',
    COVEO_REGION: 'eu',
    COVEO_ENVIRONMENT: 'dev',
  };

  it('makes a PushSource and a CatalogSource from the variables; options win', async () => {
    const push = PushSource.fromEnvironment({ env: { ...env, COVEO_BASE_URL: url } });
    expect(push).toBeInstanceOf(PushSource);
    expect(push.organizationId).toBe('org1');
    await push.setSourceStatus('push-source', 'REFRESH');
    expect(sim.sourceStatus('push-source')).toBe('REFRESH');
    const catalog = CatalogSource.fromEnvironment({ env, baseUrl: url, retry: false });
    expect(catalog).toBeInstanceOf(CatalogSource);
    await catalog.deleteOlderThan('catalog-source', 0);
  });

  it('without baseUrl, region and environment pick the host', async () => {
    const hosts: string[] = [];
    const source = PushSource.fromEnvironment({
      env,
      retry: false,
      fetch: async (input) => {
        hosts.push(new URL(input instanceof Request ? input.url : String(input)).host);
        return Response.json({}, { status: 202 });
      },
    });
    await source.setSourceStatus('push-source', 'IDLE');
    expect(hosts).toEqual(['apidev-eu.cloud.coveo.com']);
  });

  it('names each missing or malformed variable in a ConfigError, never quoting the key', () => {
    const missing = (() => {
      try {
        PushSource.fromEnvironment({ env: { COVEO_REGION: 'eu' } });
      } catch (e) {
        return e;
      }
    })();
    expect(isConfigError(missing)).toBe(true);
    expect((missing as Error).message).toMatch(/COVEO_API_KEY: is not set/);
    expect((missing as Error).message).toMatch(/COVEO_ORGANIZATION_ID: is not set/);
    const bad = (() => {
      try {
        PushSource.fromEnvironment({
          env: {
            ...env,
            COVEO_API_KEY: `${KEY} x`,
            COVEO_REGION: 'mars',
            COVEO_BASE_URL: 'ftp://x',
          },
        });
      } catch (e) {
        return e;
      }
    })() as Error & { problems?: { path: string }[] };
    expect(isConfigError(bad)).toBe(true);
    expect(bad.problems?.map((p) => p.path)).toEqual([
      'COVEO_API_KEY',
      'COVEO_REGION',
      'COVEO_BASE_URL',
    ]);
    expect(bad.message).not.toContain(KEY);
    expect(() => PushSource.fromEnvironment('eu' as never)).toThrow(/must be an object/);
  });
});

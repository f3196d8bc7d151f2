import { inspect } from 'node:util';
import { type HttpLogEvent, isHttpError } from '@connectorkit/http-core';
import { createFaultInjector, type Fault } from '@connectorkit/http-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentBuilder } from './document-builder.js';
import { PushSource } from './push-source.js';
import { createCoveoSimulator } from './testing/index.js';

const KEY = 'xx-super-secret-api-key-0123456789';
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

/** The simulator, with `script` answered, in order, to the single-item PUT `/documents?…`. */
async function setup(script: Fault[], extra: { maxRetries?: number } = {}) {
  const faults = createFaultInjector({ match: (req) => (req.url ?? '').includes('/documents?') });
  faults.next(...script);
  const sim = createCoveoSimulator({
    apiKeys: [KEY],
    organizationId: 'org1',
    sources: [{ id: 'src', type: 'PUSH' }],
    faults,
  });
  const server = await sim.listen();
  close = server.close;
  const sleeps: number[] = [];
  const events: HttpLogEvent[] = [];
  const source = new PushSource(KEY, 'org1', {
    baseUrl: server.url,
    backoff: { retryAfter: 100, maxRetries: extra.maxRetries ?? 10 },
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 1 },
    logger: (e) => events.push(e),
  });
  return { sim, sleeps, events, source };
}

const doc = () => new DocumentBuilder('https://ex.com/a', 'A').withData('x');
const json = (status: number, body: unknown, retryAfter?: number): Fault => ({
  kind: 'status',
  status,
  body: JSON.stringify(body),
  ...(retryAfter === undefined ? {} : { retryAfter }),
});

describe('retries', () => {
  it('honours Retry-After on 429 TOO_MANY_REQUESTS and retries 5xx with backoff', async () => {
    const { sim, sleeps, source } = await setup([
      json(429, { errorCode: 'TOO_MANY_REQUESTS' }, 2),
      json(503, { errorCode: 'UNAVAILABLE' }),
      { kind: 'status', status: 502, body: '<html>bad gateway</html>', contentType: 'text/html' },
    ]);
    await source.addOrUpdateDocument('src', doc());
    expect(sleeps).toEqual([2000, 200, 400]);
    expect(sim.documents('src').has('https://ex.com/a')).toBe(true);
    // Three faults answered before the simulator, which took the fourth attempt.
    expect(sim.faults.stats()).toMatchObject({ 'status:429': 1, 'status:503': 1, 'status:502': 1 });
    expect(sim.requestCounts()['PUT /documents']).toBe(1);
  });

  it('never retries TOO_MANY_DOCUMENTS_DAILY and says why', async () => {
    const { sim, sleeps, source } = await setup([
      json(429, { errorCode: 'TOO_MANY_DOCUMENTS_DAILY', message: 'quota' }),
    ]);
    const error = await source.addOrUpdateDocument('src', doc()).catch((e: unknown) => e);
    expect(isHttpError(error) && error.serviceCode).toBe('TOO_MANY_DOCUMENTS_DAILY');
    expect(isHttpError(error) && error.retryCount).toBe(0);
    expect(sleeps).toEqual([]);
    expect(sim.documents('src').size).toBe(0);
  });

  it('counts maxRetries as retries, and reads a non-JSON error body without crashing', async () => {
    const html: Fault = {
      kind: 'status',
      status: 500,
      body: '<html>oops</html>',
      contentType: 'text/html',
    };
    const { sleeps, source } = await setup([html, html, html, html], { maxRetries: 2 });
    const error = await source.addOrUpdateDocument('src', doc()).catch((e: unknown) => e);
    expect(isHttpError(error)).toBe(true);
    if (!isHttpError(error)) return;
    expect(error.status).toBe(500);
    expect(error.retryCount).toBe(2);
    expect(error.attempts).toBe(3);
    expect(error.body).toContain('oops');
    expect(sleeps).toHaveLength(2);
  });
});

describe('secrets', () => {
  it('keeps the API key out of errors, logs and inspect output, even when the server echoes it', async () => {
    const { source, events } = await setup([
      json(401, { errorCode: 'INVALID_TOKEN', message: `token ${KEY} is invalid` }),
    ]);
    const error = await source.addOrUpdateDocument('src', doc()).catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(401);
    const everything = [
      String(error),
      (error as Error).stack,
      inspect(error, { depth: 10, showHidden: true }),
      JSON.stringify(error),
      inspect(source, { depth: 10, showHidden: true }),
      JSON.stringify(source),
      JSON.stringify(events),
    ].join('\n');
    expect(events.length).toBeGreaterThan(0);
    expect(everything).not.toContain(KEY);
    expect(inspect(source)).toContain('org1');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, isHttpError, isNetworkError } from './index.js';
import { createFaultInjector, type LoopbackServer, startLoopbackServer } from './testing/index.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function jsonServer(faults = createFaultInjector()) {
  let hits = 0;
  const server = await startLoopbackServer(
    faults.wrap((req, res) => {
      hits++;
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, method: req.method, url: req.url }));
    }),
  );
  servers.push(server);
  return { server, faults, hits: () => hits };
}

const noWait = { sleep: async () => {}, random: () => 0.5 };

describe('createHttpClient', () => {
  it('gets parsed JSON over loopback', async () => {
    const { server } = await jsonServer();
    const http = createHttpClient({ baseUrl: server.url });
    await expect(http.get('/a', { searchParams: { q: 1, skip: undefined } })).resolves.toEqual({
      ok: true,
      method: 'GET',
      url: '/a?q=1',
    });
  });

  it('retries 503 then succeeds, counting retries', async () => {
    const { server, faults, hits } = await jsonServer();
    faults.failNext(2, 503);
    const http = createHttpClient({ baseUrl: server.url, retry: { limit: 3, ...noWait } });
    const response = await http.request('/x');
    expect(response.retryCount).toBe(2);
    expect(hits()).toBe(1);
  });

  it('throws the last HttpError with retries and attempts when retries run out', async () => {
    const { server, faults } = await jsonServer();
    faults.failNext(5, 503);
    const http = createHttpClient({ baseUrl: server.url, retry: { limit: 2, ...noWait } });
    const error = await http.get('/x').catch((e: unknown) => e);
    expect(isHttpError(error)).toBe(true);
    expect(error).toMatchObject({ status: 503, retryCount: 2, attempts: 3, isRetryable: true });
  });

  it('does not retry a POST on 503 unless marked idempotent', async () => {
    const { server, faults, hits } = await jsonServer();
    faults.failNext(1, 503);
    const http = createHttpClient({ baseUrl: server.url, retry: { limit: 3, ...noWait } });
    await expect(http.post('/x', { json: {} })).rejects.toMatchObject({ status: 503, attempts: 1 });
    faults.failNext(1, 503);
    await expect(http.post('/x', { json: {}, idempotent: true })).resolves.toMatchObject({
      ok: true,
    });
    expect(hits()).toBe(1);
  });

  it('retries a reset connection and a truncated body', async () => {
    const { server, faults } = await jsonServer();
    faults.next({ kind: 'reset' }, { kind: 'truncate' });
    const http = createHttpClient({ baseUrl: server.url, retry: { limit: 3, ...noWait } });
    await expect(http.get('/x')).resolves.toMatchObject({ ok: true });
    expect(faults.stats()).toMatchObject({ reset: 1, truncate: 1, passed: 1 });
  });

  it('gives a NetworkError when nothing listens', async () => {
    const { server } = await jsonServer();
    const url = server.url;
    await server.close();
    const http = createHttpClient({ baseUrl: url, retry: { limit: 1, ...noWait } });
    const error = await http.get('/x').catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expect(error).toMatchObject({ attempts: 2, retryCount: 1 });
  });
});

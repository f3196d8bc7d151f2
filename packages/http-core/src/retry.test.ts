import { afterEach, describe, expect, it } from 'vitest';
import {
  computeBackoff,
  createHttpClient,
  isHttpError,
  isTimeoutError,
  parseRetryAfter,
  sleep,
} from './index.js';
import {
  createFaultInjector,
  type LoopbackServer,
  scripted,
  startLoopbackServer,
} from './testing/index.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A sleep that records the delays asked for and returns at once. */
function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

async function okServer() {
  const faults = createFaultInjector();
  const server = await startLoopbackServer(
    faults.wrap((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    }),
  );
  servers.push(server);
  return { server, faults };
}

describe('backoff primitives', () => {
  it('grows exponentially up to the cap, with full jitter in [0, delay]', () => {
    const none = { baseDelay: 100, multiplier: 2, maxDelay: 1000, jitter: 'none' as const };
    expect([0, 1, 2, 3, 4, 5].map((n) => computeBackoff(n, none))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(computeBackoff(3, { ...none, jitter: 'full', random: () => 0.5 })).toBe(400);
    expect(computeBackoff(3, { ...none, jitter: 'full', random: () => 0 })).toBe(0);
  });

  it('parses Retry-After as seconds or an HTTP-date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('sleep rejects with the abort reason', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});

describe('retry rules over loopback', () => {
  it('retries 408, 429, 502, 503 and 504 but not 500 unless asked', async () => {
    for (const status of [408, 429, 502, 503, 504]) {
      const { server, faults } = await okServer();
      faults.failNext(1, status);
      const http = createHttpClient({
        baseUrl: server.url,
        retry: { limit: 1, sleep: async () => {} },
      });
      await expect(http.get('/')).resolves.toEqual({ ok: true });
    }
    const { server, faults } = await okServer();
    faults.failNext(2, 500);
    const strict = createHttpClient({
      baseUrl: server.url,
      retry: { limit: 3, sleep: async () => {} },
    });
    await expect(strict.get('/')).rejects.toMatchObject({
      status: 500,
      attempts: 1,
      isRetryable: false,
    });
    const lenient = createHttpClient({
      baseUrl: server.url,
      retry: { limit: 3, retryServerErrors: true, sleep: async () => {} },
    });
    await expect(lenient.get('/')).resolves.toEqual({ ok: true });
  });

  it('never retries 400, 401, 403, 404 or 501', async () => {
    for (const status of [400, 401, 403, 404, 501]) {
      const { server, faults } = await okServer();
      faults.failNext(1, status);
      const http = createHttpClient({
        baseUrl: server.url,
        retry: { limit: 3, sleep: async () => {} },
      });
      const error = await http.get('/').catch((e: unknown) => e);
      expect(isHttpError(error) && error.status).toBe(status);
      expect(error).toMatchObject({ attempts: 1, retryCount: 0 });
    }
  });

  it('honours Retry-After in seconds and as a date, and gives up past maxRetryAfter', async () => {
    const { server, faults } = await okServer();
    const rec = recordingSleep();
    const now = Date.parse('2026-01-01T00:00:00Z');
    const http = createHttpClient({
      baseUrl: server.url,
      retry: { limit: 5, sleep: rec.sleep, now: () => now, maxRetryAfter: 30_000 },
    });
    faults.next(
      { kind: 'status', status: 429, retryAfter: 2 },
      { kind: 'status', status: 503, retryAfter: 'Thu, 01 Jan 2026 00:00:07 GMT' },
    );
    await expect(http.get('/')).resolves.toEqual({ ok: true });
    expect(rec.delays).toEqual([2000, 7000]);
    faults.next({ kind: 'status', status: 429, retryAfter: 3600 });
    await expect(http.get('/')).rejects.toMatchObject({ status: 429, attempts: 1 });
  });

  it('uses jittered exponential delays without Retry-After', async () => {
    const { server, faults } = await okServer();
    faults.failNext(3, 503);
    const rec = recordingSleep();
    const http = createHttpClient({
      baseUrl: server.url,
      retry: { limit: 3, baseDelay: 100, multiplier: 3, random: () => 0.5, sleep: rec.sleep },
    });
    await http.get('/');
    expect(rec.delays).toEqual([50, 150, 450]);
  });

  it('stops when the time budget would be exceeded, reporting the attempts made', async () => {
    const { server, faults } = await okServer();
    faults.failNext(10, 503);
    let now = 0;
    const http = createHttpClient({
      baseUrl: server.url,
      retry: {
        limit: 10,
        baseDelay: 1000,
        jitter: 'none',
        budget: 2500,
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
      },
    });
    await expect(http.get('/')).rejects.toMatchObject({ status: 503, retryCount: 1, attempts: 2 });
  });

  it('retries a POST only when marked idempotent, or on 429, or when the connection was refused', async () => {
    const { server, faults } = await okServer();
    const http = createHttpClient({
      baseUrl: server.url,
      retry: { limit: 2, sleep: async () => {} },
    });
    faults.next({ kind: 'reset' });
    await expect(http.post('/', { json: {} })).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      attempts: 1,
    });
    faults.next({ kind: 'status', status: 429 });
    await expect(http.post('/', { json: {} })).resolves.toEqual({ ok: true });
    faults.next({ kind: 'reset' });
    await expect(http.post('/', { json: {}, idempotent: true })).resolves.toEqual({ ok: true });
    const refused = createHttpClient({
      fetch: scripted([{ networkError: 'ECONNREFUSED' }, 200]),
      baseUrl: 'http://127.0.0.1:9',
      retry: { limit: 2, sleep: async () => {} },
    });
    await expect(refused.request('/', { method: 'POST', body: 'x' })).resolves.toMatchObject({
      status: 200,
      retryCount: 1,
    });
  });

  it('does not retry a streamed body, which cannot be sent twice', async () => {
    const { server, faults } = await okServer();
    faults.failNext(1, 503);
    const http = createHttpClient({
      baseUrl: server.url,
      retry: { limit: 3, sleep: async () => {} },
    });
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('{"a":1}'));
        c.close();
      },
    });
    await expect(http.put('/', { body })).rejects.toMatchObject({ status: 503, attempts: 1 });
  });

  it('lets shouldRetry override the rules', async () => {
    const { server, faults } = await okServer();
    faults.failNext(1, 404);
    const http = createHttpClient({
      baseUrl: server.url,
      retry: {
        limit: 1,
        sleep: async () => {},
        shouldRetry: ({ status }) => (status === 404 ? true : undefined),
      },
    });
    await expect(http.get('/')).resolves.toEqual({ ok: true });
  });

  it('times out a stalled attempt, retries it, and honours an overall deadline', async () => {
    const { server, faults } = await okServer();
    faults.next({ kind: 'stall' });
    const http = createHttpClient({
      baseUrl: server.url,
      timeout: 200,
      retry: { limit: 1, sleep: async () => {} },
    });
    await expect(http.get('/')).resolves.toEqual({ ok: true });
    faults.next({ kind: 'stall' }, { kind: 'stall' });
    const error = await http.get('/', { retry: 0 }).catch((e: unknown) => e);
    expect(isTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'attempt', timeoutMs: 200, attempts: 1 });
    faults.clear();
    faults.next({ kind: 'stall' });
    const deadline = await http
      .get('/', { timeout: { response: false, deadline: 150 }, retry: 0 })
      .catch((e: unknown) => e);
    expect(deadline).toMatchObject({ code: 'TIMEOUT', kind: 'deadline', timeoutMs: 150 });
    faults.clear();
  });

  it('rethrows the caller abort unchanged and never retries it', async () => {
    const { server, faults } = await okServer();
    faults.next({ kind: 'stall' });
    const http = createHttpClient({
      baseUrl: server.url,
      retry: { limit: 5, sleep: async () => {} },
    });
    const controller = new AbortController();
    const pending = http.get('/', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await pending.catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(faults.stats().passed ?? 0).toBe(0);
    faults.clear();
  });
});

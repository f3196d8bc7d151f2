import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createHttpClient,
  type HttpClientOptions,
  isNetworkError,
  type NetworkError,
  nodeHttpTransport,
} from './index.js';
import { type LoopbackServer, startLoopbackServer } from './testing/index.js';

// A server that sends the headers and part of the body, then resets the socket, for the first
// `cuts` requests; later ones get the whole answer.
let server: LoopbackServer;
let cuts = 0;
let requests = 0;
beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    requests++;
    req.resume();
    if (req.url === '/stall-body') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"partial":');
      return; // the rest never comes
    }
    if (cuts > 0) {
      cuts--;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      // The headers and a first chunk reach the client before the reset.
      res.write('{"partial":', () => setTimeout(() => req.socket.destroy(), 20));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"ok":true,"method":"${req.method}"}`);
  });
});
afterAll(() => server.close());
beforeEach(() => {
  cuts = 0;
  requests = 0;
});

const transports: [string, HttpClientOptions][] = [
  ['fetch', {}],
  ['node:http', { transport: nodeHttpTransport() }],
];

describe.each(transports)('a body cut short, over %s', (_name, via) => {
  const http = () =>
    createHttpClient({
      baseUrl: server.url,
      retry: { limit: 2, sleep: async () => {} },
      ...via,
    });

  async function networkError(run: () => Promise<unknown>): Promise<NetworkError> {
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isNetworkError(error)).toBe(true);
    return error as NetworkError;
  }

  it('is retried on an idempotent call read by the JSON helpers', async () => {
    cuts = 1;
    await expect(http().get('/doc')).resolves.toEqual({ ok: true, method: 'GET' });
    cuts = 1;
    await expect(http().put('/doc', { json: {} })).resolves.toEqual({ ok: true, method: 'PUT' });
    expect(requests).toBe(4);
  });

  it('is retried when read by .json() or .text() after request() returned', async () => {
    cuts = 1;
    const response = await http().request('/doc');
    expect(response.retryCount).toBe(0);
    await expect(response.json()).resolves.toEqual({ ok: true, method: 'GET' });
    expect(response.retryCount).toBe(1);
    cuts = 2;
    const twice = await http().request('/doc', { method: 'DELETE' });
    await expect(twice.text()).resolves.toBe('{"ok":true,"method":"DELETE"}');
    expect(twice.retryCount).toBe(2);
    cuts = 1;
    const marked = await http().request('/doc', { method: 'POST', body: '{}', idempotent: true });
    await expect(marked.bytes()).resolves.toHaveLength(27);
    expect(requests).toBe(7);
  });

  it('ends as a NetworkError, not a TypeError, when the retries run out', async () => {
    cuts = 10;
    const viaHelper = await networkError(() => http().get('/doc'));
    expect(viaHelper).toMatchObject({ attempts: 3, retryCount: 2, mayHaveBeenApplied: true });
    const response = await http().request('/doc');
    const viaRead = await networkError(() => response.text());
    expect(viaRead).toMatchObject({ attempts: 3, retryCount: 2 });
    expect(requests).toBe(6);
  });

  it('on a call that is not idempotent, says the request may have been applied', async () => {
    for (const run of [
      () => http().post('/publish', { json: { m: 1 } }),
      async () => (await http().request('/publish', { method: 'POST', body: 'm' })).json(),
      async () => (await http().request('/publish', { method: 'PATCH', body: 'm' })).text(),
    ]) {
      cuts = 1;
      requests = 0;
      const error = await networkError(run);
      expect(error.mayHaveBeenApplied).toBe(true);
      expect(error.attempts).toBe(1);
      expect(error.message).toMatch(/network error .*; the request may have been applied/);
      expect(requests).toBe(1);
    }
  });

  it('a body that stalls after request() returned ends at the deadline, not retried', async () => {
    const response = await http().request('/stall-body', { timeout: { deadline: 300 } });
    const error = await response.text().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TimeoutError', kind: 'deadline', timeoutMs: 300 });
    expect(requests).toBe(1);
  });

  it('a refused connection never reached the server', async () => {
    const gone = await startLoopbackServer(() => {});
    await gone.close();
    const closed = createHttpClient({ baseUrl: gone.url, retry: false, ...via });
    const error = await networkError(() => closed.post('/x', { json: {} }));
    expect(error.mayHaveBeenApplied).toBe(false);
    expect(error.message).not.toContain('may have been applied');
  });
});

import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createHttpClient,
  defineService,
  type HttpClientOptions,
  type HttpPlugin,
  isHttpError,
  nodeHttpTransport,
  redactSecrets,
} from './index.js';
import { type LoopbackServer, startLoopbackServer } from './testing/index.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function serve(...args: Parameters<typeof startLoopbackServer>): Promise<LoopbackServer> {
  const server = await startLoopbackServer(...args);
  closers.push(server.close);
  return server;
}

const transports: [string, HttpClientOptions][] = [
  ['fetch', {}],
  ['node:http', { transport: nodeHttpTransport() }],
];

describe.each(transports)('responses over %s', (_name, via) => {
  it('headers: forEach visits each header (every Set-Cookie) and they print as Headers', async () => {
    const server = await serve((_req, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.setHeader('x-one', '1');
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    const http = createHttpClient({ baseUrl: server.url, ...via });
    const response = await http.request('/');
    await response.text();
    const seen: [string, string][] = [];
    const receiver = { tag: 'this' };
    response.headers.forEach(function (this: unknown, value, name, parent) {
      expect(this).toBe(receiver);
      expect(parent).toBe(response.headers);
      if (name === 'set-cookie' || name.startsWith('x-')) seen.push([name, value]);
    }, receiver);
    expect(seen).toEqual([
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['x-one', '1'],
    ]);
    expect(Object.prototype.toString.call(response.headers)).toBe('[object Headers]');
  });

  it('stream() of an answer without a body is an empty stream', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const http = createHttpClient({ baseUrl: server.url, ...via });
    const response = await http.request('/', { method: 'DELETE' });
    expect(response.status).toBe(204);
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.stream() as unknown as AsyncIterable<Uint8Array>) {
      chunks.push(chunk);
    }
    expect(chunks).toEqual([]);
  });

  it('afterResponse hooks see each attempt with its retry count, in plugin order', async () => {
    let hits = 0;
    const server = await serve((_req, res) => {
      hits++;
      res.writeHead(hits === 1 ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ hit: hits }));
    });
    const seen: string[] = [];
    const watch = (name: string): HttpPlugin => ({
      name,
      hooks: {
        afterResponse: ({ request, response, retryCount }) => {
          seen.push(`${name} ${request.method} ${response.status} #${retryCount}`);
          return undefined;
        },
      },
    });
    const http = createHttpClient({
      baseUrl: server.url,
      ...via,
      retry: { limit: 1, sleep: async () => {} },
      plugins: [watch('first'), watch('second')],
    });
    await expect(http.get('/')).resolves.toEqual({ hit: 2 });
    expect(seen).toEqual([
      'first GET 503 #0',
      'second GET 503 #0',
      'first GET 200 #1',
      'second GET 200 #1',
    ]);
  });
});

/** A server that writes its status line raw: `HTTP/1.1 <status> ` with no reason phrase. */
async function bareStatusServer(status: number): Promise<string> {
  const server: Server = createServer((socket) => {
    socket.once('data', () => {
      socket.end(
        `HTTP/1.1 ${status} \r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe.each(transports)('an error answer without a reason phrase, over %s', (_name, via) => {
  it.each([
    [404, 'Not Found'],
    [409, 'Conflict'],
    [429, 'Too Many Requests'],
    [503, 'Service Unavailable'],
  ])('%i gets statusText %s from the status', async (status, phrase) => {
    const http = createHttpClient({
      baseUrl: await bareStatusServer(status),
      ...via,
      retry: false,
    });
    const error = await http.get('/').catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(status);
    expect(error).toMatchObject({ statusText: phrase });
  });

  it('an unknown status keeps an empty statusText', async () => {
    const http = createHttpClient({ baseUrl: await bareStatusServer(599), ...via, retry: false });
    const error = await http.get('/').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 599, statusText: '' });
  });
});

describe('extend()', () => {
  it('replaces a plugin of the same name where it stood, and appends new ones', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ order: req.headers['x-order'] ?? '' }));
    });
    const tag = (name: string, mark = name): HttpPlugin => ({
      name,
      hooks: {
        beforeRequest: ({ request }) => {
          const before = request.headers.get('x-order');
          request.headers.set('x-order', before ? `${before},${mark}` : mark);
          return undefined;
        },
      },
    });
    const base = createHttpClient({ baseUrl: server.url, plugins: [tag('a'), tag('b')] });
    const child = base.extend({ plugins: [tag('c'), tag('a', 'A2')] });
    await expect(child.get('/')).resolves.toEqual({ order: 'A2,b,c' });
    await expect(base.get('/')).resolves.toEqual({ order: 'a,b' });
  });
});

describe('redactSecrets', () => {
  it('cuts every occurrence of each secret of 4 characters or more out of a text', () => {
    const text = 'token s3cr3t-t0k3n sent twice: s3cr3t-t0k3n; pin 123; key abcd';
    expect(redactSecrets(text, ['s3cr3t-t0k3n', '123', 'abcd'])).toBe(
      'token [REDACTED] sent twice: [REDACTED]; pin 123; key [REDACTED]',
    );
    expect(redactSecrets(text, new Set<string>())).toBe(text);
  });
});

describe('defineService().fromEnvironment()', () => {
  it('reads the process environment when given no environment', () => {
    const service = defineService({
      name: 'env-probe',
      version: '0.0.1',
      retry: {},
      transport: 'fetch',
      env: { ENV_PROBE_URL: 'baseUrl', ENV_PROBE_TOKEN: 'token' },
    });
    vi.stubEnv('ENV_PROBE_URL', 'http://127.0.0.1:1234');
    vi.stubEnv('ENV_PROBE_TOKEN', '');
    expect(service.fromEnvironment()).toEqual({ baseUrl: 'http://127.0.0.1:1234' });
  });
});

import { createRequire } from 'node:module';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHttpClient,
  type HttpLogEvent,
  type HttpPlugin,
  isHttpError,
  isResponseValidationError,
  requestIdPlugin,
} from './index.js';
import {
  type LoopbackServer,
  recordCalls,
  startLoopbackServer,
  toNodeHandler,
} from './testing/index.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function echoServer() {
  const server = await startLoopbackServer(
    toNodeHandler(async (request) => {
      const url = new URL(request.url);
      if (url.pathname === '/html-error') {
        return new Response('<html><body>502 Bad Gateway</body></html>', {
          status: 502,
          headers: { 'content-type': 'text/html' },
        });
      }
      if (url.pathname === '/xml-error') {
        return new Response('<error><type>InvalidConnectorException</type></error>', {
          status: 404,
          headers: { 'content-type': 'text/xml' },
        });
      }
      if (url.pathname === '/couch-error') {
        return Response.json(
          { error: 'conflict', reason: 'Document update conflict.' },
          { status: 409, headers: { 'x-request-id': 'req-42' } },
        );
      }
      return Response.json({
        method: request.method,
        path: url.pathname + url.search,
        headers: Object.fromEntries(request.headers),
        body: request.body ? await request.text() : null,
      });
    }),
  );
  servers.push(server);
  return server;
}

describe('request and response forms', () => {
  it('sends JSON, text and bytes bodies and reads json, text, bytes and streams', async () => {
    const server = await echoServer();
    const http = createHttpClient({ baseUrl: server.url, headers: { 'x-team': 'connectors' } });
    const echoed = await http.post<{ body: string; headers: Record<string, string> }>('/j', {
      json: { a: 1 },
    });
    expect(echoed.body).toBe('{"a":1}');
    expect(echoed.headers).toMatchObject({
      'content-type': 'application/json',
      'x-team': 'connectors',
    });
    expect(echoed.headers['user-agent']).toMatch(/^connectorkit-http-core\//);
    const text = await (await http.request('/t', { method: 'PUT', body: 'plain' })).text();
    expect(JSON.parse(text).body).toBe('plain');
    const bytes = await (
      await http.request('/b', { method: 'PUT', body: new Uint8Array([104, 105]) })
    ).bytes();
    expect(JSON.parse(Buffer.from(bytes).toString()).body).toBe('hi');
    const stream = (await http.request('/s')).stream();
    let streamed = '';
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>)
      streamed += Buffer.from(chunk).toString();
    expect(JSON.parse(streamed).path).toBe('/s');
    async function* parts() {
      yield new TextEncoder().encode('from-');
      yield new TextEncoder().encode('iterable');
    }
    const fromIterable = await http.put<{ body: string }>('/i', { body: parts() });
    expect(fromIterable.body).toBe('from-iterable');
    const head = await http.head('/h');
    expect(head.status).toBe(200);
  });

  it('validates a response against a schema, and can be told not to', async () => {
    const server = await echoServer();
    const schema = v.object({ method: v.literal('POST') });
    const http = createHttpClient({ baseUrl: server.url });
    const error = await http.get('/', { schema }).catch((e: unknown) => e);
    expect(isResponseValidationError(error)).toBe(true);
    expect((error as { issues: { path: string }[] }).issues[0]?.path).toBe('method');
    const fast = createHttpClient({ baseUrl: server.url, validateResponses: false });
    await expect(fast.get('/', { schema })).resolves.toMatchObject({ method: 'GET' });
  });

  it('reads HTML and XML error pages once, as text, without a body-used failure', async () => {
    const server = await echoServer();
    const http = createHttpClient({ baseUrl: server.url, retry: false });
    const html = await http.get('/html-error').catch((e: unknown) => e);
    expect(isHttpError(html) && html.body).toContain('502 Bad Gateway');
    const xml = await http.get('/xml-error').catch((e: unknown) => e);
    expect(xml).toMatchObject({
      status: 404,
      data: '<error><type>InvalidConnectorException</type></error>',
    });
    const couch = await http.get('/couch-error').catch((e: unknown) => e);
    expect(couch).toMatchObject({
      status: 409,
      serviceCode: 'conflict',
      serviceMessage: 'Document update conflict.',
      requestId: 'req-42',
    });
    expect((couch as Error).message).toBe(
      `GET ${server.url}/couch-error failed: 409 Conflict (Document update conflict.)`,
    );
  });

  it('reuses keep-alive connections across concurrent calls', async () => {
    const server = await echoServer();
    const http = createHttpClient({ baseUrl: server.url });
    // 320 requests, 16 at a time: undici may open a second set of sockets while the first set is
    // being released, but never one per request.
    for (let round = 0; round < 20; round++)
      await Promise.all(Array.from({ length: 16 }, () => http.get('/')));
    expect(server.totalConnections()).toBeLessThanOrEqual(32);
  });
});

describe('plugins, extend and logging', () => {
  it('runs plugin hooks in order through ky, and rejects duplicate names', async () => {
    const server = await echoServer();
    const order: string[] = [];
    const tag = (name: string): HttpPlugin => ({
      name,
      hooks: {
        beforeRequest: ({ request }) => {
          order.push(name);
          request.headers.set(`x-${name}`, '1');
          return undefined;
        },
      },
    });
    const http = createHttpClient({
      baseUrl: server.url,
      plugins: [tag('a'), tag('b'), requestIdPlugin()],
    });
    const echoed = await http.get<{ headers: Record<string, string> }>('/');
    expect(order).toEqual(['a', 'b']);
    expect(echoed.headers).toMatchObject({ 'x-a': '1', 'x-b': '1' });
    expect(echoed.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => createHttpClient({ plugins: [tag('a'), tag('a')] })).toThrow(
      /Duplicate HTTP plugin name "a"/,
    );
  });

  it('extend() layers headers and replaces a plugin of the same name', async () => {
    const server = await echoServer();
    const calls = recordCalls();
    const base = createHttpClient({ baseUrl: server.url, fetch: calls, headers: { 'x-one': '1' } });
    const child = base.extend({ headers: { 'x-two': '2' }, plugins: [{ name: 'request-id' }] });
    await child.get('/');
    expect(calls.calls[0]?.headers).toMatchObject({ 'x-one': '1', 'x-two': '2' });
  });

  it('logs request, response and retry events with redacted URLs', async () => {
    const server = await echoServer();
    const events: HttpLogEvent[] = [];
    const http = createHttpClient({
      baseUrl: server.url,
      logger: (e) => events.push(e),
      retry: { limit: 1, sleep: async () => {} },
    });
    await http
      .get('/html-error', { searchParams: { access_token: 'tok-secret-1' } })
      .catch(() => {});
    expect(events.map((e) => e.type)).toEqual([
      'request',
      'response',
      'retry',
      'request',
      'response',
    ]);
    expect(JSON.stringify(events)).not.toContain('tok-secret-1');
    expect(events[2]).toMatchObject({ type: 'retry', reason: '502', retryCount: 1 });
  });
});

describe('error guards', () => {
  it('recognize errors from the CommonJS and ESM builds alike', async () => {
    const require = createRequire(import.meta.url);
    const cjs = require('../dist/index.cjs') as typeof import('./index.js');
    const esm = (await import('../dist/index.js')) as typeof import('./index.js');
    const fromCjs = new cjs.HttpError({
      status: 404,
      statusText: 'Not Found',
      method: 'GET',
      url: 'http://x',
      headers: {},
      data: null,
      body: '',
      requestId: undefined,
      serviceCode: undefined,
      serviceMessage: undefined,
      retryCount: 0,
      attempts: 1,
      isRetryable: false,
    });
    expect(esm.isHttpError(fromCjs)).toBe(true);
    expect(esm.isSdkError(fromCjs)).toBe(true);
    expect(esm.isNetworkError(fromCjs)).toBe(false);
    expect(fromCjs instanceof esm.HttpError).toBe(false);
  });
});

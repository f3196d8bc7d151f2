import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  basicAuth,
  createHttpClient,
  type HttpClientOptions,
  isHttpError,
  isInputValidationError,
  isNetworkError,
  isTimeoutError,
  nodeHttpTransport,
} from '../index.js';
import {
  createSelfSignedCertificate,
  type LoopbackServer,
  startLoopbackServer,
} from '../testing/index.js';

// nodeHttpTransport() (node:http with keep-alive agents) over real loopback HTTP.
const createClient = (options: HttpClientOptions) =>
  createHttpClient({ transport: nodeHttpTransport(), ...options });

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;

async function serve(handler: Handler): Promise<LoopbackServer> {
  const server = await startLoopbackServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    await handler(req, res, Buffer.concat(chunks));
  });
  servers.push(server);
  return server;
}

const echo: Handler = (req, res, body) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: body.toString(),
    }),
  );
};

interface Echoed {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

describe('the node:http transport', () => {
  it('reuses keep-alive connections, sequentially and at concurrency 8', async () => {
    const server = await serve(echo);
    const http = createClient({ baseUrl: server.url });
    for (let i = 0; i < 20; i++) await http.get('/');
    expect(server.totalConnections()).toBe(1);
    for (let round = 0; round < 10; round++)
      await Promise.all(Array.from({ length: 8 }, () => http.get('/')));
    expect(server.totalConnections()).toBeLessThanOrEqual(8);
  });

  it('sends headers, query and bodies with the content types fetch would give them', async () => {
    const server = await serve(echo);
    const http = createClient({
      baseUrl: `${server.url}/base/`,
      auth: basicAuth({ username: 'u', password: 'secret-pw' }),
    });
    const json = await http.post<Echoed>('docs?x=1', {
      json: { a: 1 },
      searchParams: { y: 'a b' },
    });
    expect(json).toMatchObject({ method: 'POST', url: '/base/docs?x=1&y=a+b', body: '{"a":1}' });
    expect(json.headers).toMatchObject({
      'content-type': 'application/json',
      'content-length': '7',
      'accept-encoding': 'gzip, deflate',
      authorization: `Basic ${Buffer.from('u:secret-pw').toString('base64')}`,
      connection: 'keep-alive',
    });
    const text = await http.put<Echoed>('/t', { body: 'plain' });
    expect(text.headers['content-type']).toBe('text/plain;charset=UTF-8');
    const form = await http.post<Echoed>('/f', { body: new URLSearchParams({ a: '1', b: '2' }) });
    expect(form).toMatchObject({ body: 'a=1&b=2' });
    expect(form.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    const blob = await http.post<Echoed>('/b', {
      body: new Blob(['<x/>'], { type: 'application/xml' }),
    });
    expect(blob).toMatchObject({ body: '<x/>', headers: { 'content-type': 'application/xml' } });
    const buffer = await http.post<Echoed>('/a', {
      body: new TextEncoder().encode('bytes').buffer,
    });
    expect(buffer.body).toBe('bytes');
    const empty = await http.post<Echoed>('/e');
    expect(empty.headers['content-length']).toBe('0');
  });

  it('streams a request body in chunks and a response body as it arrives', async () => {
    let release: () => void = () => {};
    const server = await serve(async (req, res, body) => {
      if (req.url === '/upload') {
        res.end(JSON.stringify({ size: body.length, chunked: req.headers['transfer-encoding'] }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first;');
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      res.end('last');
    });
    const http = createClient({ baseUrl: server.url });
    async function* parts() {
      for (let i = 0; i < 100; i++) yield new Uint8Array(10_000).fill(65);
    }
    await expect(http.put('/upload', { body: parts() })).resolves.toEqual({
      size: 1_000_000,
      chunked: 'chunked',
    });
    const reader = (await http.request('/download')).stream().getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value ?? []).toString()).toBe('first;');
    release();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read())
      rest += Buffer.from(r.value).toString();
    expect(rest).toBe('last');
  });

  it('ends a streamed upload whose source fails with a network error, not retried', async () => {
    const server = await serve(echo);
    const http = createClient({ baseUrl: server.url, retry: { limit: 3 } });
    async function* failing() {
      yield new Uint8Array([1, 2, 3]);
      throw new Error('source broke');
    }
    const error = await http.put('/x', { body: failing() }).catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expect((error as Error & { retryCount: number }).retryCount).toBe(0);
  });

  it('retries a reset connection and a truncated body for GET, and reports the cause', async () => {
    let calls = 0;
    const server = await serve((req, res) => {
      calls++;
      if (req.url === '/reset' && calls === 1) {
        req.socket.destroy();
        return;
      }
      if (req.url === '/truncated' && calls === 3) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"partial":');
        setTimeout(() => req.socket.destroy(), 10);
        return;
      }
      if (req.url === '/always-reset') {
        req.socket.destroy();
        return;
      }
      res.end('{"ok":true}');
    });
    const http = createClient({
      baseUrl: server.url,
      retry: { limit: 1, sleep: async () => {} },
    });
    await expect(http.get('/reset')).resolves.toEqual({ ok: true });
    await expect(http.get('/truncated')).resolves.toEqual({ ok: true });
    expect(calls).toBe(4);
    const error = await http.get('/always-reset').catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expect(error).toMatchObject({ retryCount: 1 });
    const cause = (error as { cause: { message: string; cause: { code: string } } }).cause;
    expect(cause.message).toBe('fetch failed');
    expect(cause.cause.code).toBe('ECONNRESET');
  });

  it('reports a refused connection with its code, safe to retry for any method', async () => {
    const server = await serve(echo);
    const url = server.url;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    let attempts = 0;
    const http = createClient({
      baseUrl: url,
      retry: { limit: 2, sleep: async () => {} },
      logger: (e) => {
        if (e.type === 'request') attempts++;
      },
    });
    const error = await http.post('/', { json: {} }).catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expect((error as { cause: { cause: { code: string } } }).cause.cause.code).toBe('ECONNREFUSED');
    expect(attempts).toBe(3);
  });

  it('times out while waiting for headers, and aborts with the caller reason at any point', async () => {
    const server = await serve(async (req, res) => {
      if (req.url === '/stall') return;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
    });
    const http = createClient({ baseUrl: server.url, retry: false });
    const timedOut = await http.get('/stall', { timeout: 100 }).catch((e: unknown) => e);
    expect(isTimeoutError(timedOut)).toBe(true);
    expect(timedOut).toMatchObject({ kind: 'attempt', timeoutMs: 100 });

    const before = new AbortController();
    const pending = http.get('/stall', { signal: before.signal });
    setTimeout(() => before.abort(), 20);
    expect(((await pending.catch((e: unknown) => e)) as Error).name).toBe('AbortError');

    const already = AbortSignal.abort(new Error('not wanted'));
    await expect(http.get('/stall', { signal: already })).rejects.toThrow('not wanted');

    const during = new AbortController();
    const response = await http.request('/slow-body', { signal: during.signal });
    const text = response.text();
    during.abort(new Error('stop reading'));
    await expect(text).rejects.toThrow('stop reading');

    const streamed = new AbortController();
    const reader = (await http.request('/slow-body', { signal: streamed.signal }))
      .stream()
      .getReader();
    await reader.read();
    streamed.abort();
    await expect(reader.read()).rejects.toThrow();
  });

  it('follows GET and HEAD redirects through fetch, and gives other methods the 3xx', async () => {
    const other = await serve(echo);
    const server = await serve((req, res, body) => {
      const to = (status: number, location: string) => {
        res.writeHead(status, { location });
        res.end();
      };
      if (req.url === '/moved') return to(301, '/target?from=moved');
      if (req.url === '/see-other') return to(303, '/target');
      if (req.url === '/temporary') return to(307, '/target');
      if (req.url === '/elsewhere') return to(302, `${other.url}/away`);
      if (req.url === '/loop') return to(302, '/loop');
      if (req.url === '/bad') return to(302, 'http://[oops');
      echo(req, res, body);
    });
    const http = createClient({
      baseUrl: server.url,
      retry: false,
      auth: basicAuth({ username: 'u', password: 'secret-pw' }),
    });
    await expect(http.get<Echoed>('/moved')).resolves.toMatchObject({ url: '/target?from=moved' });
    // Other methods get the 3xx: sending a write again could repeat it.
    const seeOther = await http.post('/see-other', { json: { a: 1 } }).catch((e: unknown) => e);
    expect(isHttpError(seeOther) && seeOther.status).toBe(303);
    const temporary = await http.put('/temporary', { json: { a: 1 } }).catch((e: unknown) => e);
    expect(isHttpError(temporary) && temporary.headers.location).toBe('/target');
    const away = await http.get<Echoed>('/elsewhere');
    expect(away.url).toBe('/away');
    expect(away.headers.authorization).toBeUndefined();
    const loop = await http.get('/loop').catch((e: unknown) => e);
    expect(isNetworkError(loop)).toBe(true);
    expect((loop as { cause: { cause: Error } }).cause.cause.message).toMatch(/redirect count/);
    expect(isNetworkError(await http.get('/bad').catch((e: unknown) => e))).toBe(true);
    async function* once() {
      yield new Uint8Array([1]);
    }
    const streamed = await http.put('/temporary', { body: once() }).catch((e: unknown) => e);
    expect(isNetworkError(streamed)).toBe(true);
  });

  it('decodes gzip bodies, keeps null bodies empty, and builds the platform Response on demand', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync('{"zipped":true}'));
        return;
      }
      if (req.url === '/none') {
        res.writeHead(204, { 'x-n': '1' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': ['a=1', 'b=2'] });
      res.end('\uFEFFhello');
    });
    const http = createClient({ baseUrl: server.url });
    await expect(http.get('/gzip')).resolves.toEqual({ zipped: true });
    const none = await http.request('/none');
    expect(none.status).toBe(204);
    expect(none.headers.get('x-n')).toBe('1');
    await expect(none.text()).resolves.toBe('');
    expect(none.raw.body).toBeNull();
    const text = await http.request('/text');
    expect(text.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    await expect(text.text()).resolves.toBe('hello');
    await expect(text.text()).rejects.toThrow(TypeError);
    expect(text.raw.bodyUsed).toBe(true);
    const raw = (await http.request('/text')).raw;
    expect(raw).toBeInstanceOf(Response);
    expect(raw.status).toBe(200);
    await expect(raw.text()).resolves.toBe('hello');
    const bytes = await (await http.request('/text')).bytes();
    expect(Buffer.from(bytes).toString()).toBe('\uFEFFhello');
    const head = await http.head('/text');
    expect(head.status).toBe(200);
  });

  it('applies the tls options to https connections', async () => {
    const certificate = createSelfSignedCertificate();
    const server = await startLoopbackServer(
      (_req, res) => {
        res.end('{"secure":true}');
      },
      { tls: certificate },
    );
    servers.push(server);
    const trusted = createClient({ baseUrl: server.url, tls: { ca: certificate.cert } });
    await expect(trusted.get('/')).resolves.toEqual({ secure: true });
    await expect(trusted.get('/')).resolves.toEqual({ secure: true });
    expect(server.totalConnections()).toBe(1);
    const untrusted = createClient({ baseUrl: server.url, retry: false });
    expect(isNetworkError(await untrusted.get('/').catch((e: unknown) => e))).toBe(true);
  });

  it('refuses a body on GET, as fetch does, before sending anything', async () => {
    let requests = 0;
    const server = await serve((req, res, body) => {
      requests++;
      echo(req, res, body);
    });
    const http = createClient({ baseUrl: server.url, retry: false });
    const error = await http.request('/', { body: 'x' }).catch((e: unknown) => e);
    expect(isInputValidationError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Invalid request options: body: must not be given with GET',
    );
    expect(requests).toBe(0);
  });

  it('goes through the global fetch when it was replaced (test doubles, interceptors)', async () => {
    const server = await serve(echo);
    const http = createClient({ baseUrl: server.url });
    const original = globalThis.fetch;
    const seen: string[] = [];
    globalThis.fetch = (input, init) => {
      seen.push(String(input));
      return original(input, init);
    };
    try {
      await http.get('/through-fetch');
    } finally {
      globalThis.fetch = original;
    }
    await http.get('/not-through-fetch');
    expect(seen).toEqual([`${server.url}/through-fetch`]);
  });
});

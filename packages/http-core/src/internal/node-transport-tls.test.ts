import { getEventListeners } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHttpClient,
  type HttpClientOptions,
  isAuthenticationError,
  isHttpError,
  isNetworkError,
  nodeHttpTransport,
  x509TokenAuth,
} from '../index.js';
import {
  createSelfSignedCertificate,
  type LoopbackServer,
  startLoopbackServer,
} from '../testing/index.js';

// One node transport serves plain HTTP and HTTPS with TLS options: with nodeHttpTransport(), with
// `tls` alone (HTTPS goes over the same transport), and under x509TokenAuth's login.
const serverCert = createSelfSignedCertificate({ commonName: '127.0.0.1' });
const clientCert = createSelfSignedCertificate({ commonName: 'client-host' });

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

/** An HTTPS server on the self-signed certificate that asks for (and checks) a client one. */
async function serveTls(handler: Handler): Promise<LoopbackServer> {
  const server = await startLoopbackServer(
    async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      handler(req, res, Buffer.concat(chunks));
    },
    { tls: { ...serverCert, ca: clientCert.cert, requestCert: true } },
  );
  servers.push(server);
  return server;
}

/** Who the client was: the CN of a certificate signed by the trusted CA, else null. */
const peerOf = (req: IncomingMessage) => {
  const socket = req.socket as TLSSocket;
  return socket.authorized ? socket.getPeerCertificate().subject.CN : null;
};

const echo: Handler = (req, res, body) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      peer: peerOf(req),
      method: req.method,
      type: req.headers['content-type'] ?? null,
      body: body.toString(),
    }),
  );
};

const ways: [string, HttpClientOptions][] = [
  ['nodeHttpTransport() with tls', { transport: nodeHttpTransport() }],
  ['tls alone', {}],
];

describe.each(ways)('HTTPS over the node transport: %s', (_name, via) => {
  it('trusts a self-signed server through the CA, over one keep-alive connection', async () => {
    const server = await serveTls(echo);
    const http = createHttpClient({ baseUrl: server.url, ...via, tls: { ca: serverCert.cert } });
    for (let i = 0; i < 5; i++) {
      await expect(http.get('/')).resolves.toMatchObject({ peer: null, method: 'GET' });
    }
    expect(server.totalConnections()).toBe(1);
    const untrusted = createHttpClient({ baseUrl: server.url, ...via, tls: {}, retry: false });
    const refused = await untrusted.get('/').catch((e: unknown) => e);
    expect(isNetworkError(refused)).toBe(true);
    expect(String((refused as Error).cause)).toMatch(/fetch failed/);
    const unchecked = createHttpClient({
      baseUrl: server.url,
      ...via,
      tls: { rejectUnauthorized: false },
    });
    await expect(unchecked.get('/')).resolves.toMatchObject({ method: 'GET' });
  });

  it('presents the client certificate (mutual TLS)', async () => {
    const server = await serveTls(echo);
    const http = createHttpClient({
      baseUrl: server.url,
      ...via,
      tls: { ca: serverCert.cert, cert: clientCert.cert, key: clientCert.key },
    });
    await expect(http.post('/', { json: { a: 1 } })).resolves.toEqual({
      peer: 'client-host',
      method: 'POST',
      type: 'application/json',
      body: '{"a":1}',
    });
  });

  it('decodes a gzip answer, as fetch does', async () => {
    const server = await serveTls((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ asked: req.headers['accept-encoding'] ?? null })));
    });
    const http = createHttpClient({ baseUrl: server.url, ...via, tls: { ca: serverCert.cert } });
    await expect(http.get('/')).resolves.toEqual({ asked: 'gzip, deflate' });
  });

  it('sends streamed and form bodies as bytes with their content type, keeping the TLS options', async () => {
    const server = await serveTls(echo);
    const http = createHttpClient({
      baseUrl: server.url,
      ...via,
      tls: { ca: serverCert.cert, cert: clientCert.cert, key: clientCert.key },
    });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed '));
        controller.enqueue(new TextEncoder().encode('body'));
        controller.close();
      },
    });
    const streamed = await http.request('/', { method: 'PUT', body: stream });
    await expect(streamed.json()).resolves.toMatchObject({
      peer: 'client-host',
      body: 'streamed body',
    });
    const form = await http.request('/', {
      method: 'POST',
      body: new URLSearchParams({ q: 'a b' }),
    });
    await expect(form.json()).resolves.toMatchObject({
      peer: 'client-host',
      type: 'application/x-www-form-urlencoded;charset=UTF-8',
      body: 'q=a+b',
    });
  });

  it('hands a redirect back instead of following it without the TLS options', async () => {
    let followed = 0;
    const server = await serveTls((req, res) => {
      if (req.url === '/moved') {
        res.writeHead(302, { location: '/target' });
        res.end();
        return;
      }
      followed++;
      echo(req, res, Buffer.alloc(0));
    });
    const http = createHttpClient({
      baseUrl: server.url,
      ...via,
      tls: { ca: serverCert.cert },
      retry: false,
    });
    const error = await http.get('/moved').catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(302);
    expect(followed).toBe(0);
  });

  it('rejects with the abort reason mid-request and mid-body, leaving no listener behind', async () => {
    const server = await serveTls((req, res) => {
      if (req.url === '/slow-body') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first part ');
        return; // the rest never comes
      }
      // /stall: no answer at all
    });
    const http = createHttpClient({
      baseUrl: server.url,
      ...via,
      tls: { ca: serverCert.cert },
      retry: false,
    });
    const controller = new AbortController();
    const stalled = http.get('/stall', { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(new Error('caller gave up'));
    await expect(stalled).rejects.toThrow('caller gave up');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);

    const midBody = new AbortController();
    const response = await http.request('/slow-body', { signal: midBody.signal });
    const text = response.text();
    setTimeout(() => midBody.abort(new Error('stop reading')), 50);
    await expect(text).rejects.toThrow('stop reading');
    expect(getEventListeners(midBody.signal, 'abort')).toHaveLength(0);
  });

  it('a request node:https refuses to start fails as a network error and leaves no timer or listener', async () => {
    const server = await serveTls(echo);
    const http = createHttpClient({
      baseUrl: server.url,
      ...via,
      tls: { cert: 'not a certificate', key: 'not a key' },
      retry: false,
      timeout: 50,
    });
    const signal = AbortSignal.timeout(60_000);
    const error = await http.get('/', { signal }).catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expect(String((error as { cause?: { cause?: unknown } }).cause?.cause)).toMatch(/PEM/);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    // The attempt's 50 ms timeout must not fire after the failure (it would throw in a timer).
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(server.totalConnections()).toBe(0);
  });
});

describe('x509TokenAuth over the node transport', () => {
  async function authn(handler: Handler) {
    return serveTls(handler);
  }

  it('logs in over mutual TLS while the service itself is plain HTTP', async () => {
    const login = await authn((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token: `token-of-${peerOf(req)}` }));
    });
    const service = await startLoopbackServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ key: req.headers['x-api-key'] ?? null }));
    });
    servers.push(service);
    const http = createHttpClient({
      baseUrl: service.url,
      transport: nodeHttpTransport(),
      auth: x509TokenAuth({
        host: '127.0.0.1',
        authnUrl: `${login.url}/login`,
        tls: { ca: serverCert.cert, cert: clientCert.cert, key: clientCert.key },
      }),
    });
    await expect(http.get('/')).resolves.toEqual({ key: 'token-of-client-host' });
  });

  it('stops a stalled login when the caller aborts, leaving no listener on its signal', async () => {
    const login = await authn(() => {
      // never answers
    });
    const service = await startLoopbackServer((_req, res) => {
      res.end('{}');
    });
    servers.push(service);
    const http = createHttpClient({
      baseUrl: service.url,
      retry: false,
      auth: x509TokenAuth({
        host: '127.0.0.1',
        authnUrl: `${login.url}/login`,
        tls: { ca: serverCert.cert, cert: clientCert.cert, key: clientCert.key },
      }),
    });
    const controller = new AbortController();
    const call = http.get('/', { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(new Error('no more waiting'));
    await expect(call).rejects.toThrow('no more waiting');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('a certificate node:https cannot load fails the login with an AuthenticationError', async () => {
    const login = await authn(echo);
    const http = createHttpClient({
      baseUrl: login.url,
      // The login is retried as a network failure; without waiting between attempts.
      retry: { limit: 0, sleep: async () => {} },
      auth: x509TokenAuth({
        host: '127.0.0.1',
        authnUrl: `${login.url}/login`,
        tls: { cert: 'not a certificate', key: 'not a key' },
      }),
    });
    const error = await http.get('/').catch((e: unknown) => e);
    expect(isAuthenticationError(error)).toBe(true);
    expect(login.totalConnections()).toBe(0);
  });
});

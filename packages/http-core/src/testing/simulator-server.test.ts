import type { IncomingMessage, ServerResponse } from 'node:http';
import { get as httpsGet } from 'node:https';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaultInjector } from './fault-injector.js';
import { toNodeHandler } from './loopback-server.js';
import { createSelfSignedCertificate } from './self-signed-certificate.js';
import { createSimulatorClock } from './simulator-clock.js';
import { createSimulatorServer, type SimulatorListening } from './simulator-server.js';

const open: SimulatorListening[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) await server.close();
});
const serve = async (...args: Parameters<ReturnType<typeof createSimulatorServer>['listen']>) => {
  const listening = await sim.listen(...args);
  open.push(listening);
  return listening;
};

const getOverTls = (url: string, ca: string) =>
  new Promise<string>((resolve, reject) => {
    httpsGet(url, { ca }, (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });

let hits = 0;
/** Echoes what it was sent; `/boom` throws, `/gzip` answers compressed. */
async function routes(req: IncomingMessage, res: ServerResponse) {
  hits++;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (req.url === '/boom') throw new Error('route failed');
  if (req.url === '/gzip') {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
    res.end(gzipSync('unzipped'));
    return;
  }
  res.writeHead(201, { 'content-type': 'application/json', 'x-sim': 'yes' });
  res.end(
    JSON.stringify({
      method: req.method,
      url: req.url,
      host: req.headers.host,
      body: Buffer.concat(chunks).toString(),
      encrypted: Boolean((req.socket as { encrypted?: boolean }).encrypted),
    }),
  );
}
let sim = createSimulatorServer({ handler: routes });
afterEach(() => {
  sim = createSimulatorServer({ handler: routes });
});

const answerOf = async (response: Response) => ({
  status: response.status,
  type: response.headers.get('content-type'),
  sim: response.headers.get('x-sim'),
  body: await response.json(),
});

describe('createSimulatorServer: listen()', () => {
  it('serves the routes on 127.0.0.1 and resolves with url, port, close and connection counts', async () => {
    const server = await serve();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.certificate).toBeUndefined();
    const response = await fetch(`${server.url}/a?b=1`, { method: 'POST', body: 'hi' });
    expect(await answerOf(response)).toEqual({
      status: 201,
      type: 'application/json',
      sim: 'yes',
      body: {
        method: 'POST',
        url: '/a?b=1',
        host: `127.0.0.1:${server.port}`,
        body: 'hi',
        encrypted: false,
      },
    });
    expect(server.totalConnections()).toBe(1);
    expect(server.connectionCount()).toBe(1);
  });

  it('calls onClose when a listening server closes, then stops it', async () => {
    let closed = 0;
    sim = createSimulatorServer({ handler: routes, onClose: () => closed++ });
    const server = await sim.listen();
    await server.close();
    expect(closed).toBe(1);
    await expect(fetch(`${server.url}/a`)).rejects.toThrow('fetch failed');
  });

  it('tls: true serves HTTPS with one self-signed certificate per simulator, handed back to trust', async () => {
    const first = await serve({ tls: true });
    const second = await serve({ tls: true });
    expect(first.url).toBe(`https://127.0.0.1:${first.port}`);
    expect(first.certificate).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(second.certificate).toBe(first.certificate);
    const body = await getOverTls(`${first.url}/tls`, first.certificate ?? '');
    expect(JSON.parse(body)).toMatchObject({ url: '/tls', encrypted: true });
  });

  it('tls with a key and certificate serves them and hands the certificate back', async () => {
    const own = createSelfSignedCertificate({ commonName: 'own' });
    const server = await serve({ tls: own });
    expect(server.certificate).toBe(own.cert);
    expect(JSON.parse(await getOverTls(`${server.url}/own`, own.cert))).toMatchObject({
      url: '/own',
      encrypted: true,
    });
  });
});

describe('createSimulatorServer: fetch in process', () => {
  it('answers as the loopback server does, with no socket', async () => {
    const server = await serve();
    const init = { method: 'PUT', body: 'same', headers: { 'content-type': 'text/plain' } };
    const overSocket = await answerOf(await fetch(`${server.url}/x`, init));
    const inProcess = await answerOf(await sim.fetch(`${server.url}/x`, init));
    expect(inProcess).toEqual(overSocket);
    expect(server.totalConnections()).toBe(1);
  });

  it('sends the host of the URL, and serves an https: URL as over TLS', async () => {
    const response = await sim.fetch('https://sim.test:8443/p?q');
    expect(response.url).toBe('https://sim.test:8443/p?q');
    expect((await response.json()).host).toBe('sim.test:8443');
    const routed = createSimulatorServer({
      handler: toNodeHandler((request) => new Response(new URL(request.url).origin)),
    });
    expect(await (await routed.fetch('https://sim.test/u')).text()).toBe('https://sim.test');
    expect(await (await routed.fetch('http://sim.test/u')).text()).toBe('http://sim.test');
  });

  it('goes through the faults: statuses, resets, cut bodies, stalls and delays', async () => {
    sim.faults.failNext(1, 503, { retryAfter: 2 });
    const refused = await sim.fetch('http://sim.test/a');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    await refused.text();

    sim.faults.next({ kind: 'reset' });
    const reset = await sim.fetch('http://sim.test/a').catch((e: unknown) => e);
    expect(reset).toBeInstanceOf(TypeError);
    expect(reset).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNRESET' } });

    sim.faults.next({ kind: 'truncate' });
    const cut = await sim.fetch('http://sim.test/a');
    expect(cut.status).toBe(200);
    await expect(cut.text()).rejects.toMatchObject({ name: 'TypeError', message: 'terminated' });

    sim.faults.next({ kind: 'stall' });
    const stalled = sim.fetch('http://sim.test/a');
    await new Promise((resolve) => setTimeout(resolve, 50));
    sim.faults.clear();
    await expect(stalled).rejects.toThrow('fetch failed');

    sim.faults.next({ kind: 'delay', ms: 60 });
    const started = Date.now();
    expect((await sim.fetch('http://sim.test/a')).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(sim.faults.stats()).toMatchObject({
      'status:503': 1,
      reset: 1,
      truncate: 1,
      stall: 1,
      delay: 1,
    });
  });

  it('answers a route that throws with a 500, as the loopback server does', async () => {
    const server = await serve();
    const overSocket = await fetch(`${server.url}/boom`);
    const inProcess = await sim.fetch('http://sim.test/boom');
    expect(inProcess.status).toBe(500);
    expect(await inProcess.json()).toEqual(await overSocket.json());
  });

  it('answers a route that throws before its first await with a 500 too, on both paths', async () => {
    const throwing = createSimulatorServer({
      handler: () => {
        throw new Error('at once');
      },
    });
    const server = await throwing.listen();
    open.push(server);
    const overSocket = await fetch(`${server.url}/`);
    expect(overSocket.status).toBe(500);
    expect(await overSocket.json()).toEqual({ error: 'internal_error', reason: 'Error: at once' });
    expect((await throwing.fetch('http://sim.test/')).status).toBe(500);
  });

  it('decodes a gzip answer as fetch does, and gives HEAD and 204 no body', async () => {
    expect(await (await sim.fetch('http://sim.test/gzip')).text()).toBe('unzipped');
    const head = await sim.fetch('http://sim.test/a', { method: 'HEAD' });
    expect(head.status).toBe(201);
    expect(head.body).toBeNull();
    const noContent = createSimulatorServer({
      handler: (_req, res) => {
        res.writeHead(204);
        res.end();
      },
    });
    expect((await noContent.fetch('http://sim.test/')).body).toBeNull();
  });

  it('rejects with the abort reason, before the call and while it waits', async () => {
    const before = hits;
    await expect(
      sim.fetch('http://sim.test/a', { signal: AbortSignal.abort(new Error('gone')) }),
    ).rejects.toThrow('gone');
    expect(hits).toBe(before);
    sim.faults.next({ kind: 'stall' });
    const controller = new AbortController();
    const waiting = sim.fetch('http://sim.test/a', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop waiting')), 20);
    await expect(waiting).rejects.toThrow('stop waiting');
    await expect(sim.fetch('ftp://sim.test/a')).rejects.toThrow('fetch failed');
  });

  it('cancelling a body mid-stream closes the connection the route writes to', async () => {
    let closed!: () => void;
    const routeSawClose = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const endless = createSimulatorServer({
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const tick = setInterval(() => res.write('chunk\n'), 5);
        res.on('close', () => {
          clearInterval(tick);
          closed();
        });
      },
    });
    const response = await endless.fetch('http://sim.test/feed');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('chunk');
    await reader.cancel();
    await routeSawClose;
  });
});

describe('createSimulatorServer: faults and CORS', () => {
  it('takes an injector as it is, or the options of a new one', async () => {
    const injector = createFaultInjector();
    expect(createSimulatorServer({ handler: routes, faults: injector }).faults).toBe(injector);
    const fromOptions = createSimulatorServer({
      handler: routes,
      faults: { rate: 1, pool: [{ kind: 'status', status: 507 }] },
    });
    const server = await fromOptions.listen();
    open.push(server);
    expect((await fetch(`${server.url}/a`)).status).toBe(507);
    expect((await fromOptions.fetch('http://sim.test/a')).status).toBe(507);
    expect(fromOptions.faults.stats()).toEqual({ 'status:507': 2 });
  });

  it('answers browser pages by default (CORS outside the faults), and not with cors: false', async () => {
    const preflight = {
      method: 'OPTIONS',
      headers: { origin: 'http://page.test', 'access-control-request-method': 'PUT' },
    };
    sim.faults.failNext(1, 503);
    const before = hits;
    const answered = await sim.fetch('http://sim.test/a', preflight);
    expect(answered.status).toBe(204);
    expect(answered.headers.get('access-control-allow-origin')).toBe('http://page.test');
    expect(hits).toBe(before);
    const faulted = await sim.fetch('http://sim.test/a', { headers: { origin: 'http://p.test' } });
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('access-control-allow-origin')).toBe('http://p.test');

    const closed = createSimulatorServer({ handler: routes, cors: false });
    const plain = await closed.fetch('http://sim.test/a', preflight);
    expect(plain.status).toBe(201);
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('needs a handler', () => {
    expect(() => createSimulatorServer({} as never)).toThrow(TypeError);
  });
});

describe('createSimulatorClock', () => {
  it('from a number: stopped there, moved by advance', () => {
    const clock = createSimulatorClock(1_000);
    expect(clock.now()).toBe(1_000);
    clock.advance(500);
    expect(clock.now()).toBe(1_500);
  });

  it('from a function: its time plus every advance; a clock is passed through', () => {
    let time = 10;
    const clock = createSimulatorClock(() => time);
    clock.advance(5);
    time = 20;
    expect(clock.now()).toBe(25);
    expect(createSimulatorClock(clock)).toBe(clock);
    const real = createSimulatorClock();
    real.advance(60_000);
    expect(real.now() - Date.now()).toBeGreaterThanOrEqual(59_000);
    expect(() => createSimulatorClock('soon' as never)).toThrow(TypeError);
  });
});

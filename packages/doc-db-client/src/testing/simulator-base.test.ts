import { request as httpsRequest } from 'node:https';
import { isHttpError } from '@connectorkit/http-core';
import {
  createFaultInjector,
  createSimulatorClock,
  startLoopbackServer,
} from '@connectorkit/http-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocDbClient, type DocDbClientOptions, isConflictError } from '../index.js';
import { createCouchDbSimulator, type SimulatorListening } from './index.js';

const open: SimulatorListening[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) await server.close();
});

async function listening(sim = createCouchDbSimulator(), tls = false) {
  const server = await sim.listen(tls ? { tls: true } : {});
  open.push(server);
  return server;
}

const statusOf = (error: unknown) => (isHttpError(error) ? error.status : `not an HttpError`);
const noRetry: DocDbClientOptions = { retry: false };

/** A PUT over HTTPS trusting `ca`, for what the client does not show: the `Location` header. */
const putOverTls = (url: string, ca: string) =>
  new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
    const req = httpsRequest(url, { method: 'PUT', ca }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, location: res.headers.location });
    });
    req.on('error', reject);
    req.end();
  });

describe('CouchDB simulator on the shared simulator base', () => {
  it('listen() resolves to url, port, close, connectionCount, totalConnections', async () => {
    const sim = createCouchDbSimulator();
    const server = await listening(sim);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.certificate).toBeUndefined();
    expect(server.totalConnections()).toBe(0);
    const client = createDocDbClient({ url: server.url });
    await client.putDatabase({ db: 'shape' });
    await client.putDocument({ db: 'shape', docId: 'a', document: { n: 1 } });
    expect(sim.getDocument('shape', 'a')).toMatchObject({ _id: 'a', n: 1 });
    expect(server.totalConnections()).toBeGreaterThan(0);
    expect(server.connectionCount()).toBeLessThanOrEqual(server.totalConnections());
  });

  it('close() ends a continuous feed still open', async () => {
    const sim = createCouchDbSimulator();
    sim.createDatabase('feed');
    const server = await sim.listen();
    const answer = await fetch(`${server.url}/feed/_changes?feed=continuous&heartbeat=100`);
    await expect.poll(() => sim.openRequests()).toBe(1);
    await server.close();
    await expect(answer.text()).rejects.toThrow();
    expect(sim.openRequests()).toBe(0);
  });

  it.each([404, 409, 429, 500])(
    'failNext(1, %i) reaches a doc-db client as an HttpError of that status, over loopback and in process',
    async (status) => {
      const sim = createCouchDbSimulator();
      sim.createDatabase('db');
      const server = await listening(sim);
      const clients = [
        createDocDbClient({ url: server.url, ...noRetry }),
        createDocDbClient({ url: 'http://couch.test', fetch: sim.fetch, ...noRetry }),
      ];
      for (const client of clients) {
        sim.faults.failNext(1, status);
        const failure = await client.getDatabaseInformation({ db: 'db' }).catch((e: unknown) => e);
        expect(statusOf(failure)).toBe(status);
        await expect(client.getDatabaseInformation({ db: 'db' })).resolves.toMatchObject({
          db_name: 'db',
        });
      }
      expect(sim.faults.stats()[`status:${status}`]).toBe(2);
    },
  );

  it('tls: true serves HTTPS with a certificate a doc-db client trusts through tls.ca', async () => {
    const sim = createCouchDbSimulator();
    const server = await listening(sim, true);
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);
    expect(server.certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const client = createDocDbClient({ url: server.url, tls: { ca: server.certificate ?? '' } });
    await client.putDatabase({ db: 'secure' });
    await client.putDocument({ db: 'secure', docId: 'a', document: { n: 1 } });
    expect(sim.getDocument('secure', 'a')).toMatchObject({ n: 1 });
    sim.faults.failNext(1, 409);
    const failure = await client.getAllDbs().catch((e: unknown) => e);
    expect(statusOf(failure)).toBe(409);
    // Not trusted without the certificate; Location names the HTTPS server.
    const untrusted = createDocDbClient({ url: server.url, ...noRetry });
    await expect(untrusted.getAllDbs()).rejects.toThrow();
    const created = await putOverTls(`${server.url}/other`, server.certificate ?? '');
    expect(created).toEqual({ status: 201, location: `${server.url}/other` });
    // The certificate is made once per simulator.
    expect((await listening(sim, true)).certificate).toBe(server.certificate);
  });

  it('a client given sim.fetch runs in process: routes, faults and feeds, no server', async () => {
    const sim = createCouchDbSimulator();
    const client = createDocDbClient({
      url: 'http://couch.test',
      fetch: sim.fetch,
      retry: { limit: 3, sleep: async () => {} },
    });
    await client.putDatabase({ db: 'local' });
    sim.faults.failNext(2, 503);
    const written = await client.putDocument({ db: 'local', docId: 'a', document: { n: 1 } });
    expect(sim.faults.stats()['status:503']).toBe(2);
    expect(sim.getDocument('local', 'a')).toEqual({ _id: 'a', _rev: written.rev, n: 1 });
    await expect(
      client.putDocument({ db: 'local', docId: 'a', document: { n: 2 } }),
    ).rejects.toSatisfy(isConflictError);
    // A longpoll feed streams in process, and an abort closes it at the simulator.
    const waiting = client.postChanges({ db: 'local', feed: 'longpoll', since: 'now' });
    await expect.poll(() => sim.openRequests()).toBe(1);
    sim.writeDocuments('local', [{ _id: 'late' }]);
    expect((await waiting).results.map((r) => r.id)).toEqual(['late']);
    sim.setIgnoreTimeout(true);
    const controller = new AbortController();
    const hanging = client.postChanges({
      db: 'local',
      feed: 'longpoll',
      since: 'now',
      timeout: 10,
      signal: controller.signal,
    });
    await expect.poll(() => sim.openRequests()).toBe(1);
    controller.abort();
    await expect(hanging).rejects.toThrow();
    await expect.poll(() => sim.openRequests()).toBe(0);
  });

  it('handler is the same simulator as a node:http handler, faults included', async () => {
    const sim = createCouchDbSimulator();
    const server = await startLoopbackServer(sim.handler);
    try {
      sim.faults.failNext(1, 503);
      expect((await fetch(`${server.url}/_up`)).status).toBe(503);
      expect((await fetch(`${server.url}/_up`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('takes faults as an injector or as options', async () => {
    const injector = createFaultInjector();
    expect(createCouchDbSimulator({ faults: injector }).faults).toBe(injector);
    const sim = createCouchDbSimulator({
      faults: { rate: 1, pool: [{ kind: 'status', status: 502 }] },
    });
    expect((await sim.fetch('http://couch.test/_up')).status).toBe(502);
  });

  it('throttleNext answers Cloudant 429s naming the class, which the client retries', async () => {
    const sim = createCouchDbSimulator();
    sim.createDatabase('t');
    const server = await listening(sim);
    sim.throttleNext(1, { retryAfter: 0 });
    const answer = await fetch(`${server.url}/t/_find`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ selector: {} }),
    });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('0');
    expect(await answer.json()).toEqual({
      error: 'too_many_requests',
      reason:
        "You've exceeded your current limit of 5 requests per second for query class. Please try later.",
      class: 'query',
      rate: 5,
    });
    sim.throttleNext(1);
    const refused = await createDocDbClient({ url: server.url, ...noRetry })
      .getDocument({ db: 't', docId: 'x' })
      .catch((e: unknown) => e);
    expect(statusOf(refused)).toBe(429);
    expect(refused).toMatchObject({ error: 'too_many_requests', serviceCode: 'too_many_requests' });
    sim.throttleNext(2);
    const client = createDocDbClient({
      url: server.url,
      retry: { limit: 3, sleep: async () => {} },
    });
    await expect(client.getDatabaseInformation({ db: 't' })).resolves.toMatchObject({
      db_name: 't',
    });
  });

  it('lostAnswers applies a write and drops its answer: the retry meets a 409', async () => {
    const sim = createCouchDbSimulator();
    sim.createDatabase('lost');
    sim.lostAnswers.next(1, (method) => method === 'PUT');
    const put = sim.fetch('http://couch.test/lost/a', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"n":1}',
    });
    await expect(put).rejects.toThrow('fetch failed');
    expect(sim.lostAnswers.stats()).toEqual({ request: 1 });
    expect(sim.getDocument('lost', 'a')).toMatchObject({ n: 1 });
    const client = createDocDbClient({ url: 'http://couch.test', fetch: sim.fetch });
    const again = await client
      .putDocument({ db: 'lost', docId: 'a', document: { n: 1 } })
      .catch((e: unknown) => e);
    expect(statusOf(again)).toBe(409);
  });

  it('runs on the clock it is given: sessions and replication times', async () => {
    const clock = createSimulatorClock(Date.parse('2026-01-01T00:00:00Z'));
    const sim = createCouchDbSimulator({ admins: { admin: 'pw' }, clock });
    expect(sim.clock).toBe(clock);
    const call = (path: string, init: RequestInit = {}) =>
      sim.fetch(`http://couch.test${path}`, init);
    const login = await call('/_session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'admin', password: 'pw' }),
    });
    expect(login.headers.get('set-cookie')).toMatch(/Expires=Thu, 01-Jan-2026 00:10:00 GMT/);
    const cookie = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
    clock.advance(9 * 60_000);
    expect((await call('/_all_dbs', { headers: cookie })).status).toBe(200);
    clock.advance(2 * 60_000);
    expect((await call('/_all_dbs', { headers: cookie })).status).toBe(401);

    sim.createDatabase('src');
    const auth = { authorization: `Basic ${btoa('admin:pw')}` };
    const job = await call('/_replicator/r', {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'http://x/src', target: 'http://x/dst', create_target: true }),
    });
    expect(job.status).toBe(201);
    await expect
      .poll(() => sim.getDocument('_replicator', 'r')?._replication_state)
      .toBe('completed');
    expect(sim.getDocument('_replicator', 'r')?._replication_state_time).toBe(
      '2026-01-01T00:11:00Z',
    );
    expect(createCouchDbSimulator({ now: () => 0 }).clock.now()).toBe(0);
  });
});

import { basicAuth, couchDbSessionAuth } from '@connectorkit/http-core';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocDbClient, isConflictError, isUnauthorizedError } from '../index.js';
import { createCouchDbSimulator } from './index.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function start(options: Parameters<typeof createCouchDbSimulator>[0] = {}) {
  const sim = createCouchDbSimulator(options);
  const server = await sim.listen();
  closers.push(server.close);
  const client = createDocDbClient({
    url: server.url,
    retry: { limit: 3, sleep: async () => {} },
    ...(options.admins ? { auth: basicAuth({ username: 'admin', password: 'pw' }) } : {}),
  });
  return { sim, server, client };
}

describe('CouchDB simulator', () => {
  it('keeps revisions, reports conflicts and database sizes', async () => {
    const { client } = await start();
    await client.putDatabase({ db: 'shop' });
    const first = await client.putDocument({ db: 'shop', docId: 'a', document: { n: 1 } });
    await expect(
      client.putDocument({ db: 'shop', docId: 'a', document: { n: 2 } }),
    ).rejects.toSatisfy(isConflictError);
    const second = await client.putDocument({
      db: 'shop',
      docId: 'a',
      document: { n: 2 },
      rev: first.rev,
    });
    expect(second.rev.startsWith('2-')).toBe(true);
    expect(await client.headDocument({ db: 'shop', docId: 'a' })).toBe(second.rev);
    const info = await client.getDatabaseInformation({ db: 'shop' });
    expect(info).toMatchObject({ doc_count: 1, doc_del_count: 0 });
    expect(typeof info.update_seq).toBe('string');
    expect(info.sizes?.external).toBeGreaterThan(0);
  });

  it('serves opaque string seqs, pending, limit and seq_interval', async () => {
    const { sim, client } = await start();
    sim.createDatabase('feed');
    sim.writeDocuments(
      'feed',
      Array.from({ length: 10 }, (_, i) => ({ _id: `d${i}`, i })),
    );
    const page = await client.postChanges({ db: 'feed', limit: 4 });
    expect(page.results.map((r) => r.id)).toEqual(['d0', 'd1', 'd2', 'd3']);
    expect(page.pending).toBe(6);
    expect(typeof page.last_seq).toBe('string');
    // With seq_interval CouchDB sends `"seq": null` on the rows between, on the rows where what
    // is left of its default limit (10^15) is a multiple of the interval.
    const rest = await client.postChanges({ db: 'feed', since: page.last_seq, seqInterval: 3 });
    expect(rest.results.map((r) => r.id)).toEqual(['d4', 'd5', 'd6', 'd7', 'd8', 'd9']);
    expect(rest.results.map((r) => typeof r.seq)).toEqual([
      'object',
      'string',
      'object',
      'object',
      'string',
      'object',
    ]);
    expect(rest.results[0]?.seq).toBeNull();
    expect(rest.pending).toBe(0);
    sim.writeDocuments('feed', [{ _id: 'd0', _rev: sim.getDocument('feed', 'd0')?._rev, i: 100 }]);
    const again = await client.postChanges({ db: 'feed', since: rest.last_seq, includeDocs: true });
    expect(again.results).toHaveLength(1);
    expect(again.results[0]?.doc).toMatchObject({ _id: 'd0', i: 100 });
  });

  it('filters by POST-body selector and doc ids', async () => {
    const { sim, client } = await start();
    sim.createDatabase('f');
    sim.writeDocuments('f', [
      { _id: 'a', type: 'x' },
      { _id: 'b', type: 'y' },
      { _id: 'c', type: 'x' },
    ]);
    const bySelector = await client.postChanges({
      db: 'f',
      filter: '_selector',
      selector: { type: 'x' },
    });
    expect(bySelector.results.map((r) => r.id)).toEqual(['a', 'c']);
    const byIds = await client.postChanges({ db: 'f', docIds: ['b'] });
    expect(byIds.results.map((r) => r.id)).toEqual(['b']);
  });

  it('ends a longpoll at its timeout with no results, or as soon as a change arrives', async () => {
    const { sim, client } = await start();
    sim.createDatabase('lp');
    const empty = await client.postChanges({
      db: 'lp',
      feed: 'longpoll',
      since: 'now',
      timeout: 100,
    });
    expect(empty.results).toEqual([]);
    const waiting = client.postChanges({
      db: 'lp',
      feed: 'longpoll',
      since: 'now',
      timeout: 30_000,
    });
    setTimeout(() => sim.writeDocuments('lp', [{ _id: 'late' }]), 50);
    expect((await waiting).results.map((r) => r.id)).toEqual(['late']);
  });

  it('omits pending on request, and counts open requests that end when the client aborts', async () => {
    const { sim, client } = await start();
    sim.createDatabase('x');
    sim.setOmitPending(true);
    expect((await client.postChanges({ db: 'x' })).pending).toBeUndefined();
    sim.setIgnoreTimeout(true);
    const controller = new AbortController();
    const pending = client.postChanges({
      db: 'x',
      feed: 'longpoll',
      since: 'now',
      timeout: 10,
      signal: controller.signal,
    });
    await expect.poll(() => sim.openRequests()).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await expect.poll(() => sim.openRequests()).toBe(0);
  });

  it('answers 429 with the Cloudant body, which the client retries', async () => {
    const { sim, client } = await start();
    sim.createDatabase('r');
    sim.faults.failNext(2, 429, { retryAfter: 0 });
    await expect(client.getDatabaseInformation({ db: 'r' })).resolves.toMatchObject({
      db_name: 'r',
    });
    expect(sim.faults.stats()['status:429']).toBe(2);
  });

  it('enforces admins with Basic auth and session cookies that carry Max-Age', async () => {
    const { server, client } = await start({ admins: { admin: 'pw' } });
    await expect(client.putDatabase({ db: 'secure' })).resolves.toMatchObject({ ok: true });
    const anonymous = createDocDbClient({ url: server.url });
    await expect(anonymous.getAllDbs()).rejects.toSatisfy(isUnauthorizedError);
    const session = createDocDbClient({
      url: server.url,
      auth: couchDbSessionAuth({ username: 'admin', password: 'pw' }),
    });
    expect(await session.getAllDbs()).toEqual(['secure']);
  });

  it('lets anonymous requests reach / but not databases, and ends sessions at their Expires', async () => {
    let clock = Date.parse('2025-01-01T00:00:00Z');
    const sim = createCouchDbSimulator({ admins: { admin: 'pw' }, now: () => clock });
    const server = await sim.listen();
    closers.push(server.close);
    sim.createDatabase('private');
    const call = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);
    expect((await call('/')).status).toBe(200);
    expect(await (await call('/private')).json()).toEqual({
      error: 'unauthorized',
      reason: 'You are not authorized to access this db.',
    });
    expect((await call('/_all_dbs')).status).toBe(401);
    const login = await call('/_session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'admin', password: 'pw' }),
    });
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/; Expires=Wed, 01-Jan-2025 00:10:00 GMT; Max-Age=600;/);
    const session = { cookie: cookie.split(';')[0] ?? '' };
    expect((await call('/private', { headers: session })).status).toBe(200);
    expect(await (await call('/_session', { headers: session })).json()).toMatchObject({
      userCtx: { name: 'admin' },
      info: { authenticated: 'cookie' },
    });
    clock += 601_000;
    expect((await call('/private', { headers: session })).status).toBe(401);
    const wrong = await call('/_session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'admin', password: 'nope' }),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toMatch(/^AuthSession=; .*Max-Age=0/);
  });
});

import { basicAuth, isResponseValidationError } from '@connectorkit/http-core';
import { startLoopbackServer, visibleText } from '@connectorkit/http-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocDbClient, type DocDbClient, isUnauthorizedError } from './index.js';
import { createCouchDbSimulator } from './testing/index.js';

/** Server, shard, search-index and Cloudant account operations over HTTP against the simulator. */
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function start(): Promise<{ client: DocDbClient; url: string }> {
  const sim = createCouchDbSimulator({ admins: { admin: 'sim-pw' } });
  const server = await sim.listen();
  closers.push(server.close);
  const auth = basicAuth({ username: 'admin', password: 'sim-pw' });
  return { client: createDocDbClient({ url: server.url, auth }), url: server.url };
}

describe('_db_updates', () => {
  it('lists each database once at its latest event, from a since, in every feed type', async () => {
    const { client } = await start();
    await client.putDatabase({ db: 'a' });
    await client.putDatabase({ db: 'b' });
    await client.putDocument({ db: 'a', docId: 'x', document: {} });
    await client.deleteDatabase({ db: 'b' });
    const all = await client.getDbUpdates();
    expect(all.results.map((r) => [r.db_name, r.type])).toEqual([
      ['a', 'updated'],
      ['b', 'deleted'],
    ]);
    const newest = await client.getDbUpdates({ descending: true, limit: 1 });
    expect(newest.results.map((r) => r.db_name)).toEqual(['b']);
    expect((await client.getDbUpdates({ since: all.last_seq })).results).toEqual([]);

    // longpoll: answers when the next event comes.
    const waiting = client.getDbUpdates({ feed: 'longpoll', since: 'now', timeout: 10_000 });
    await client.putDatabase({ db: 'c' });
    expect((await waiting).results).toMatchObject([{ db_name: 'c', type: 'created' }]);

    // continuous and eventsource: read to the server's timeout, gathered into rows.
    const continuous = await client.getDbUpdates({
      feed: 'continuous',
      since: all.last_seq,
      timeout: 20,
      heartbeat: 5,
    });
    expect(continuous.results.map((r) => r.db_name)).toEqual(['c']);
    expect(continuous.last_seq).toEqual(continuous.results[0]?.seq);
    const events = await client.getDbUpdates({ feed: 'eventsource', since: 0, timeout: 20 });
    expect(events.results.map((r) => r.db_name)).toEqual(['a', 'b', 'c']);
    expect(events.last_seq).toEqual(events.results[2]?.seq);
  });

  it('is for server admins, and a continuous feed cut short is a ResponseValidationError', async () => {
    const { url } = await start();
    const anonymous = createDocDbClient({ url });
    expect(isUnauthorizedError(await anonymous.getDbUpdates().catch((e: unknown) => e))).toBe(true);
    const cut = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"db_name":"a","type":"created","seq":"1-x"}\nnot json\n');
    });
    closers.push(cut.close);
    const client = createDocDbClient({ url: cut.url, retry: false });
    const error = await client.getDbUpdates({ feed: 'continuous' }).catch((e: unknown) => e);
    expect(isResponseValidationError(error)).toBe(true);
    expect(String(error)).toMatch(/results\.1|last_seq/);
  });
});

describe('server, shards and indexes', () => {
  it('_up, _shards and a document shard', async () => {
    const { client } = await start();
    expect(await client.headUpInformation()).toBe(true);
    await client.putDatabase({ db: 'sharded', q: 4 });
    const { shards } = await client.getShardsInformation({ db: 'sharded' });
    expect(Object.keys(shards)).toEqual([
      '00000000-3fffffff',
      '40000000-7fffffff',
      '80000000-bfffffff',
      'c0000000-ffffffff',
    ]);
    const one = await client.getDocumentShardsInfo({ db: 'sharded', docId: 'some-doc' });
    expect(Object.keys(shards)).toContain(one.range);
    expect(one.nodes).toEqual(['nonode@nohost']);
  });

  it('design document, search index and analyzer information', async () => {
    const { client } = await start();
    await client.putDatabase({ db: 's' });
    await client.postBulkDocs({ db: 's', docs: [{ title: 'Sea Kayak' }, { title: 'River' }] });
    await client.putDesignDocument({
      db: 's',
      ddoc: 'd',
      document: {
        views: { all: { map: 'function (doc) { emit(doc.title, 1); }' } },
        indexes: { t: { index: 'function (doc) { index("default", doc.title); }' } },
      },
    });
    const info = await client.getDesignDocumentInformation({ db: 's', ddoc: 'd' });
    expect(info).toMatchObject({ name: 'd', view_index: { language: 'javascript' } });
    expect(info.view_index.signature).toMatch(/^[0-9a-f]{32}$/);
    const search = await client.getSearchInfo({ db: 's', ddoc: 'd', index: 't' });
    expect(search).toMatchObject({ name: '_design/d/t', search_index: { doc_count: 2 } });
    const size = await client.getSearchDiskSize({ db: 's', ddoc: '_design/d', index: 't' });
    expect(size.search_index.disk_size).toBeGreaterThan(0);
    expect(
      await client.postSearchAnalyze({ analyzer: 'standard', text: 'Sea Kayak-Trip' }),
    ).toEqual({ tokens: ['sea', 'kayak', 'trip'] });
    expect(
      (await client.postSearchAnalyze({ analyzer: 'keyword', text: 'Sea Kayak' })).tokens,
    ).toEqual(['Sea Kayak']);
  });
});

describe("Cloudant's account API", () => {
  it('API keys, CORS, throughput, database counts and Activity Tracker events', async () => {
    const { client } = await start();
    const keys = await client.postApiKeys();
    expect(keys).toMatchObject({ ok: true, key: expect.any(String), password: expect.any(String) });
    await client.putDatabase({ db: 'perm' });
    await client.putCloudantSecurityConfiguration({
      db: 'perm',
      cloudant: { [keys.key]: ['_reader'] },
      couchdbAuthOnly: true,
    });
    expect(await client.getSecurity({ db: 'perm' })).toMatchObject({
      cloudant: { [keys.key]: ['_reader'] },
      couchdb_auth_only: true,
    });
    expect(await client.getCorsInformation()).toEqual({
      allow_credentials: true,
      enable_cors: true,
      origins: [],
    });
    await client.putCorsConfiguration({
      origins: ['https://example.com'],
      allowCredentials: false,
    });
    expect(await client.getCorsInformation()).toEqual({
      allow_credentials: false,
      enable_cors: true,
      origins: ['https://example.com'],
    });
    const raised = await client.putCapacityThroughputConfiguration({ blocks: 3 });
    expect(raised.current.throughput.blocks).toBe(1);
    expect(raised.target?.throughput).toEqual({ blocks: 3, query: 15, read: 300, write: 150 });
    expect((await client.getCapacityThroughputInformation()).current.throughput.blocks).toBe(3);
    expect(await client.getCapacityDatabasesInformation()).toEqual({
      current: { databases: { total: 500 } },
    });
    expect(await client.getCurrentDatabasesInformation()).toEqual({ databases: { total: 1 } });
    const used = await client.getCurrentThroughputInformation();
    expect(used.throughput.read + used.throughput.write).toBeGreaterThan(0);
    expect(await client.getActivityTrackerEvents()).toEqual({ types: ['management'] });
    await client.postActivityTrackerEvents({ types: ['management', 'data'] });
    expect((await client.getActivityTrackerEvents()).types).toEqual(['management', 'data']);
  });

  it('a malformed API key answer is refused without showing its password', async () => {
    const password = 'new-api-key-password-0123456789';
    const server = await startLoopbackServer((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: 'yes', key: 'k', password }));
    });
    closers.push(server.close);
    const client = createDocDbClient({ url: server.url, retry: false });
    const error = await client.postApiKeys().catch((e: unknown) => e);
    expect(isResponseValidationError(error)).toBe(true);
    expect(visibleText(error)).not.toContain(password);
  });
});

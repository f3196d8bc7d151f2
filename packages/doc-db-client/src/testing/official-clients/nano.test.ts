import Nano from 'nano';
import { describe, expect, it } from 'vitest';
import { ADMIN, pollingFrom, QUERY_DESIGN, sampleDocs, startSimulator, until } from './setup.js';

// nano 11 (Apache CouchDB's Node client) against the simulator over loopback HTTP: each `it` is
// one flow a nano user runs, so a drift between the simulator and CouchDB shows up here.

async function basicNano() {
  const running = await startSimulator();
  const withCredentials = running.url.replace(
    '//',
    `//${ADMIN.username}:${encodeURIComponent(ADMIN.password)}@`,
  );
  return { ...running, nano: Nano(withCredentials) };
}

/** What nano rejects with: an Error carrying the status and CouchDB's error body. */
interface NanoError {
  message: string;
  statusCode: number;
  error?: string;
  reason?: string;
}

async function failure(call: Promise<unknown>): Promise<NanoError> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error as NanoError,
  );
  if (outcome === undefined) throw new Error('the call succeeded');
  return outcome;
}

describe('nano against the simulator: authentication', () => {
  it('nano.auth: cookie login kept by nano’s jar (Expires), then authenticated calls', async () => {
    const { url, seen } = await startSimulator();
    const nano = Nano(url);
    const anonymous = await failure(nano.db.create('denied'));
    expect(anonymous.statusCode).toBe(401);
    const login = await nano.auth(ADMIN.username, ADMIN.password);
    expect(login).toMatchObject({ ok: true, name: ADMIN.username, roles: ['_admin'] });
    await nano.db.create('cookies');
    const session = await nano.session();
    expect(session.userCtx.name).toBe(ADMIN.username);
    expect(session.info.authenticated).toBe('cookie');
    expect(await nano.db.list()).toEqual(['cookies']);
    const loginRequest = seen.find((r) => r.path === '/_session' && r.method === 'POST');
    expect(loginRequest?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    // nano's jar drops a cookie whose Expires it cannot read; the calls after the login all
    // carry the AuthSession cookie and no other credentials.
    const after = seen.slice(seen.indexOf(loginRequest as (typeof seen)[number]) + 1);
    expect(after.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /cookies',
      'GET /_session',
      'GET /_all_dbs',
    ]);
    for (const req of after) {
      expect(req.headers.cookie).toMatch(/^AuthSession=/);
      expect(req.headers.authorization).toBeUndefined();
    }
  });

  it('nano.auth with a wrong password: 401 and no cookie', async () => {
    const { url, seen } = await startSimulator();
    const nano = Nano(url);
    const error = await failure(nano.auth(ADMIN.username, 'wrong'));
    expect(error).toMatchObject({ statusCode: 401, error: 'unauthorized' });
    await failure(nano.db.list());
    expect(seen.at(-1)?.headers.cookie).toBeUndefined();
  });

  it('credentials in the URL: Basic auth on every request, info and uuids', async () => {
    const { nano, seen } = await basicNano();
    const info = await nano.info();
    expect(info).toMatchObject({ couchdb: 'Welcome', version: '3.5.0' });
    const uuids = await nano.uuids(3);
    expect(uuids.uuids).toHaveLength(3);
    expect(seen.every((r) => r.headers.authorization?.startsWith('Basic '))).toBe(true);
  });
});

describe('nano against the simulator: databases and documents', () => {
  it('db.create, get, list, destroy; 412 on a duplicate, 404 once destroyed', async () => {
    const { nano } = await basicNano();
    expect(await nano.db.create('alpha')).toEqual({ ok: true });
    await nano.db.create('beta', { partitioned: true });
    const duplicate = await failure(nano.db.create('alpha'));
    expect(duplicate).toMatchObject({ statusCode: 412, error: 'file_exists' });
    await nano.use<{ a: number }>('alpha').insert({ a: 1 }, 'one');
    const info = await nano.db.get('alpha');
    expect(info).toMatchObject({ db_name: 'alpha', doc_count: 1, doc_del_count: 0 });
    expect(typeof info.update_seq).toBe('string');
    // nano's DatabaseGetResponse type has no `props`, though CouchDB sends it (nano#222).
    const beta = (await nano.db.get('beta')) as unknown as { props: unknown };
    expect(beta.props).toEqual({ partitioned: true });
    expect(await nano.db.list()).toEqual(['alpha', 'beta']);
    expect(await nano.db.destroy('alpha')).toEqual({ ok: true });
    const gone = await failure(nano.db.get('alpha'));
    expect(gone).toMatchObject({ statusCode: 404, error: 'not_found' });
  });

  it('insert, get, head, destroy; 409 on a stale rev', async () => {
    const { nano } = await basicNano();
    await nano.db.create('docs');
    const db = nano.use<{ name: string }>('docs');
    const put = await db.insert({ name: 'first' }, 'doc1');
    expect(put).toMatchObject({ ok: true, id: 'doc1' });
    expect(put.rev).toMatch(/^1-[0-9a-f]{32}$/);
    const posted = await db.insert({ name: 'posted' });
    expect(posted.id).toMatch(/^[0-9a-f]{32}$/);
    const got = await db.get('doc1');
    expect(got).toEqual({ _id: 'doc1', _rev: put.rev, name: 'first' });
    const head = (await db.head('doc1')) as unknown as Record<string, string>;
    expect(head.etag).toBe(`"${put.rev}"`);
    const second = await db.insert({ _id: 'doc1', _rev: put.rev, name: 'second' });
    expect(second.rev).toMatch(/^2-/);
    const stale = await failure(db.insert({ _id: 'doc1', _rev: put.rev, name: 'third' }));
    expect(stale).toMatchObject({
      statusCode: 409,
      error: 'conflict',
      message: 'Document update conflict.',
    });
    const revs = await db.get('doc1', { revs_info: true });
    expect(revs._revs_info?.map((r) => r.rev)).toEqual([second.rev, put.rev]);
    const destroyed = await db.destroy('doc1', second.rev);
    expect(destroyed.rev).toMatch(/^3-/);
    const missing = await failure(db.get('doc1'));
    expect(missing).toMatchObject({ statusCode: 404, error: 'not_found', reason: 'deleted' });
    const headMissing = await failure(db.head('doc1'));
    expect(headMissing.statusCode).toBe(404);
  });

  it('bulk: creates, updates, deletes, and a per-row conflict', async () => {
    const { nano } = await basicNano();
    await nano.db.create('bulk');
    const db = nano.use('bulk');
    const created = await db.bulk({ docs: sampleDocs(4) });
    expect(created.map((r) => r.id)).toEqual(['doc000', 'doc001', 'doc002', 'doc003']);
    expect(created.every((r) => typeof r.rev === 'string' && r.rev.startsWith('1-'))).toBe(true);
    const second = await db.bulk({
      docs: [
        { _id: 'doc000', _rev: created[0]?.rev, n: 100 },
        { _id: 'doc001', n: 101 },
        { _id: 'doc002', _rev: created[2]?.rev, _deleted: true },
      ],
    });
    expect(second[0]).toMatchObject({ id: 'doc000', ok: true });
    expect(second[1]).toEqual({
      id: 'doc001',
      error: 'conflict',
      reason: 'Document update conflict.',
    });
    expect(second[2]).toMatchObject({ id: 'doc002', ok: true });
    expect(await nano.db.get('bulk')).toMatchObject({ doc_count: 3, doc_del_count: 1 });
  });

  it('list with keys (GET), ranges, descending, skip and limit', async () => {
    const { nano } = await basicNano();
    await nano.db.create('all');
    const db = nano.use('all');
    const written = await db.bulk({ docs: sampleDocs(10) });
    await db.destroy('doc004', written[4]?.rev as string);
    const keyed = await db.list({ keys: ['doc002', 'nope', 'doc004'], include_docs: true });
    expect(keyed.rows.map((r) => r.key)).toEqual(['doc002', 'nope', 'doc004']);
    expect(keyed.rows[0]).toMatchObject({ id: 'doc002', doc: { n: 2 } });
    expect(keyed.rows[1]).toEqual({ key: 'nope', error: 'not_found' });
    expect(keyed.rows[2]).toMatchObject({ value: { deleted: true }, doc: null });
    const ids = async (params: Nano.DocumentListParams) =>
      (await db.list(params)).rows.map((r) => r.id);
    expect(await ids({ start_key: 'doc005', end_key: 'doc007' })).toEqual([
      'doc005',
      'doc006',
      'doc007',
    ]);
    expect(await ids({ startkey: 'doc007', endkey: 'doc005', descending: true })).toEqual([
      'doc007',
      'doc006',
      'doc005',
    ]);
    expect(await ids({ start_key: 'doc005', end_key: 'doc007', inclusive_end: false })).toEqual([
      'doc005',
      'doc006',
    ]);
    const page = await db.list({ skip: 2, limit: 2 });
    expect(page).toMatchObject({ total_rows: 9, offset: 2 });
    expect(page.rows.map((r) => r.id)).toEqual(['doc002', 'doc003']);
  });

  it('fetch and fetchRevs: POST _all_docs with keys', async () => {
    const { nano } = await basicNano();
    await nano.db.create('fetch');
    const db = nano.use('fetch');
    await db.bulk({ docs: sampleDocs(5) });
    const fetched = await db.fetch({ keys: ['doc003', 'missing', 'doc001'] });
    expect(fetched.rows.map((r) => r.key)).toEqual(['doc003', 'missing', 'doc001']);
    expect(fetched.rows[0]).toMatchObject({ doc: { _id: 'doc003', n: 3 } });
    expect(fetched.rows[1]).toEqual({ key: 'missing', error: 'not_found' });
    const revs = await db.fetchRevs({ keys: ['doc000'] });
    expect(revs.rows[0]).toMatchObject({ id: 'doc000', value: { rev: expect.any(String) } });
    expect(revs.rows[0]).not.toHaveProperty('doc');
  });

  it('attachment.insert and attachment.get: binary and text, then destroy', async () => {
    const { nano } = await basicNano();
    await nano.db.create('files');
    const db = nano.use('files');
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 10, 13]);
    const first = await db.attachment.insert(
      'holder',
      'data.bin',
      bytes,
      'application/octet-stream',
    );
    expect(first).toMatchObject({ ok: true, id: 'holder' });
    const second = await db.attachment.insert(
      'holder',
      'hello.txt',
      Buffer.from('hello, attachment'),
      'text/plain',
      { rev: first.rev },
    );
    expect(await db.attachment.get('holder', 'data.bin')).toEqual(bytes);
    // nano hands a text/* attachment back as a string, though its types say Buffer.
    expect(String(await db.attachment.get('holder', 'hello.txt'))).toBe('hello, attachment');
    const doc = await db.get('holder');
    expect(doc._attachments?.['data.bin']).toMatchObject({
      content_type: 'application/octet-stream',
      length: bytes.length,
      stub: true,
    });
    // CouchDB stores text gzipped; its stub still gives the length as uploaded.
    expect(doc._attachments?.['hello.txt']).toMatchObject({ length: 17, stub: true });
    const removed = await db.attachment.destroy('holder', 'data.bin', { rev: second.rev });
    expect(removed.rev).toMatch(/^3-/);
    const gone = await failure(db.attachment.get('holder', 'data.bin'));
    expect(gone.statusCode).toBe(404);
  });
});

describe('nano against the simulator: queries', () => {
  it('find: pages with bookmarks', async () => {
    const { nano } = await basicNano();
    await nano.db.create('find');
    const db = nano.use('find');
    await db.bulk({ docs: sampleDocs(20) });
    const found: string[] = [];
    let bookmark: string | undefined;
    for (let page = 0; page < 10; page++) {
      const answer = await db.find({
        selector: { type: 'c' },
        fields: ['_id'],
        limit: 2,
        ...(bookmark ? { bookmark } : {}),
      });
      found.push(...answer.docs.map((d) => d._id));
      if (answer.docs.length === 0) break;
      bookmark = answer.bookmark;
    }
    expect(found).toEqual(
      sampleDocs(20)
        .filter((d) => d.type === 'c')
        .map((d) => d._id),
    );
  });

  it('createIndex, then a sorted find that uses it', async () => {
    const { nano } = await basicNano();
    await nano.db.create('idx');
    const db = nano.use('idx');
    await db.bulk({ docs: sampleDocs(10) });
    const noIndex = await failure(db.find({ selector: { n: { $gt: 6 } }, sort: [{ n: 'desc' }] }));
    expect(noIndex).toMatchObject({ statusCode: 400, error: 'no_usable_index' });
    const created = await db.createIndex({
      index: { fields: ['n'] },
      name: 'n-index',
      ddoc: 'by-n',
    });
    expect(created).toEqual({ result: 'created', id: '_design/by-n', name: 'n-index' });
    const again = await db.createIndex({ index: { fields: ['n'] }, name: 'n-index', ddoc: 'by-n' });
    expect(again.result).toBe('exists');
    const sorted = await db.find({
      selector: { n: { $gt: 6 } },
      sort: [{ n: 'desc' }],
      fields: ['n'],
    });
    expect(sorted.docs).toEqual([{ n: 9 }, { n: 8 }, { n: 7 }]);
    expect(sorted.warning).toBeUndefined();
  });

  it('view: reduce, group, group_level with ranges, keys by POST, reduce=false', async () => {
    const { nano } = await basicNano();
    await nano.db.create('views');
    const db = nano.use<Record<string, unknown>>('views');
    await db.bulk({ docs: sampleDocs(30) });
    await db.insert(QUERY_DESIGN, '_design/q');
    expect((await db.view('q', 'by_type')).rows).toEqual([{ key: null, value: 435 }]);
    expect((await db.view('q', 'by_type', { group: true })).rows).toEqual([
      { key: 'a', value: 135 },
      { key: 'b', value: 145 },
      { key: 'c', value: 155 },
    ]);
    expect((await db.view('q', 'by_type_n', { group_level: 1 })).rows).toEqual([
      { key: ['a'], value: 10 },
      { key: ['b'], value: 10 },
      { key: ['c'], value: 10 },
    ]);
    const level2 = await db.view('q', 'by_type_n', {
      group_level: 2,
      startkey: ['c'],
      endkey: ['c', {}],
    });
    expect(level2.rows).toEqual([
      { key: ['c', 0], value: 5 },
      { key: ['c', 1], value: 5 },
    ]);
    const keyed = await db.view('q', 'by_type', { keys: ['b', 'nope'], group: true });
    expect(keyed.rows).toEqual([{ key: 'b', value: 145 }]);
    const mapped = await db.view('q', 'by_type', {
      reduce: false,
      key: 'a',
      include_docs: true,
      limit: 2,
      skip: 1,
    });
    expect(mapped).toMatchObject({ total_rows: 30, offset: 1 });
    expect(mapped.rows.map((r) => [r.id, r.value, r.doc?._id])).toEqual([
      ['doc003', 3, 'doc003'],
      ['doc006', 6, 'doc006'],
    ]);
  });

  it('search: a Lucene query by POST, sort, include_docs and a bookmark', async () => {
    const { nano } = await basicNano();
    await nano.db.create('search');
    const db = nano.use<Record<string, unknown>>('search');
    await db.bulk({ docs: sampleDocs(12) });
    await db.insert(QUERY_DESIGN, '_design/q');
    const first = await db.search('q', 'names', {
      q: 'odd',
      sort: '-n<number>',
      limit: 4,
      include_docs: true,
    });
    expect(first.total_rows).toBe(6);
    expect(first.rows.map((r) => r.id)).toEqual(['doc011', 'doc009', 'doc007', 'doc005']);
    expect(first.rows[0]?.doc).toMatchObject({ _id: 'doc011', n: 11 });
    const rest = await db.search('q', 'names', {
      q: 'odd',
      sort: '-n<number>',
      limit: 4,
      bookmark: first.bookmark,
    });
    expect(rest.rows.map((r) => r.id)).toEqual(['doc003', 'doc001']);
    const bad = await failure(db.search('q', 'names', { q: 'name:(' }));
    expect(bad.statusCode).toBe(400);
  });

  it('partitions: partitionInfo, partitionedList, partitionedFind, partitionedView, partitionedSearch', async () => {
    const { nano } = await basicNano();
    await nano.db.create('parts', { partitioned: true });
    const db = nano.use<Record<string, unknown>>('parts');
    const docs = ['red', 'blue'].flatMap((p) =>
      [1, 2, 3].map((i) => ({ _id: `${p}:item${i}`, colour: p, i, name: `${p} thing ${i}` })),
    );
    await db.bulk({ docs });
    await db.insert(
      {
        views: { by_i: { map: 'function (doc) { emit(doc.i, 1); }', reduce: '_count' } },
        indexes: { names: { index: 'function (doc) { index("default", doc.name); }' } },
      },
      '_design/p',
    );
    const info = await db.partitionInfo('red');
    expect(info).toMatchObject({ db_name: 'parts', partition: 'red', doc_count: 3 });
    const list = await db.partitionedList('blue', { include_docs: true });
    expect(list.rows.map((r) => r.id)).toEqual(['blue:item1', 'blue:item2', 'blue:item3']);
    const found = await db.partitionedFind('red', { selector: { i: { $lt: 3 } }, fields: ['_id'] });
    expect(found.docs).toEqual([{ _id: 'red:item1' }, { _id: 'red:item2' }]);
    const view = await db.partitionedView('red', 'p', 'by_i', { reduce: false, startkey: 2 });
    expect(view.rows.map((r) => r.id)).toEqual(['red:item2', 'red:item3']);
    const counted = await db.partitionedView('blue', 'p', 'by_i', {});
    expect(counted.rows).toEqual([{ key: null, value: 3 }]);
    const searched = await db.partitionedSearch('blue', 'p', 'names', { q: 'thing' });
    expect(searched.rows.map((r) => r.id).sort()).toEqual([
      'blue:item1',
      'blue:item2',
      'blue:item3',
    ]);
    const global = await failure(db.view('p', 'by_i'));
    expect(global.statusCode).toBe(400);
  });
});

describe('nano against the simulator: changes', () => {
  it('changes: since, limit, include_docs, pending, since=now', async () => {
    const { nano } = await basicNano();
    await nano.db.create('feed');
    const db = nano.use('feed');
    await db.bulk({ docs: sampleDocs(6) });
    const first = await db.changes({ limit: 2 });
    expect(first.results.map((r) => r.id)).toEqual(['doc000', 'doc001']);
    expect(first.pending).toBe(4);
    const rest = await db.changes({ since: first.last_seq, include_docs: true });
    expect(rest.results.map((r) => r.id)).toEqual(['doc002', 'doc003', 'doc004', 'doc005']);
    // nano's DatabaseChangesResultItem type has no `doc`, though include_docs adds it.
    const withDoc = rest.results[0] as unknown as { doc: unknown };
    expect(withDoc.doc).toMatchObject({ _id: 'doc002', n: 2 });
    const now = await db.changes({ since: 'now' });
    expect(now.results).toEqual([]);
    expect(now.last_seq).toBe(rest.last_seq);
  });

  it('changesReader.get drains 5 000 changes in batches and ends on an empty longpoll', async () => {
    const { nano, sim, seen } = await basicNano();
    sim.createDatabase('many');
    const count = 5_000;
    sim.writeDocuments(
      'many',
      Array.from({ length: count }, (_, i) => ({ _id: `m${String(i).padStart(4, '0')}`, i })),
    );
    const reader = nano.use('many').changesReader;
    const ids: string[] = [];
    const end = await new Promise<string>((resolve, reject) => {
      reader
        .get({ since: '0', batchSize: 1_000, timeout: 50 })
        .on('batch', (batch: { id: string }[]) => ids.push(...batch.map((c) => c.id)))
        .on('error', reject)
        .on('end', resolve);
    });
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
    expect(end).toBe((await nano.db.get('many')).update_seq);
    const polls = seen.filter((r) => r.path.startsWith('/many/_changes'));
    // Five full batches, then a longpoll that the server ends empty after `timeout`.
    expect(polls).toHaveLength(6);
    expect(polls.every((r) => r.path.includes('feed=longpoll') && r.method === 'POST')).toBe(true);
  });

  it('changesReader.spool streams one normal feed with seq_interval and ends with last_seq', async () => {
    const { nano, sim } = await basicNano();
    sim.createDatabase('spool');
    sim.writeDocuments(
      'spool',
      Array.from({ length: 2_500 }, (_, i) => ({ _id: `s${String(i).padStart(4, '0')}`, i })),
    );
    const batches: number[] = [];
    const end = await new Promise<string>((resolve, reject) => {
      nano
        .use('spool')
        .changesReader.spool({ since: '0', batchSize: 1_000 })
        .on('batch', (batch: unknown[]) => batches.push(batch.length))
        .on('error', reject)
        .on('end', resolve);
    });
    expect(batches).toEqual([1_000, 1_000, 500]);
    expect(end).toBe((await nano.db.get('spool')).update_seq);
  });
});

/** Collects a nano stream's text. */
async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

describe('nano against the simulator: more flows', () => {
  it('conflicts: bulk with new_edits=false, get with conflicts and open_revs=all', async () => {
    const { nano } = await basicNano();
    await nano.db.create('conf');
    const db = nano.use<{ side: string }>('conf');
    // new_edits goes in the body: CouchDB reads it only there (chttpd_db), so nano's
    // bulk(docs, { new_edits: false }) query-string form would be ignored.
    await db.bulk({
      docs: [
        { _id: 'c', _rev: '1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', side: 'a' },
        { _id: 'c', _rev: '1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', side: 'b' },
      ],
      new_edits: false,
    });
    const winner = await db.get('c', { conflicts: true });
    expect(winner).toMatchObject({
      _rev: '1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
      _conflicts: ['1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
    });
    // nano's types allow only an array for open_revs; CouchDB also takes "all".
    const leaves = (await db.get('c', {
      open_revs: 'all',
    } as unknown as Nano.DocumentGetParams)) as unknown as {
      ok: { _rev: string };
    }[];
    expect(leaves.map((l) => l.ok._rev).sort()).toEqual([
      '1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      '1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
    ]);
    const resolved = await db.destroy('c', '1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(resolved.rev).toMatch(/^2-/);
    const clean = await db.get('c', { conflicts: true });
    expect(clean._conflicts).toBeUndefined();
  });

  it('local documents through insert and get', async () => {
    const { nano } = await basicNano();
    await nano.db.create('local');
    const db = nano.use<{ seq: string }>('local');
    const put = await db.insert({ seq: 'one' }, '_local/checkpoint');
    expect(put).toMatchObject({ ok: true, id: '_local/checkpoint', rev: '0-1' });
    const next = await db.insert({ _rev: put.rev, seq: 'two' }, '_local/checkpoint');
    expect(next.rev).toBe('0-2');
    expect(await db.get('_local/checkpoint')).toEqual({
      _id: '_local/checkpoint',
      _rev: '0-2',
      seq: 'two',
    });
    expect((await db.list()).rows).toEqual([]);
  });

  it('request: raw _bulk_get and _revs_diff, which nano has no helper for', async () => {
    const { nano } = await basicNano();
    await nano.db.create('raw');
    const db = nano.use<{ v: number }>('raw');
    const put = await db.insert({ v: 1 }, 'a');
    const bulkGet = await nano.request({
      db: 'raw',
      path: '_bulk_get',
      method: 'POST',
      body: { docs: [{ id: 'a' }, { id: 'nope' }] },
    });
    expect(bulkGet.results[0].docs[0].ok).toMatchObject({ _id: 'a', v: 1 });
    expect(bulkGet.results[1].docs[0].error).toMatchObject({ id: 'nope', error: 'not_found' });
    const diff = await nano.request({
      db: 'raw',
      path: '_revs_diff',
      method: 'POST',
      body: { a: [put.rev, '2-ffffffffffffffffffffffffffffffff'] },
    });
    expect(diff).toEqual({
      a: { missing: ['2-ffffffffffffffffffffffffffffffff'], possible_ancestors: [put.rev] },
    });
  });

  it('AsStream calls: listAsStream, viewAsStream, findAsStream, changesAsStream', async () => {
    const { nano } = await basicNano();
    await nano.db.create('streams');
    const db = nano.use<Record<string, unknown>>('streams');
    await db.bulk({ docs: sampleDocs(6) });
    await db.insert(QUERY_DESIGN, '_design/q');
    const list = JSON.parse(await streamText(db.listAsStream({ limit: 2 })));
    expect(list.rows.map((r: { id: string }) => r.id)).toEqual(['_design/q', 'doc000']);
    const view = JSON.parse(await streamText(db.viewAsStream('q', 'by_type', { group: true })));
    expect(view.rows).toEqual([
      { key: 'a', value: 3 },
      { key: 'b', value: 5 },
      { key: 'c', value: 7 },
    ]);
    const find = JSON.parse(await streamText(db.findAsStream({ selector: { n: 4 } })));
    expect(find.docs.map((d: { _id: string }) => d._id)).toEqual(['doc004']);
    // nano's types put changesAsStream on nano.db, where it does not exist at run time, and
    // not on the database scope, where it does.
    const scope = db as unknown as { changesAsStream(): NodeJS.ReadableStream };
    const changes = JSON.parse(await streamText(scope.changesAsStream()));
    expect(changes.results).toHaveLength(7);
    expect(changes.pending).toBe(0);
  });

  it('changesReader.start follows a selector live; stop() aborts the longpoll', async () => {
    const running = await basicNano();
    const { nano, sim } = running;
    sim.createDatabase('live');
    const reader = nano.use('live').changesReader;
    const ids: string[] = [];
    const errors: Error[] = [];
    const events = reader.start({ selector: { keep: true }, timeout: 10_000 });
    // Without an 'error' listener an error in nano's loop would be thrown as unhandled.
    events.on('error', (error: Error) => errors.push(error));
    const got = new Promise<void>((resolve) => {
      events.on('change', (change: { id: string }) => {
        ids.push(change.id);
        if (ids.length === 2) resolve();
      });
    });
    await until(() => sim.openRequests() > 0);
    sim.writeDocuments('live', [
      { _id: 'skip1', keep: false },
      { _id: 'take1', keep: true },
    ]);
    await until(() => ids.length === 1);
    sim.writeDocuments('live', [{ _id: 'take2', keep: true }]);
    await got;
    expect(ids).toEqual(['take1', 'take2']);
    // Stop while the next longpoll (from the last change) waits at the server.
    const { update_seq } = await nano.db.get('live');
    await until(() => pollingFrom(running, 'live', String(update_seq)));
    const ended = new Promise((resolve) => events.once('end', resolve));
    reader.stop();
    await ended;
    // Unlike the Cloudant follower, nano aborts the in-flight request on stop(), and the server
    // sees it close. A waiting longpoll has already started its answer (CouchDB 3.5 sends the
    // headers and a first chunk at once: chttpd_db's waiting_for_updates), so nano swallows the
    // aborted body read: no 'error' event.
    expect(errors).toEqual([]);
    await until(() => sim.openRequests() === 0);
    expect(sim.openRequests()).toBe(0);
  });

  it('db.compact: the database and a design document’s views; old revisions gone', async () => {
    const { nano } = await basicNano();
    await nano.db.create('compact');
    const db = nano.use<{ v: number }>('compact');
    const one = await db.insert({ v: 1 }, 'a');
    await db.insert({ _rev: one.rev, v: 2 }, 'a');
    expect(await nano.db.compact('compact')).toEqual({ ok: true });
    expect(await db.get('a')).toMatchObject({ v: 2 });
    const old = await failure(db.get('a', { rev: one.rev }));
    expect(old).toMatchObject({ statusCode: 404, error: 'not_found' });
    await nano.use<Record<string, unknown>>('compact').insert(QUERY_DESIGN, '_design/q');
    expect(await nano.db.compact('compact', 'q')).toEqual({ ok: true });
    const noDesign = await failure(nano.db.compact('compact', 'nope'));
    expect(noDesign).toMatchObject({ statusCode: 404, error: 'not_found', reason: 'missing' });
  });
});

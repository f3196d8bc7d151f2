import {
  BasicAuthenticator,
  ChangesFollower,
  CloudantV1,
  CouchdbSessionAuthenticator,
} from '@ibm-cloud/cloudant';
import { describe, expect, it } from 'vitest';
import { ADMIN, QUERY_DESIGN, readAll, sampleDocs, startSimulator } from './setup.js';

// The IBM Cloudant Node SDK 0.12.19 against the simulator over loopback HTTP: each `it` is one
// flow a user of the SDK runs, so a drift between the simulator and CouchDB shows up here.

async function basicClient() {
  const running = await startSimulator();
  const client = new CloudantV1({ authenticator: new BasicAuthenticator(ADMIN) });
  client.setServiceUrl(running.url);
  return { ...running, client };
}

/** What the SDK rejects with (ibm-cloud-sdk-core's error, extended by the Cloudant SDK). */
interface SdkError {
  status: number;
  message: string;
  result: {
    error?: string;
    reason?: string;
    errors?: { code: string; message: string }[];
    trace?: string;
  };
}

/** The rejection of a call, which must fail. */
async function failure(call: Promise<unknown>): Promise<SdkError> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error as SdkError,
  );
  if (outcome === undefined) throw new Error('the call succeeded');
  return outcome;
}

describe('@ibm-cloud/cloudant against the simulator: authentication', () => {
  it('BasicAuthenticator: every request carries Basic credentials', async () => {
    const { client, seen } = await basicClient();
    const info = await client.getServerInformation();
    expect(info.result.couchdb).toBe('Welcome');
    const session = await client.getSessionInformation();
    expect(session.result.userCtx).toEqual({ name: ADMIN.username, roles: ['_admin'] });
    expect(session.result.info.authenticated).toBe('default');
    expect(seen).toHaveLength(2);
    for (const req of seen) expect(req.headers.authorization).toMatch(/^Basic /);
  });

  it('BasicAuthenticator with a wrong password: 401, message rewritten by the core', async () => {
    const { url, seen } = await startSimulator();
    const client = new CloudantV1({
      authenticator: new BasicAuthenticator({ username: ADMIN.username, password: 'nope' }),
    });
    client.setServiceUrl(url);
    const error = await failure(client.getAllDbs());
    expect(error.status).toBe(401);
    // ibm-cloud-sdk-core rewrites the message of every 401/403 (reference, section 4).
    expect(error.message).toBe('Access is denied due to invalid credentials.');
    expect(error.result.error).toBe('unauthorized');
    expect(seen).toHaveLength(1);
  });

  it('CouchdbSessionAuthenticator: one _session login, then the cookie on each call', async () => {
    const { url, seen } = await startSimulator();
    const client = new CloudantV1({ authenticator: new CouchdbSessionAuthenticator(ADMIN) });
    client.setServiceUrl(url);
    await client.putDatabase({ db: 'sessions' });
    const session = await client.getSessionInformation();
    expect(session.result.userCtx.name).toBe(ADMIN.username);
    expect(session.result.info.authenticated).toBe('cookie');
    const dbs = await client.getAllDbs();
    expect(dbs.result).toEqual(['sessions']);
    // The cookie carries Expires and Max-Age, so the SDK logs in once, not before every call.
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /_session',
      'PUT /sessions',
      'GET /_session',
      'GET /_all_dbs',
    ]);
    for (const req of seen.slice(1)) {
      expect(req.headers.cookie).toMatch(/^AuthSession=/);
      expect(req.headers.authorization).toBeUndefined();
    }
  });

  it('CouchdbSessionAuthenticator with a wrong password: the call fails with 401', async () => {
    const { url, seen } = await startSimulator();
    const client = new CloudantV1({
      authenticator: new CouchdbSessionAuthenticator({ username: ADMIN.username, password: 'x' }),
    });
    client.setServiceUrl(url);
    const error = await failure(client.getAllDbs());
    expect(error.status).toBe(401);
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /_session']);
  });
});

describe('@ibm-cloud/cloudant against the simulator: databases and documents', () => {
  it('databases: put, head, get information, list, delete, 412 on a duplicate', async () => {
    const { client } = await basicClient();
    expect((await client.putDatabase({ db: 'alpha' })).status).toBe(201);
    await client.putDatabase({ db: 'beta', partitioned: true });
    const duplicate = await failure(client.putDatabase({ db: 'alpha' }));
    expect(duplicate.status).toBe(412);
    expect(duplicate.result.errors).toEqual([expect.objectContaining({ code: 'file_exists' })]);
    expect((await client.headDatabase({ db: 'alpha' })).status).toBe(200);
    await client.putDocument({ db: 'alpha', docId: 'one', document: { a: 1 } });
    const info = await client.getDatabaseInformation({ db: 'alpha' });
    expect(info.result).toMatchObject({ dbName: 'alpha', docCount: 1, docDelCount: 0 });
    expect(info.result.sizes.external).toBeGreaterThan(0);
    expect(typeof info.result.updateSeq).toBe('string');
    const partitioned = await client.getDatabaseInformation({ db: 'beta' });
    expect(partitioned.result.props).toEqual({ partitioned: true });
    expect((await client.getAllDbs()).result).toEqual(['alpha', 'beta']);
    const infos = await client.postDbsInfo({ keys: ['alpha', 'nope'] });
    expect(infos.result.map((r) => r.key)).toEqual(['alpha', 'nope']);
    expect(infos.result[1]?.error).toBe('not_found');
    expect((await client.deleteDatabase({ db: 'alpha' })).result).toEqual({ ok: true });
    const gone = await failure(client.getDatabaseInformation({ db: 'alpha' }));
    expect(gone.status).toBe(404);
    expect((await client.getAllDbs()).result).toEqual(['beta']);
  });

  it('documents: put, get, head with the rev as ETag, delete', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'docs' });
    const put = await client.putDocument({
      db: 'docs',
      docId: 'doc1',
      document: { name: 'first', tags: ['x'] },
    });
    expect(put.status).toBe(201);
    expect(put.result).toMatchObject({ ok: true, id: 'doc1' });
    const rev = put.result.rev as string;
    expect(rev).toMatch(/^1-[0-9a-f]{32}$/);
    const got = await client.getDocument({ db: 'docs', docId: 'doc1' });
    expect(got.result).toEqual({ _id: 'doc1', _rev: rev, name: 'first', tags: ['x'] });
    const head = await client.headDocument({ db: 'docs', docId: 'doc1' });
    expect(head.status).toBe(200);
    expect(head.headers.etag).toBe(`"${rev}"`);
    const created = await client.postDocument({ db: 'docs', document: { name: 'posted' } });
    expect(created.result.id).toMatch(/^[0-9a-f]{32}$/);
    const deleted = await client.deleteDocument({ db: 'docs', docId: 'doc1', rev });
    expect(deleted.result.rev).toMatch(/^2-/);
    const missing = await failure(client.getDocument({ db: 'docs', docId: 'doc1' }));
    expect(missing.status).toBe(404);
    expect(missing.result).toMatchObject({ error: 'not_found', reason: 'deleted' });
    const tombstone = await client.getDocument({
      db: 'docs',
      docId: 'doc1',
      rev: deleted.result.rev as string,
    });
    expect(tombstone.result).toMatchObject({ _id: 'doc1', _deleted: true });
    const headMissing = await failure(client.headDocument({ db: 'docs', docId: 'doc1' }));
    expect(headMissing.status).toBe(404);
  });

  it('documents: conflicts on a stale rev, and conflicting leaves from new_edits=false', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'conf' });
    const first = await client.putDocument({ db: 'conf', docId: 'c', document: { v: 1 } });
    const rev1 = first.result.rev as string;
    await client.putDocument({ db: 'conf', docId: 'c', document: { v: 2 }, rev: rev1 });
    const stale = await failure(
      client.putDocument({ db: 'conf', docId: 'c', document: { v: 3 }, rev: rev1 }),
    );
    expect(stale.status).toBe(409);
    expect(stale.result.errors?.[0]).toEqual({
      code: 'conflict',
      message: 'conflict: Document update conflict.',
    });
    expect(typeof stale.result.trace).toBe('string');
    const noRev = await failure(client.putDocument({ db: 'conf', docId: 'c', document: {} }));
    expect(noRev.status).toBe(409);
    await client.postBulkDocs({
      db: 'conf',
      bulkDocs: {
        docs: [
          { _id: 'two', _rev: '1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', side: 'a' },
          { _id: 'two', _rev: '1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', side: 'b' },
        ],
        newEdits: false,
      },
    });
    const conflicted = await client.getDocument({ db: 'conf', docId: 'two', conflicts: true });
    // The winner is the leaf with the greater rev id; the other is listed in _conflicts.
    expect(conflicted.result).toMatchObject({
      _rev: '1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
      side: 'b',
      _conflicts: ['1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
    });
  });

  it('postBulkDocs: creates, updates, and reports a per-row conflict', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'bulk' });
    const created = await client.postBulkDocs({
      db: 'bulk',
      bulkDocs: { docs: sampleDocs(5) },
    });
    expect(created.status).toBe(201);
    expect(created.result.map((r) => r.id)).toEqual([
      'doc000',
      'doc001',
      'doc002',
      'doc003',
      'doc004',
    ]);
    expect(created.result.every((r) => r.ok === true && /^1-/.test(r.rev ?? ''))).toBe(true);
    const second = await client.postBulkDocs({
      db: 'bulk',
      bulkDocs: {
        docs: [
          { _id: 'doc000', _rev: created.result[0]?.rev as string, n: 100 },
          { _id: 'doc001', n: 101 },
          { _id: 'doc002', _rev: created.result[2]?.rev as string, _deleted: true },
        ],
      },
    });
    expect(second.result[0]).toMatchObject({ id: 'doc000', ok: true });
    expect(second.result[0]?.rev).toMatch(/^2-/);
    expect(second.result[1]).toEqual({
      id: 'doc001',
      error: 'conflict',
      reason: 'Document update conflict.',
    });
    expect(second.result[2]).toMatchObject({ id: 'doc002', ok: true });
    const info = await client.getDatabaseInformation({ db: 'bulk' });
    expect(info.result).toMatchObject({ docCount: 4, docDelCount: 1 });
  });

  it('postAllDocs: keys with a missing and a deleted id, include_docs', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'all' });
    const written = await client.postBulkDocs({ db: 'all', bulkDocs: { docs: sampleDocs(6) } });
    await client.deleteDocument({
      db: 'all',
      docId: 'doc004',
      rev: written.result[4]?.rev as string,
    });
    const page = await client.postAllDocs({
      db: 'all',
      keys: ['doc002', 'nope', 'doc004', 'doc000'],
      includeDocs: true,
    });
    const rows = page.result.rows;
    expect(rows.map((r) => r.key)).toEqual(['doc002', 'nope', 'doc004', 'doc000']);
    expect(rows[0]?.doc).toMatchObject({ _id: 'doc002', n: 2 });
    expect(rows[1]).toEqual({ key: 'nope', error: 'not_found' });
    expect(rows[2]?.value).toMatchObject({ deleted: true });
    expect(rows[2]?.doc).toBeNull();
    expect(page.result.totalRows).toBe(5);
  });

  it('postAllDocs: ranges, descending, inclusive_end, skip and limit', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'range' });
    await client.postBulkDocs({ db: 'range', bulkDocs: { docs: sampleDocs(12) } });
    const ids = async (params: Partial<CloudantV1.PostAllDocsParams>) =>
      (await client.postAllDocs({ db: 'range', ...params })).result.rows.map((r) => r.id);
    expect(await ids({ startKey: 'doc003', endKey: 'doc006' })).toEqual([
      'doc003',
      'doc004',
      'doc005',
      'doc006',
    ]);
    expect(await ids({ startKey: 'doc003', endKey: 'doc006', inclusiveEnd: false })).toEqual([
      'doc003',
      'doc004',
      'doc005',
    ]);
    expect(await ids({ startKey: 'doc006', endKey: 'doc003', descending: true })).toEqual([
      'doc006',
      'doc005',
      'doc004',
      'doc003',
    ]);
    expect(await ids({ skip: 2, limit: 3 })).toEqual(['doc002', 'doc003', 'doc004']);
    // The SDK's AllDocsResult model keeps total_rows (as totalRows) and drops CouchDB's offset.
    const page = await client.postAllDocs({ db: 'range', startKey: 'doc010', limit: 1 });
    expect(page.result).toEqual({
      totalRows: 12,
      rows: [{ id: 'doc010', key: 'doc010', value: { rev: expect.stringMatching(/^1-/) } }],
    });
    expect(await ids({ key: 'doc007' })).toEqual(['doc007']);
  });

  it('postBulkGet: found, a given rev, missing document and missing rev', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'bg' });
    const first = await client.putDocument({ db: 'bg', docId: 'a', document: { v: 1 } });
    await client.putDocument({
      db: 'bg',
      docId: 'a',
      document: { v: 2 },
      rev: first.result.rev as string,
    });
    const answer = await client.postBulkGet({
      db: 'bg',
      docs: [
        { id: 'a' },
        { id: 'a', rev: first.result.rev as string },
        { id: 'missing' },
        { id: 'a', rev: '9-99999999999999999999999999999999' },
      ],
    });
    const results = answer.result.results;
    expect(results.map((r) => r.id)).toEqual(['a', 'a', 'missing', 'a']);
    expect(results[0]?.docs[0]?.ok).toMatchObject({ _id: 'a', v: 2 });
    expect(results[1]?.docs[0]?.ok).toMatchObject({ _id: 'a', v: 1 });
    expect(results[2]?.docs[0]?.error).toMatchObject({ id: 'missing', error: 'not_found' });
    expect(results[3]?.docs[0]?.error).toMatchObject({
      id: 'a',
      rev: '9-99999999999999999999999999999999',
      error: 'not_found',
    });
  });

  it('attachments: put (gzipped by the SDK), get as a stream, stub, delete', async () => {
    const { client, seen } = await basicClient();
    await client.putDatabase({ db: 'files' });
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 10, 13]);
    const put = await client.putAttachment({
      db: 'files',
      docId: 'holder',
      attachmentName: 'data.bin',
      attachment: bytes,
      contentType: 'application/octet-stream',
    });
    expect(put.status).toBe(201);
    const rev1 = put.result.rev as string;
    const text = await client.putAttachment({
      db: 'files',
      docId: 'holder',
      attachmentName: 'notes/hello.txt',
      attachment: Buffer.from('hello, attachment'),
      contentType: 'text/plain',
      rev: rev1,
    });
    const got = await client.getAttachment({
      db: 'files',
      docId: 'holder',
      attachmentName: 'data.bin',
    });
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(await readAll(got.result)).toEqual(bytes);
    const note = await client.getAttachment({
      db: 'files',
      docId: 'holder',
      attachmentName: 'notes/hello.txt',
    });
    expect((await readAll(note.result)).toString()).toBe('hello, attachment');
    // The SDK gzips every request body: CouchDB keeps a gzip upload gzipped, and its stub gives
    // the encoded length as `length` (chttpd_db and couch_db:with_stream).
    const uploads = seen.filter((r) => r.method === 'PUT' && r.path.startsWith('/files/holder/'));
    expect(uploads.map((r) => r.headers['content-encoding'])).toEqual(['gzip', 'gzip']);
    const doc = await client.getDocument({ db: 'files', docId: 'holder', attEncodingInfo: true });
    const stub = doc.result._attachments?.['data.bin'];
    expect(stub).toMatchObject({ contentType: 'application/octet-stream', encoding: 'gzip' });
    expect(stub?.length).toBe(stub?.encodedLength);
    expect(stub?.digest).toMatch(/^md5-/);
    const removed = await client.deleteAttachment({
      db: 'files',
      docId: 'holder',
      attachmentName: 'data.bin',
      rev: text.result.rev as string,
    });
    expect(removed.result.rev).toMatch(/^3-/);
    const gone = await failure(
      client.getAttachment({ db: 'files', docId: 'holder', attachmentName: 'data.bin' }),
    );
    expect(gone.status).toBe(404);
  });
});

describe('@ibm-cloud/cloudant against the simulator: queries', () => {
  it('postFind: pages through a selector with bookmarks', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'find' });
    await client.postBulkDocs({ db: 'find', bulkDocs: { docs: sampleDocs(25) } });
    const found: string[] = [];
    let bookmark: string | undefined;
    for (let page = 0; page < 10; page++) {
      const answer = await client.postFind({
        db: 'find',
        selector: { type: 'b' },
        fields: ['_id', 'n'],
        limit: 3,
        ...(bookmark ? { bookmark } : {}),
      });
      found.push(...answer.result.docs.map((d) => d._id as string));
      expect(typeof answer.result.bookmark).toBe('string');
      if (answer.result.docs.length === 0) break;
      bookmark = answer.result.bookmark;
    }
    expect(found).toEqual(
      sampleDocs(25)
        .filter((d) => d.type === 'b')
        .map((d) => d._id),
    );
  });

  it('indexes: postIndex, getIndexesInformation, postFind sorted on it, deleteIndex', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'idx' });
    await client.postBulkDocs({ db: 'idx', bulkDocs: { docs: sampleDocs(10) } });
    const noIndex = await failure(
      client.postFind({ db: 'idx', selector: { n: { $gt: 5 } }, sort: [{ n: 'desc' }] }),
    );
    expect(noIndex.status).toBe(400);
    expect(noIndex.result.error).toBe('no_usable_index');
    const created = await client.postIndex({
      db: 'idx',
      ddoc: 'by-n',
      name: 'n-index',
      index: { fields: [{ n: 'asc' }] },
      type: 'json',
    });
    expect(created.result).toEqual({ result: 'created', id: '_design/by-n', name: 'n-index' });
    const again = await client.postIndex({
      db: 'idx',
      ddoc: 'by-n',
      name: 'n-index',
      index: { fields: [{ n: 'asc' }] },
    });
    expect(again.result.result).toBe('exists');
    const list = await client.getIndexesInformation({ db: 'idx' });
    expect(list.result.totalRows).toBe(2);
    expect(list.result.indexes.map((i) => i.name)).toEqual(['_all_docs', 'n-index']);
    expect(list.result.indexes[1]).toMatchObject({
      ddoc: '_design/by-n',
      type: 'json',
      def: { fields: [{ n: 'asc' }] },
    });
    const sorted = await client.postFind({
      db: 'idx',
      selector: { n: { $gt: 5 } },
      sort: [{ n: 'desc' }],
      fields: ['n'],
    });
    expect(sorted.result.docs).toEqual([{ n: 9 }, { n: 8 }, { n: 7 }, { n: 6 }]);
    const explained = await client.postExplain({ db: 'idx', selector: { n: { $gt: 5 } } });
    expect(explained.result.index.name).toBe('n-index');
    const removed = await client.deleteIndex({
      db: 'idx',
      ddoc: 'by-n',
      type: 'json',
      index: 'n-index',
    });
    expect(removed.result).toEqual({ ok: true });
    const after = await client.getIndexesInformation({ db: 'idx' });
    expect(after.result.indexes.map((i) => i.name)).toEqual(['_all_docs']);
  });

  it('postView: reduce, group, group levels, reduce=false with include_docs and keys', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'views' });
    await client.postBulkDocs({ db: 'views', bulkDocs: { docs: sampleDocs(30) } });
    await client.putDesignDocument({ db: 'views', ddoc: 'q', designDocument: QUERY_DESIGN });
    const total = await client.postView({ db: 'views', ddoc: 'q', view: 'by_type' });
    expect(total.result.rows).toEqual([{ key: null, value: 435 }]);
    const grouped = await client.postView({ db: 'views', ddoc: 'q', view: 'by_type', group: true });
    expect(grouped.result.rows).toEqual([
      { key: 'a', value: 135 },
      { key: 'b', value: 145 },
      { key: 'c', value: 155 },
    ]);
    const level1 = await client.postView({
      db: 'views',
      ddoc: 'q',
      view: 'by_type_n',
      groupLevel: 1,
    });
    expect(level1.result.rows).toEqual([
      { key: ['a'], value: 10 },
      { key: ['b'], value: 10 },
      { key: ['c'], value: 10 },
    ]);
    const level2 = await client.postView({
      db: 'views',
      ddoc: 'q',
      view: 'by_type_n',
      groupLevel: 2,
      startKey: ['b'],
      endKey: ['b', {}],
    });
    expect(level2.result.rows).toEqual([
      { key: ['b', 0], value: 5 },
      { key: ['b', 1], value: 5 },
    ]);
    const mapped = await client.postView({
      db: 'views',
      ddoc: 'q',
      view: 'by_type',
      reduce: false,
      keys: ['c', 'a'],
      includeDocs: true,
      limit: 2,
    });
    expect(mapped.result.totalRows).toBe(30);
    expect(mapped.result.rows.map((r) => [r.key, r.id, r.value, r.doc?.n])).toEqual([
      ['c', 'doc002', 2, 2],
      ['c', 'doc005', 5, 5],
    ]);
    const refused = await failure(
      client.postView({ db: 'views', ddoc: 'q', view: 'by_type', includeDocs: true }),
    );
    expect(refused.status).toBe(400);
    expect(refused.result.error).toBe('query_parse_error');
  });

  it('postSearch: a Lucene query, sort, stored fields, include_docs and bookmarks', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'search' });
    await client.postBulkDocs({ db: 'search', bulkDocs: { docs: sampleDocs(12) } });
    await client.putDesignDocument({ db: 'search', ddoc: 'q', designDocument: QUERY_DESIGN });
    const ids: string[] = [];
    let bookmark: string | undefined;
    for (let page = 0; page < 5; page++) {
      const answer = await client.postSearch({
        db: 'search',
        ddoc: 'q',
        index: 'names',
        query: 'even AND type:a',
        sort: ['-n<number>'],
        limit: 1,
        ...(bookmark ? { bookmark } : {}),
      });
      expect(answer.result.totalRows).toBe(2);
      ids.push(...answer.result.rows.map((r) => r.id));
      if (answer.result.rows.length === 0) break;
      expect(answer.result.rows[0]?.fields).toMatchObject({ type: 'a' });
      bookmark = answer.result.bookmark;
    }
    // Even n with type a (n % 3 === 0) below 12: 0 and 6, sorted by n descending.
    expect(ids).toEqual(['doc006', 'doc000']);
    const ranged = await client.postSearch({
      db: 'search',
      ddoc: 'q',
      index: 'names',
      query: 'n:[3 TO 5]',
      sort: ['n<number>'],
      includeDocs: true,
    });
    expect(ranged.result.rows.map((r) => r.doc?._id)).toEqual(['doc003', 'doc004', 'doc005']);
  });

  it('partitions: information, partitioned find and all_docs', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'parts', partitioned: true });
    const docs = ['red', 'blue'].flatMap((p) =>
      [1, 2, 3].map((i) => ({ _id: `${p}:item${i}`, colour: p, i })),
    );
    await client.postBulkDocs({ db: 'parts', bulkDocs: { docs } });
    const info = await client.getPartitionInformation({ db: 'parts', partitionKey: 'red' });
    expect(info.result).toMatchObject({ dbName: 'parts', partition: 'red', docCount: 3 });
    expect(info.result.sizes?.external).toBeGreaterThan(0);
    const found = await client.postPartitionFind({
      db: 'parts',
      partitionKey: 'blue',
      selector: { i: { $gte: 2 } },
      fields: ['_id', 'i'],
    });
    expect(found.result.docs).toEqual([
      { _id: 'blue:item2', i: 2 },
      { _id: 'blue:item3', i: 3 },
    ]);
    const all = await client.postPartitionAllDocs({
      db: 'parts',
      partitionKey: 'red',
      includeDocs: true,
    });
    expect(all.result.rows.map((r) => r.id)).toEqual(['red:item1', 'red:item2', 'red:item3']);
    expect(all.result.rows[0]?.doc).toMatchObject({ colour: 'red', i: 1 });
    const unpartitioned = await failure(
      client.putDocument({ db: 'parts', docId: 'plain', document: {} }),
    );
    expect(unpartitioned.status).toBe(400);
  });
});

describe('@ibm-cloud/cloudant against the simulator: changes', () => {
  it('postChanges: since, limit, pending, include_docs, a selector and doc_ids', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'feed' });
    await client.postBulkDocs({ db: 'feed', bulkDocs: { docs: sampleDocs(8) } });
    const first = await client.postChanges({ db: 'feed', limit: 3 });
    expect(first.result.results.map((r) => r.id)).toEqual(['doc000', 'doc001', 'doc002']);
    expect(first.result.pending).toBe(5);
    expect(typeof first.result.lastSeq).toBe('string');
    const rest = await client.postChanges({
      db: 'feed',
      since: first.result.lastSeq,
      includeDocs: true,
    });
    expect(rest.result.results.map((r) => r.id)).toEqual([
      'doc003',
      'doc004',
      'doc005',
      'doc006',
      'doc007',
    ]);
    expect(rest.result.results[0]?.doc).toMatchObject({ _id: 'doc003', n: 3 });
    expect(rest.result.pending).toBe(0);
    const selected = await client.postChanges({
      db: 'feed',
      filter: '_selector',
      selector: { type: 'c' },
    });
    expect(selected.result.results.map((r) => r.id)).toEqual(['doc002', 'doc005']);
    const byId = await client.postChanges({
      db: 'feed',
      filter: '_doc_ids',
      docIds: ['doc007', 'doc001'],
    });
    expect(byId.result.results.map((r) => r.id)).toEqual(['doc001', 'doc007']);
    const now = await client.postChanges({ db: 'feed', since: 'now' });
    expect(now.result.results).toEqual([]);
    expect(now.result.lastSeq).toBe(rest.result.lastSeq);
  });

  it('ChangesFollower.startOneOff drains 12 000 changes in two batches and ends', async () => {
    const { client, sim, seen } = await basicClient();
    const count = 12_000;
    sim.createDatabase('many');
    sim.writeDocuments(
      'many',
      Array.from({ length: count }, (_, i) => ({ _id: `m${String(i).padStart(5, '0')}`, i })),
    );
    const follower = new ChangesFollower(client, { db: 'many' });
    const ids: string[] = [];
    for await (const change of follower.startOneOff()) ids.push(change.id);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
    expect(ids[0]).toBe('m00000');
    expect(ids.at(-1)).toBe('m11999');
    const requests = seen.filter((r) => r.path.startsWith('/many/_changes'));
    // BATCH_SIZE is 10 000: the follower stops on the answer whose `pending` is 0.
    expect(requests.map((r) => new URL(r.path, 'http://x').searchParams.get('limit'))).toEqual([
      '10000',
      '10000',
    ]);
    expect(new URL(requests[0]?.path ?? '', 'http://x').searchParams.get('feed')).toBe('normal');
  });

  it('ChangesFollower.startOneOff with include_docs sizes its batches from GET /{db}', async () => {
    const { client, sim, seen } = await basicClient();
    sim.createDatabase('sized');
    const filler = 'x'.repeat(2_000);
    sim.writeDocuments(
      'sized',
      Array.from({ length: 3_000 }, (_, i) => ({ _id: `s${String(i).padStart(4, '0')}`, filler })),
    );
    const info = await client.getDatabaseInformation({ db: 'sized' });
    const perDoc = (info.result.sizes?.external ?? 0) / info.result.docCount;
    const batch = Math.floor((5 * 1024 * 1024) / (perDoc + 500));
    expect(batch).toBeLessThan(3_000);
    const follower = new ChangesFollower(client, { db: 'sized', includeDocs: true });
    let docs = 0;
    for await (const change of follower.startOneOff()) if (change.doc?.filler === filler) docs++;
    expect(docs).toBe(3_000);
    const limits = seen
      .filter((r) => r.path.startsWith('/sized/_changes'))
      .map((r) => Number(new URL(r.path, 'http://x').searchParams.get('limit')));
    expect(limits.length).toBe(Math.ceil(3_000 / batch));
    expect(new Set(limits)).toEqual(new Set([batch]));
  });
});

import { BasicAuthenticator, CloudantV1, CouchdbSessionAuthenticator } from '@ibm-cloud/cloudant';
import { describe, expect, it } from 'vitest';
import { basicClient, failure } from './cloudant-setup.js';
import { ADMIN, readAll, sampleDocs, startSimulator } from './setup.js';

// The IBM Cloudant Node SDK 0.12.19 against the simulator over loopback HTTP: each `it` is one
// flow a user of the SDK runs, so a drift between the simulator and CouchDB shows up here.
// Note: the SDK hands results back through its models, camelCased (`docCount`, `totalRows`),
// dropping members its models lack (`offset`, `purge_seq`).

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

describe('@ibm-cloud/cloudant against the simulator: server, local and design documents', () => {
  it('server: _up (GET and HEAD), _uuids, _membership, _active_tasks', async () => {
    const { client } = await basicClient();
    expect((await client.getUpInformation()).result).toMatchObject({ status: 'ok' });
    expect((await client.headUpInformation()).status).toBe(200);
    const uuids = await client.getUuids({ count: 4 });
    expect(uuids.result.uuids).toHaveLength(4);
    expect(new Set(uuids.result.uuids).size).toBe(4);
    const members = await client.getMembershipInformation();
    expect(members.result.allNodes).toEqual(members.result.clusterNodes);
    expect((await client.getActiveTasks()).result).toEqual([]);
  });

  it('local documents: put, get, overwrite without a rev, delete; not in _all_docs', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'local' });
    const first = await client.putLocalDocument({
      db: 'local',
      docId: 'checkpoint',
      document: { seq: 'abc' },
    });
    expect(first.result).toMatchObject({ ok: true, id: '_local/checkpoint', rev: '0-1' });
    // CouchDB's _local documents take no rev check: the new rev is the one sent plus one
    // (0-1 again without a rev), as recorded from CouchDB 3.5.0.
    const second = await client.putLocalDocument({
      db: 'local',
      docId: 'checkpoint',
      document: { seq: 'def' },
    });
    expect(second.result.rev).toBe('0-1');
    const third = await client.putLocalDocument({
      db: 'local',
      docId: 'checkpoint',
      document: { _rev: '0-1', seq: 'ghi' },
    });
    expect(third.result.rev).toBe('0-2');
    const got = await client.getLocalDocument({ db: 'local', docId: 'checkpoint' });
    expect(got.result).toEqual({ _id: '_local/checkpoint', _rev: '0-2', seq: 'ghi' });
    const all = await client.postAllDocs({ db: 'local' });
    expect(all.result.rows).toEqual([]);
    expect((await client.deleteLocalDocument({ db: 'local', docId: 'checkpoint' })).status).toBe(
      200,
    );
    const gone = await failure(client.getLocalDocument({ db: 'local', docId: 'checkpoint' }));
    expect(gone.status).toBe(404);
  });

  it('design documents: put, get, postDesignDocs, delete', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'design' });
    const put = await client.putDesignDocument({
      db: 'design',
      ddoc: 'app',
      designDocument: { views: { all: { map: 'function (doc) { emit(doc._id, 1); }' } } },
    });
    expect(put.result).toMatchObject({ ok: true, id: '_design/app' });
    const got = await client.getDesignDocument({ db: 'design', ddoc: 'app' });
    expect(got.result._id).toBe('_design/app');
    expect(got.result.views?.all?.map).toContain('emit(doc._id, 1)');
    await client.putDocument({ db: 'design', docId: 'plain', document: {} });
    const listed = await client.postDesignDocs({ db: 'design', includeDocs: true });
    expect(listed.result.rows.map((r) => r.id)).toEqual(['_design/app']);
    expect(listed.result.rows[0]?.doc?._rev).toBe(put.result.rev);
    const removed = await client.deleteDesignDocument({
      db: 'design',
      ddoc: 'app',
      rev: put.result.rev as string,
    });
    expect(removed.result.ok).toBe(true);
    expect((await client.postDesignDocs({ db: 'design' })).result.rows).toEqual([]);
  });

  it('getDocument with revs and revs_info, and as a stream; postRevsDiff', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'revs' });
    const one = await client.putDocument({ db: 'revs', docId: 'r', document: { v: 1 } });
    const two = await client.putDocument({
      db: 'revs',
      docId: 'r',
      document: { v: 2 },
      rev: one.result.rev as string,
    });
    const withRevs = await client.getDocument({
      db: 'revs',
      docId: 'r',
      revs: true,
      revsInfo: true,
    });
    expect(withRevs.result._revisions?.start).toBe(2);
    expect(withRevs.result._revisions?.ids).toEqual([
      (two.result.rev as string).slice(2),
      (one.result.rev as string).slice(2),
    ]);
    expect(withRevs.result._revs_info?.map((r) => [r.rev, r.status])).toEqual([
      [two.result.rev, 'available'],
      [one.result.rev, 'available'],
    ]);
    const stream = await client.getDocumentAsStream({ db: 'revs', docId: 'r' });
    expect(JSON.parse((await readAll(stream.result)).toString())).toEqual({
      _id: 'r',
      _rev: two.result.rev,
      v: 2,
    });
    const diff = await client.postRevsDiff({
      db: 'revs',
      documentRevisions: {
        r: [one.result.rev as string, '3-ffffffffffffffffffffffffffffffff'],
        other: ['1-abcabcabcabcabcabcabcabcabcabcab'],
      },
    });
    expect(diff.result).toEqual({
      r: { missing: ['3-ffffffffffffffffffffffffffffffff'], possibleAncestors: [two.result.rev] },
      other: { missing: ['1-abcabcabcabcabcabcabcabcabcabcab'] },
    });
  });

  it('security: putSecurity then getSecurity', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'secure' });
    // A new database's security object, as CouchDB 3.5 shows it.
    expect((await client.getSecurity({ db: 'secure' })).result).toEqual({
      admins: { roles: ['_admin'] },
      members: { roles: ['_admin'] },
    });
    const put = await client.putSecurity({
      db: 'secure',
      members: { names: ['reader'], roles: [] },
      admins: { names: [], roles: ['boss'] },
    });
    expect(put.result).toEqual({ ok: true });
    const got = await client.getSecurity({ db: 'secure' });
    expect(got.result).toEqual({
      members: { names: ['reader'], roles: [] },
      admins: { names: [], roles: ['boss'] },
    });
  });

  it('postAllDocsQueries: several _all_docs queries in one request', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'multi' });
    await client.postBulkDocs({ db: 'multi', bulkDocs: { docs: sampleDocs(8) } });
    const answer = await client.postAllDocsQueries({
      db: 'multi',
      queries: [{ keys: ['doc001', 'doc005'] }, { startKey: 'doc006', limit: 5 }, { limit: 0 }],
    });
    const results = answer.result.results;
    expect(results.map((r) => r.rows.map((row) => row.id))).toEqual([
      ['doc001', 'doc005'],
      ['doc006', 'doc007'],
      [],
    ]);
    expect(results.map((r) => r.totalRows)).toEqual([8, 8, 8]);
  });
});

describe('@ibm-cloud/cloudant against the simulator: batch writes and cached reads', () => {
  it('batch=ok: postDocument and putDocument answer 202 without a rev, and write', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'batch' });
    const posted = await client.postDocument({
      db: 'batch',
      document: { _id: 'p1', v: 1 },
      batch: 'ok',
    });
    expect(posted.status).toBe(202);
    expect(posted.result).toEqual({ ok: true, id: 'p1' });
    const put = await client.putDocument({
      db: 'batch',
      docId: 'p2',
      document: { v: 2 },
      batch: 'ok',
    });
    expect(put.status).toBe(202);
    expect(put.result).toEqual({ ok: true, id: 'p2' });
    // A conflicting batch write is accepted too; CouchDB only logs that it was dropped.
    const dropped = await client.putDocument({
      db: 'batch',
      docId: 'p2',
      document: { v: 3 },
      batch: 'ok',
    });
    expect(dropped.status).toBe(202);
    const rows = (await client.postAllDocs({ db: 'batch', includeDocs: true })).result.rows;
    expect(rows.map((r) => [r.id, r.doc?.v])).toEqual([
      ['p1', 1],
      ['p2', 2],
    ]);
  });

  it('getDocument with ifNoneMatch: 304 for the current rev, 200 once it changed', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'cache' });
    const first = await client.putDocument({ db: 'cache', docId: 'c', document: { v: 1 } });
    const etag = `"${first.result.rev}"`;
    const cached = await failure(
      client.getDocument({ db: 'cache', docId: 'c', ifNoneMatch: etag }),
    );
    // The core treats any status outside 2xx as an error: a 304 rejects, with its ETag.
    expect(cached.status).toBe(304);
    await client.putDocument({
      db: 'cache',
      docId: 'c',
      document: { v: 2 },
      rev: first.result.rev as string,
    });
    const fresh = await client.getDocument({ db: 'cache', docId: 'c', ifNoneMatch: etag });
    expect(fresh.status).toBe(200);
    expect(fresh.result.v).toBe(2);
  });
});

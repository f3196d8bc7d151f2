import { basicAuth, couchDbSessionAuth } from '@connectorkit/http-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDocDbClient,
  type DocDbClient,
  isBulkRowError,
  isConflictError,
  isNotFoundError,
  isPreconditionFailedError,
} from '../index.js';
import type { TestCouchServer } from './express-pouchdb.js';

/** The operations suite, run against any CouchDB-compatible server. */
export function defineIntegrationSuite(label: string, start: () => Promise<TestCouchServer>): void {
  describe(`doc-db-client against ${label}`, () => {
    let server: TestCouchServer;
    let client: DocDbClient;
    const db = `it-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;

    beforeAll(async () => {
      server = await start();
      client = createDocDbClient({
        url: server.url,
        auth: basicAuth({ username: server.username, password: server.password }),
      });
      await client.putDatabase({ db });
    });
    afterAll(async () => {
      await client?.deleteDatabase({ db }).catch(() => {});
      await server?.close();
    });

    it('reads server information, uuids, the database list and membership', async () => {
      const info = await client.getServerInformation();
      expect(String(info.couchdb ?? info['express-pouchdb'])).toMatch(/^Welcome/);
      expect((await client.getUuids({ count: 3 })).uuids).toHaveLength(3);
      expect(await client.getAllDbs()).toContain(db);
      expect(Array.isArray(await client.getActiveTasks())).toBe(true);
      expect((await client.getMembershipInformation()).all_nodes.length).toBeGreaterThan(0);
    });

    it('creates, checks and describes a database; a duplicate is a PreconditionFailedError', async () => {
      expect(await client.headDatabase({ db })).toBe(true);
      expect(await client.headDatabase({ db: `${db}-missing` })).toBe(false);
      const info = await client.getDatabaseInformation({ db });
      expect(info.db_name).toBe(db);
      const duplicate = await client.putDatabase({ db }).catch((e: unknown) => e);
      expect(isPreconditionFailedError(duplicate)).toBe(true);
      expect(duplicate).toMatchObject({ status: 412, error: 'file_exists' });
    });

    it('creates, reads, updates and deletes a document, with conflicts typed', async () => {
      const created = await client.putDocument({
        db,
        docId: 'doc-1',
        document: { name: 'kayak', stock: 3 },
      });
      expect(created).toMatchObject({ ok: true, id: 'doc-1' });
      const doc = await client.getDocument<{ _rev: string; name: string }>({ db, docId: 'doc-1' });
      expect(doc.name).toBe('kayak');
      expect(await client.headDocument({ db, docId: 'doc-1' })).toBe(created.rev);
      const updated = await client.putDocument({
        db,
        docId: 'doc-1',
        document: { ...doc, stock: 2 },
      });
      expect(updated.rev.startsWith('2-')).toBe(true);
      const stale = await client
        .putDocument({ db, docId: 'doc-1', document: { ...doc, stock: 1 } })
        .catch((e: unknown) => e);
      expect(isConflictError(stale)).toBe(true);
      expect(stale).toMatchObject({ status: 409, error: 'conflict' });
      await client.deleteDocument({ db, docId: 'doc-1', rev: updated.rev });
      const gone = await client.getDocument({ db, docId: 'doc-1' }).catch((e: unknown) => e);
      expect(isNotFoundError(gone)).toBe(true);
      expect(await client.headDocument({ db, docId: 'doc-1' })).toBeUndefined();
      const posted = await client.postDocument({ db, document: { name: 'paddle' } });
      expect(posted.id).toBeTruthy();
    });

    it('writes in bulk with per-row results and reads them back with _bulk_get', async () => {
      const rows = await client.postBulkDocs({
        db,
        docs: [
          { _id: 'b1', n: 1 },
          { _id: 'b2', n: 2 },
        ],
      });
      expect(rows.every((r) => !isBulkRowError(r))).toBe(true);
      const again = await client.postBulkDocs({ db, docs: [{ _id: 'b1', n: 9 }] });
      expect(again[0] && isBulkRowError(again[0]) && again[0].error).toBe('conflict');
      const got = await client.postBulkGet({ db, docs: [{ id: 'b1' }, { id: 'b2' }] });
      expect(got.results.map((r) => r.id)).toEqual(['b1', 'b2']);
      const raw = await new Response(
        await client.postBulkGetAsStream({ db, docs: [{ id: 'b2' }] }),
      ).json();
      expect(raw.results[0].docs[0].ok).toMatchObject({ _id: 'b2', n: 2 });
    });

    it('lists _all_docs by keys and pages through every document', async () => {
      await client.postBulkDocs({
        db,
        docs: Array.from({ length: 25 }, (_, i) => ({ _id: `p-${String(i).padStart(2, '0')}`, i })),
      });
      const byKeys = await client.postAllDocs({ db, keys: ['p-00', 'nope'], includeDocs: true });
      expect(byKeys.rows[0]?.doc?.i).toBe(0);
      expect(byKeys.rows[1]?.error).toBe('not_found');
      const seen: string[] = [];
      for await (const page of client.paginateAllDocs({
        db,
        startKey: 'p-',
        endKey: 'p-\ufff0',
        pageSize: 7,
      })) {
        expect(page.length).toBeLessThanOrEqual(7);
        seen.push(...page.map((r) => r.id ?? ''));
      }
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `p-${String(i).padStart(2, '0')}`));
    });

    it('queries with _find and an index, and explains', async () => {
      await client.postIndex({ db, index: { fields: ['i'] }, name: 'by-i' });
      const found = await client.postFind({
        db,
        selector: { i: { $gte: 20 } },
        sort: [{ i: 'asc' }],
        fields: ['_id', 'i'],
      });
      expect(found.docs.map((d) => d.i)).toEqual([20, 21, 22, 23, 24]);
      expect(
        (await client.getIndexesInformation({ db })).indexes.some((x) => x.name === 'by-i'),
      ).toBe(true);
      expect(await client.postExplain({ db, selector: { i: 1 } })).toHaveProperty('index');
    });

    it('runs a map/reduce view with keys and group levels, and pages it', async () => {
      await client.putDesignDocument({
        db,
        ddoc: 'stats',
        document: {
          views: {
            parity: {
              map: 'function (doc) { if (typeof doc.i === "number") emit([doc.i % 2, doc.i], 1); }',
              reduce: '_count',
            },
          },
        },
      });
      const grouped = await client.postView({ db, ddoc: 'stats', view: 'parity', groupLevel: 1 });
      expect(grouped.rows).toEqual([
        { key: [0], value: 13 },
        { key: [1], value: 12 },
      ]);
      const rows: unknown[] = [];
      for await (const page of client.paginateView({
        db,
        ddoc: 'stats',
        view: 'parity',
        reduce: false,
        pageSize: 10,
      }))
        rows.push(...page);
      expect(rows).toHaveLength(25);
    });

    it('stores, reads and deletes an attachment as bytes and as a stream', async () => {
      const put = await client.putAttachment({
        db,
        docId: 'with-att',
        attachmentName: 'note.txt',
        body: 'hello attachment',
        contentType: 'text/plain',
      });
      const { bytes, contentType } = await client.getAttachment({
        db,
        docId: 'with-att',
        attachmentName: 'note.txt',
      });
      expect(Buffer.from(bytes).toString()).toBe('hello attachment');
      expect(contentType).toContain('text/plain');
      const stream = await client.getAttachmentAsStream({
        db,
        docId: 'with-att',
        attachmentName: 'note.txt',
      });
      expect(await new Response(stream).text()).toBe('hello attachment');
      await client.deleteAttachment({
        db,
        docId: 'with-att',
        attachmentName: 'note.txt',
        rev: put.rev,
      });
    });

    it('keeps local documents out of the changes feed, which lists the others', async () => {
      await client.putLocalDocument({ db, docId: 'checkpoint', document: { seq: 'x' } });
      expect(
        (await client.getLocalDocument<{ seq: string }>({ db, docId: '_local/checkpoint' })).seq,
      ).toBe('x');
      const changes = await client.postChanges({ db, since: 0, limit: 500 });
      expect(changes.results.some((r) => r.id === 'b1')).toBe(true);
      expect(changes.results.some((r) => r.id.startsWith('_local'))).toBe(false);
      expect(changes.last_seq).toBeDefined();
    });

    it('answers HEAD for design and local documents and attachments, and a document read asking for multipart without attachments as JSON', async () => {
      const design = await client.putDesignDocument({
        db,
        ddoc: 'heads',
        designDocument: { views: { all: { map: 'function (doc) { emit(doc._id, null); }' } } },
      });
      expect(await client.headDesignDocument({ db, ddoc: 'heads' })).toBe(design.rev);
      expect(await client.headDesignDocument({ db, ddoc: 'none' })).toBeUndefined();
      await client.putLocalDocument({ db, docId: 'head-cp', document: { n: 1 } });
      expect(await client.headLocalDocument({ db, docId: 'head-cp' })).toBe(true);
      expect(await client.headLocalDocument({ db, docId: 'none' })).toBe(false);
      const put = await client.putAttachment({
        db,
        docId: 'head-att',
        attachmentName: 'a.txt',
        attachment: 'twelve bytes',
        contentType: 'text/plain',
      });
      const head = await client.headAttachment({ db, docId: 'head-att', attachmentName: 'a.txt' });
      expect(head?.contentType).toMatch(/^text\/plain/);
      const stub = (await client.getDocument({ db, docId: 'head-att' }))._attachments as Record<
        string,
        { digest: string }
      >;
      expect(head?.digest).toBe(stub['a.txt']?.digest);
      expect(
        await client.headAttachment({ db, docId: 'head-att', attachmentName: 'none.txt' }),
      ).toBeUndefined();
      const mixed = await client.getDocumentAsMixed({ db, docId: 'head-att', rev: put.rev });
      expect(await new Response(mixed.stream).json()).toMatchObject({
        _id: 'head-att',
        _rev: put.rev,
      });
    });

    it('reads and writes the security object', async () => {
      await client.putSecurity({
        db,
        security: { admins: { names: [], roles: [] }, members: { names: [], roles: ['_admin'] } },
      });
      expect((await client.getSecurity({ db })).members?.roles).toEqual(['_admin']);
      await client.putSecurity({ db, security: {} });
    });

    it('authenticates with a CouchDB session cookie', async () => {
      const sessionClient = createDocDbClient({
        url: server.url,
        auth: couchDbSessionAuth({ username: server.username, password: server.password }),
      });
      const session = await sessionClient.getSessionInformation();
      expect(session.userCtx.name).toBe(server.username);
    });
  });
}

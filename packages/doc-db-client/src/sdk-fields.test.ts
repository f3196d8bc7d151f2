import type { IncomingHttpHeaders } from 'node:http';
import {
  type LoopbackServer,
  startLoopbackServer,
  visibleText,
} from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocDbClient, type DocDbClient, isDocDbError } from './index.js';

/*
 * The Cloudant SDK's request fields reach the wire as the SDK sends them: conditional headers,
 * its names for bodies, its camelCase models in CouchDB's names.
 */

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
let seen: Seen[] = [];
let answer: { status: number; body: string; headers?: Record<string, string> } = {
  status: 200,
  body: '{}',
};
let server: LoopbackServer;
let client: DocDbClient;
beforeAll(async () => {
  server = await startLoopbackServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    });
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.status === 304 || req.method === 'HEAD' ? undefined : answer.body);
  });
  client = createDocDbClient({ url: server.url, retry: false });
});
afterAll(() => server.close());
beforeEach(() => {
  seen = [];
  answer = { status: 200, body: '{"ok":true,"id":"d","rev":"2-b"}' };
});
const last = () => seen.at(-1) as Seen;
const json = () => JSON.parse(last().body);

describe('the SDK’s fields on the wire', () => {
  it('per-call headers reach the wire, over the method’s own, for reads and JSON writes', async () => {
    answer = { status: 200, body: '{"_id":"d","_rev":"1-a"}' };
    await client.getDocument({ db: 'db', docId: 'd', headers: { 'x-trace': 't1' } });
    expect(last().headers['x-trace']).toBe('t1');
    answer = { status: 201, body: '[{"ok":true,"id":"a","rev":"1-a"}]' };
    await client.postBulkDocs({ db: 'db', docs: [{ _id: 'a' }], headers: { 'x-trace': 't2' } });
    expect(last().headers).toMatchObject({ 'x-trace': 't2', 'content-type': 'application/json' });
    answer = { status: 200, body: '{"ok":true}' };
    await client.putSecurity({
      db: 'db',
      security: {},
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(last().headers['content-type']).toBe('application/json; charset=utf-8');
    answer = { status: 200, body: '{"results":[],"last_seq":"1"}' };
    await client.postChanges({ db: 'db', lastEventId: '5', headers: { 'x-trace': 't3' } });
    expect(last().headers).toMatchObject({ 'x-trace': 't3', 'last-event-id': '5' });
  });

  it('per-call headers that HTTP cannot carry are refused before any request', async () => {
    for (const headers of [{ 'bad name': 'x' }, { ok: 'line\nbreak' }, { ok: 5 }, 'x-a: b']) {
      const error = await client
        .getDocument({ db: 'db', docId: 'd', headers: headers as never })
        .catch((e: unknown) => e);
      expect((error as Error).name).toBe('InputValidationError');
      expect((error as Error).message).toContain('headers');
    }
    expect(seen).toEqual([]);
  });

  it('documents: conditional headers, meta, batch, a content type for raw JSON', async () => {
    answer = { status: 200, body: '', headers: { etag: '"2-b"' } };
    expect(
      await client.headDocument({
        db: 'db',
        docId: 'd',
        ifNoneMatch: '"1-a"',
        rev: '2-b',
        latest: true,
      }),
    ).toBe('2-b');
    expect(last()).toMatchObject({ method: 'HEAD', url: '/db/d?rev=2-b&latest=true' });
    expect(last().headers['if-none-match']).toBe('"1-a"');
    answer = { status: 304, body: '' };
    const unchanged = await client
      .getDocument({ db: 'db', docId: 'd', ifNoneMatch: '"2-b"', meta: true })
      .catch((e: unknown) => e);
    expect(isDocDbError(unchanged) && unchanged.status).toBe(304);
    expect(last().url).toBe('/db/d?meta=true');
    answer = { status: 201, body: '{"ok":true,"id":"d","rev":"2-b"}' };
    await client.putDocument({
      db: 'db',
      docId: 'd',
      document: new TextEncoder().encode('{"a":1}'),
      contentType: 'application/json; charset=utf-8',
      ifMatch: '"1-a"',
    });
    expect(last().headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'if-match': '"1-a"',
    });
    await client.deleteDocument({ db: 'db', docId: 'd', ifMatch: '"2-b"', batch: 'ok' });
    expect(last()).toMatchObject({ method: 'DELETE', url: '/db/d?batch=ok' });
    expect(last().headers['if-match']).toBe('"2-b"');
    await client.deleteLocalDocument({ db: 'db', docId: 'cp', batch: 'ok' });
    expect(last().url).toBe('/db/_local/cp?batch=ok');
    answer = { status: 200, body: '{"_id":"_local/cp","_rev":"0-1"}' };
    await client.getLocalDocument({
      db: 'db',
      docId: 'cp',
      accept: 'application/json',
      localSeq: true,
      attachments: true,
      attEncodingInfo: true,
    });
    expect(last().url).toBe('/db/_local/cp?attachments=true&att_encoding_info=true&local_seq=true');
  });

  it('bodies under the SDK’s names: bulkDocs, documentRevisions, designDocument, attachment, security members', async () => {
    answer = { status: 201, body: '[]' };
    await client.postBulkDocs({
      db: 'db',
      bulkDocs: { docs: [{ _id: 'a', _rev: '1-a' }], newEdits: false },
    });
    expect(json()).toEqual({ docs: [{ _id: 'a', _rev: '1-a' }], new_edits: false });
    answer = { status: 200, body: '{}' };
    await client.postRevsDiff({ db: 'db', documentRevisions: { a: ['1-a'] } });
    expect(json()).toEqual({ a: ['1-a'] });
    answer = { status: 201, body: '{"ok":true,"id":"_design/v","rev":"1-a"}' };
    await client.putDesignDocument({
      db: 'db',
      ddoc: 'v',
      designDocument: { views: {} },
      ifMatch: '"1-a"',
      batch: 'ok',
    });
    expect(last()).toMatchObject({ method: 'PUT', url: '/db/_design/v?batch=ok' });
    expect(json()).toEqual({ views: {} });
    await client.putAttachment({
      db: 'db',
      docId: 'd',
      attachmentName: 'a.txt',
      attachment: 'bytes',
      contentType: 'text/plain',
      ifMatch: '"1-a"',
    });
    expect(last()).toMatchObject({ body: 'bytes', headers: { 'if-match': '"1-a"' } });
    answer = { status: 200, body: '{"ok":true}' };
    await client.putSecurity({ db: 'db', members: { roles: ['r'] }, couchdbAuthOnly: true });
    expect(json()).toEqual({ members: { roles: ['r'] }, couchdb_auth_only: true });
    const both = await client
      .putSecurity({ db: 'db', security: {}, admins: {} } as never)
      .catch((e: unknown) => e);
    expect(both).toMatchObject({
      issues: [{ path: 'admins', message: 'must not be given with security' }],
    });
  });

  it('reads: attachment ranges, _bulk_get models, query and search fields', async () => {
    answer = { status: 206, body: 'by', headers: { 'content-type': 'text/plain' } };
    const part = await client.getAttachment({
      db: 'db',
      docId: 'd',
      attachmentName: 'a.txt',
      range: 'bytes=0-1',
      accept: 'text/plain',
    });
    expect(new TextDecoder().decode(part.bytes)).toBe('by');
    expect(last().headers).toMatchObject({ range: 'bytes=0-1', accept: 'text/plain' });
    answer = { status: 200, body: '{"results":[]}' };
    await client.postBulkGet({
      db: 'db',
      docs: [{ id: 'a', attsSince: ['1-a'] }, { id: 'b' }],
      latest: true,
      attEncodingInfo: true,
    });
    expect(last().url).toBe('/db/_bulk_get?att_encoding_info=true&latest=true');
    expect(json()).toEqual({ docs: [{ id: 'a', atts_since: ['1-a'] }, { id: 'b' }] });
    answer = { status: 200, body: '{"rows":[]}' };
    await client.postAllDocs({
      db: 'db',
      includeDocs: true,
      attachments: true,
      attEncodingInfo: true,
    });
    expect(json()).toEqual({ include_docs: true, attachments: true, att_encoding_info: true });
    answer = { status: 200, body: '{"docs":[]}' };
    await client.postFind({
      db: 'db',
      selector: {},
      allowFallback: false,
      stable: true,
      update: false,
    });
    expect(json()).toEqual({ selector: {}, allow_fallback: false, stable: true, update: false });
    answer = { status: 200, body: '{"total_rows":0,"rows":[]}' };
    await client.postSearch({
      db: 'db',
      ddoc: 'd',
      index: 'i',
      query: 'a',
      highlightFields: ['t'],
      highlightNumber: 2,
      highlightPreTag: '<b>',
      highlightPostTag: '</b>',
      highlightSize: 50,
      groupField: 'g',
      groupLimit: 3,
      groupSort: '-n',
      ranges: { n: { low: '[0 TO 5]' } },
    });
    expect(json()).toEqual({
      query: 'a',
      highlight_fields: ['t'],
      highlight_number: 2,
      highlight_pre_tag: '<b>',
      highlight_post_tag: '</b>',
      highlight_size: 50,
      group_field: 'g',
      group_limit: 3,
      group_sort: '-n',
      ranges: { n: { low: '[0 TO 5]' } },
    });
    answer = { status: 200, body: '{"total_rows":0,"offset":0,"docs":[]}' };
    await client.getSchedulerDocs({ states: ['running', 'crashing'], limit: 2 });
    expect(last().url).toBe('/_scheduler/docs?limit=2&states=running%2Ccrashing');
  });

  it('a replication document in the SDK’s model is sent in CouchDB’s names, its credentials kept out of errors', async () => {
    const password = 'replication-Passw0rd';
    const apiKey = 'replication-api-key-0123456789';
    // The server echoes what it received into its error.
    answer = { status: 400, body: '' };
    const pending = client
      .putReplicationDocument({
        docId: 'r',
        replicationDocument: {
          source: `http://admin:${password}@127.0.0.1:5984/a`,
          target: { url: 'https://example.com/b', auth: { iam: { apiKey } } } as never,
          createTarget: true,
          docIds: ['x'],
          continuous: true,
        } as never,
      })
      .catch((e: unknown) => e);
    const error = await pending;
    expect(json()).toEqual({
      source: `http://admin:${password}@127.0.0.1:5984/a`,
      target: { url: 'https://example.com/b', auth: { iam: { api_key: apiKey } } },
      create_target: true,
      doc_ids: ['x'],
      continuous: true,
    });
    answer = { status: 400, body: JSON.stringify({ error: 'bad_request', reason: last().body }) };
    const echoed = await client
      .postReplicator({
        replicationDocument: {
          source: `http://admin:${password}@127.0.0.1:5984/a`,
          target: { url: 'https://example.com/b', auth: { iam: { apiKey } } } as never,
        },
      })
      .catch((e: unknown) => e);
    for (const e of [error, echoed]) {
      expect(isDocDbError(e)).toBe(true);
      expect(visibleText(e)).not.toContain(password);
      expect(visibleText(e)).not.toContain(apiKey);
    }
  });
});

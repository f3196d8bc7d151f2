import { type InputValidationError, isInputValidationError } from '@connectorkit/http-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createDocDbClient,
  DEFAULT_DOC_DB_LIMITS,
  type DocDbClient,
  type DocDbClientOptions,
} from './index.js';
import { type RecordingServer, startRecordingServer } from './test-support/recording-server.js';

/*
 * The sizes CouchDB refuses with a 413 (or a connection cut mid-upload) are refused before
 * sending, naming the document or the batch; the limits are the client's `limits` option.
 */

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer((req, res) => {
    res.writeHead(req.url?.includes('_bulk_docs') ? 201 : 200, {
      'content-type': 'application/json',
    });
    res.end(req.url?.includes('_bulk_docs') ? '[]' : '{"ok":true,"id":"x","rev":"1-a","docs":[]}');
  });
});
afterAll(() => server.close());
beforeEach(() => server.clear());

const make = (limits?: DocDbClientOptions['limits']) =>
  createDocDbClient({ url: server.url, retry: false, ...(limits ? { limits } : {}) });

async function refused(call: Promise<unknown>): Promise<InputValidationError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isInputValidationError(error), String(error)).toBe(true);
  expect(server.requests).toEqual([]);
  return error as InputValidationError;
}

/** A document whose JSON is exactly `bytes` bytes, `unit` repeated in one field. */
function docOf(bytes: number, unit = 'x'): Record<string, string> {
  const overhead = Buffer.byteLength(JSON.stringify({ v: '' }));
  const count = Math.floor((bytes - overhead) / Buffer.byteLength(unit));
  const doc = { v: unit.repeat(count) };
  const rest = bytes - Buffer.byteLength(JSON.stringify(doc));
  doc.v += 'x'.repeat(rest);
  expect(Buffer.byteLength(JSON.stringify(doc))).toBe(bytes);
  return doc;
}

describe("CouchDB's default limits", () => {
  let client: DocDbClient;
  beforeAll(() => {
    client = make();
  });

  it('are 8 000 000 bytes a document and 4 GiB a request', () => {
    expect(DEFAULT_DOC_DB_LIMITS).toEqual({
      maxDocumentBytes: 8_000_000,
      maxRequestBytes: 4_294_967_296,
    });
    expect(client.limits).toEqual(DEFAULT_DOC_DB_LIMITS);
  });

  it('refuse a document one byte over max_document_size, and send one at it', async () => {
    const error = await refused(
      client.putDocument({ db: 'db', docId: 'big', document: docOf(8_000_001) }),
    );
    expect(error.issues).toEqual([
      {
        path: 'document',
        message:
          "is 8000001 bytes of JSON, over the 8000000-byte document limit (limits.maxDocumentBytes; CouchDB's max_document_size)",
      },
    ]);
    await client.putDocument({ db: 'db', docId: 'big', document: docOf(8_000_000) });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body.length).toBe(8_000_000);
  });

  it('count bytes, not characters', async () => {
    // 2.7 million characters, 8.1 million bytes.
    const error = await refused(
      client.postDocument({ db: 'db', document: { v: '日'.repeat(2_700_000) } }),
    );
    expect(error.issues[0]?.message).toMatch(/^is 8100008 bytes of JSON/);
  });

  it('name each document of a batch over the limit', async () => {
    const docs = [{ _id: 'a' }, docOf(8_000_001), { _id: 'c' }, docOf(8_000_002, 'é')];
    const error = await refused(client.postBulkDocs({ db: 'db', docs }));
    expect(error.issues.map((i) => i.path)).toEqual(['docs.1', 'docs.3']);
  });

  it('leave inline attachments out of the document size, as CouchDB does', async () => {
    const data = Buffer.alloc(6_500_000, 7).toString('base64'); // 8.7 MB of base64
    const document = { n: 1, _attachments: { 'a.bin': { content_type: 'x/y', data } }, z: 2 };
    await client.putDocument({ db: 'db', docId: 'withfile', document });
    const sent = JSON.parse(server.requests[0]?.body ?? '');
    expect(sent).toEqual(document);
    expect(Object.keys(sent)).toEqual(['n', 'z', '_attachments']);
    server.clear();
    await refused(
      client.putDocument({
        db: 'db',
        docId: 'x',
        document: { ...document, v: docOf(8_000_001).v },
      }),
    );
  });
});

describe('limits set on the client', () => {
  let client: DocDbClient;
  beforeAll(() => {
    client = make({ maxDocumentBytes: 1_000, maxRequestBytes: 5_000 });
  });

  it('are laid over the defaults', () => {
    expect(client.limits).toEqual({ maxDocumentBytes: 1_000, maxRequestBytes: 5_000 });
    expect(make({ maxRequestBytes: 10_000_000 }).limits).toEqual({
      maxDocumentBytes: 8_000_000,
      maxRequestBytes: 10_000_000,
    });
  });

  it('refuse a document over maxDocumentBytes, in every write', async () => {
    const document = docOf(1_001);
    await refused(client.putDocument({ db: 'db', docId: 'a', document }));
    await refused(client.postDocument({ db: 'db', document }));
    await refused(client.putDesignDocument({ db: 'db', ddoc: 'd', document }));
    await refused(client.putLocalDocument({ db: 'db', docId: 'cp', document }));
    await client.putDocument({ db: 'db', docId: 'a', document: docOf(1_000) });
    expect(server.requests).toHaveLength(1);
  });

  it('refuse a batch over maxRequestBytes, saying what to do', async () => {
    const docs = Array.from({ length: 6 }, () => docOf(900));
    const error = await refused(client.postBulkDocs({ db: 'db', docs }));
    expect(error.issues).toEqual([
      {
        path: 'docs',
        message:
          "makes a 5416-byte request body, over the 5000-byte limit (limits.maxRequestBytes; CouchDB's max_http_request_size): send fewer documents per call",
      },
    ]);
    await client.postBulkDocs({ db: 'db', docs: docs.slice(0, 5) });
    expect(server.requests[0]?.body).toBe(JSON.stringify({ docs: docs.slice(0, 5) }));
  });

  it('refuse any other body over maxRequestBytes', async () => {
    const big = 'k'.repeat(5_001);
    await refused(client.postFind({ db: 'db', selector: { a: big } }));
    await refused(client.postAllDocs({ db: 'db', keys: [big] }));
    await refused(client.postBulkGet({ db: 'db', docs: [{ id: big }] }));
    await refused(client.postChanges({ db: 'db', docIds: [big] }));
    await refused(
      client.putAttachment({
        db: 'db',
        docId: 'a',
        attachmentName: 'f',
        body: big,
        contentType: 'text/plain',
      }),
    );
    await refused(client.putDocument({ db: 'db', docId: 'a', document: new Uint8Array(5_001) }));
    await refused(client.postBulkDocs({ db: 'db', docs: new Uint8Array(5_001) }));
  });

  it('check nothing with Infinity', async () => {
    const open = make({ maxDocumentBytes: Infinity, maxRequestBytes: Infinity });
    await open.putDocument({ db: 'db', docId: 'a', document: docOf(9_000_000) });
    expect(server.requests).toHaveLength(1);
  });

  it('are checked when the client is made', () => {
    for (const bad of [0, -1, Number.NaN, 1.5, '1000']) {
      expect(() => make({ maxDocumentBytes: bad as number })).toThrow(
        /limits\.maxDocumentBytes: must be a whole number of bytes, 1 or more, or Infinity/,
      );
    }
    expect(() => make([] as never)).toThrow(/limits: must be an object/);
  });
});

describe('measuring costs no second serialisation', () => {
  it('serialises each document once, small batch or large', async () => {
    const client = make();
    let calls = 0;
    const stamp = { toJSON: () => `t${++calls}` };
    await client.putDocument({
      db: 'db',
      docId: 'a',
      document: { at: stamp, v: 'x'.repeat(3_000_000) },
    });
    expect(calls).toBe(1);
    for (const size of [10, 2_000]) {
      calls = 0;
      server.clear();
      const docs = Array.from({ length: 300 }, (_, i) => ({
        _id: `d${i}`,
        at: stamp,
        v: 'é'.repeat(size),
      }));
      await client.postBulkDocs({ db: 'db', docs });
      expect(calls).toBe(300);
      // What was measured is what was sent: the stamps each call wrote, in order.
      const sent = JSON.parse(server.requests[0]?.body ?? '') as { docs: { at: string }[] };
      expect(sent.docs.map((d) => d.at)).toEqual(docs.map((_, i) => `t${i + 1}`));
    }
  });
});

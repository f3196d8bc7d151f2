import { afterEach, describe, expect, it } from 'vitest';
import { createDocDbClient, type DocDbClient, type MultipartAnswer } from './index.js';
import { createCouchDbSimulator } from './testing/index.js';

/**
 * HEAD, multipart, multi-query, design-document and partition operations over HTTP against the
 * simulator.
 */
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function start(): Promise<DocDbClient> {
  const server = await createCouchDbSimulator().listen();
  closers.push(server.close);
  return createDocDbClient({ url: server.url });
}

interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

/** A minimal multipart reader: the parts between `--boundary` lines, headers and body. */
function parts(body: Buffer, contentType: string): Part[] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1] as string;
  const text = body.toString('latin1');
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => {
      const raw = chunk.replace(/^\r\n/, '').replace(/\r\n$/, '');
      const split = raw.indexOf('\r\n\r\n');
      const headers: Record<string, string> = {};
      for (const line of raw.slice(0, split).split('\r\n')) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      return { headers, body: Buffer.from(raw.slice(split + 4), 'latin1') };
    });
}
const read = async (answer: MultipartAnswer) =>
  parts(Buffer.from(await new Response(answer.stream).arrayBuffer()), answer.contentType);

async function seed(client: DocDbClient) {
  await client.putDatabase({ db: 'd' });
  const put = await client.putAttachment({
    db: 'd',
    docId: 'doc',
    attachmentName: 'note.txt',
    attachment: 'hello multipart',
    contentType: 'text/plain',
  });
  await client.postBulkDocs({
    db: 'd',
    bulkDocs: {
      docs: [{ _id: 'doc', _rev: '1-ffffffffffffffffffffffffffffffff', x: 1 }],
      newEdits: false,
    },
  });
  return put.rev;
}

describe('HEAD and multipart reads', () => {
  it('headDesignDocument, headLocalDocument and headAttachment', async () => {
    const client = await start();
    const rev = await seed(client);
    const design = await client.putDesignDocument({
      db: 'd',
      ddoc: 'v',
      designDocument: { views: {} },
    });
    expect(await client.headDesignDocument({ db: 'd', ddoc: 'v' })).toBe(design.rev);
    expect(await client.headDesignDocument({ db: 'd', ddoc: 'none' })).toBeUndefined();
    await client.putLocalDocument({ db: 'd', docId: 'cp', document: { seq: 1 } });
    expect(await client.headLocalDocument({ db: 'd', docId: 'cp' })).toBe(true);
    expect(await client.headLocalDocument({ db: 'd', docId: '_local/none' })).toBe(false);
    const head = await client.headAttachment({
      db: 'd',
      docId: 'doc',
      attachmentName: 'note.txt',
      rev,
    });
    const stub = (await client.getDocument({ db: 'd', docId: 'doc', rev }))._attachments as Record<
      string,
      { digest: string }
    >;
    expect(head).toEqual({
      contentType: 'text/plain',
      length: 15,
      digest: stub['note.txt']?.digest,
    });
    expect(
      await client.headAttachment({ db: 'd', docId: 'doc', attachmentName: 'none.txt' }),
    ).toBeUndefined();
  });

  it('getDocumentAsMixed gives each open revision as a part, with its attachments related', async () => {
    const client = await start();
    const rev = await seed(client);
    const answer = await client.getDocumentAsMixed({ db: 'd', docId: 'doc', openRevs: 'all' });
    expect(answer.contentType).toMatch(/^multipart\/mixed; boundary=/);
    const found = await read(answer);
    expect(found).toHaveLength(2);
    const related = found.find((p) => p.headers['content-type']?.startsWith('multipart/related'));
    const inner = parts(related?.body as Buffer, related?.headers['content-type'] as string);
    expect(JSON.parse(inner[0]?.body.toString() as string)).toMatchObject({
      _id: 'doc',
      _rev: rev,
      _attachments: { 'note.txt': { follows: true, length: 15 } },
    });
    expect(inner[1]?.headers['content-disposition']).toBe('attachment; filename="note.txt"');
    expect(inner[1]?.body.toString()).toBe('hello multipart');
    const plain = found.find((p) => p.headers['content-type'] === 'application/json');
    expect(JSON.parse(plain?.body.toString() as string)).toMatchObject({ x: 1 });
  });

  it('getDocumentAsRelated sends attachments as parts, or JSON where there are none', async () => {
    const client = await start();
    const rev = await seed(client);
    const related = await client.getDocumentAsRelated({
      db: 'd',
      docId: 'doc',
      rev,
      attachments: true,
    });
    const [json, att] = await read(related);
    expect(JSON.parse(json?.body.toString() as string)._rev).toBe(rev);
    expect(att?.body.toString()).toBe('hello multipart');
    const winner = await client.getDocumentAsRelated({ db: 'd', docId: 'doc', attachments: true });
    expect(winner.contentType).toMatch(/^application\/json/);
    expect(await new Response(winner.stream).json()).toMatchObject({ x: 1 });
  });

  it('postBulkGetAsMixed and postBulkGetAsRelated: one part per revision, errors as parts', async () => {
    const client = await start();
    const rev = await seed(client);
    const mixed = await client.postBulkGetAsMixed({
      db: 'd',
      docs: [{ id: 'doc', rev }, { id: 'missing' }],
      revs: true,
    });
    expect(mixed.contentType).toMatch(/^multipart\/mixed/);
    const [doc, error] = await read(mixed);
    expect(doc?.headers['x-doc-id']).toBe('doc');
    expect(doc?.headers['x-rev-id']).toBe(rev);
    expect(error?.headers['content-type']).toBe('application/json; error="true"');
    expect(JSON.parse(error?.body.toString() as string)).toMatchObject({ error: 'not_found' });
    const related = await client.postBulkGetAsRelated({ db: 'd', docs: [{ id: 'doc' }] });
    expect(related.contentType).toMatch(/^multipart\/related/);
    expect(await read(related)).toHaveLength(2);
  });
});

describe('batch writes and conditional reads', () => {
  it('a batch=ok write is accepted without a revision; If-None-Match on the current rev is a 304', async () => {
    const client = await start();
    await client.putDatabase({ db: 'b' });
    const accepted = await client.putDocument({
      db: 'b',
      docId: 'x',
      document: { n: 1 },
      batch: 'ok',
    });
    expect(accepted).toEqual({ ok: true, id: 'x' });
    const posted = await client.postDocument({ db: 'b', document: { _id: 'y' }, batch: 'ok' });
    expect(posted).toEqual({ ok: true, id: 'y' });
    const rev = (await client.headDocument({ db: 'b', docId: 'x' })) as string;
    const unchanged = await client
      .getDocument({ db: 'b', docId: 'x', ifNoneMatch: `"${rev}"` })
      .catch((e: unknown) => e);
    expect(unchanged).toMatchObject({ status: 304 });
    expect(await client.headDocument({ db: 'b', docId: 'x', ifNoneMatch: `"${rev}"` })).toBe(rev);
  });
});

describe('multi-queries, design documents and partitions', () => {
  it('all_docs, view and design_docs queries, one result per query', async () => {
    const client = await start();
    await client.putDatabase({ db: 'q' });
    await client.postBulkDocs({
      db: 'q',
      docs: [
        { _id: 'a', n: 1 },
        { _id: 'b', n: 2 },
      ],
    });
    await client.putDesignDocument({
      db: 'q',
      ddoc: 'v',
      document: {
        views: { n: { map: 'function (doc) { emit(doc.n, null); }', reduce: '_count' } },
      },
    });
    const all = await client.postAllDocsQueries({
      db: 'q',
      queries: [{ keys: ['b', 'zz'] }, { limit: 1, descending: true, includeDocs: true }],
    });
    expect(all.results[0]?.rows).toMatchObject([{ id: 'b' }, { key: 'zz', error: 'not_found' }]);
    expect(all.results[1]?.rows).toMatchObject([{ id: 'b', doc: { n: 2 } }]);
    const stream = await client.postAllDocsQueriesAsStream({ db: 'q', queries: [{ key: 'a' }] });
    expect((await new Response(stream).json()).results[0].rows[0].id).toBe('a');
    const views = await client.postViewQueries({
      db: 'q',
      ddoc: 'v',
      view: 'n',
      queries: [{}, { reduce: false, startKey: 2 }],
    });
    expect(views.results.map((r) => r.rows)).toEqual([
      [{ key: null, value: 2 }],
      [{ id: 'b', key: 2, value: null }],
    ]);
    const viewStream = await client.postViewQueriesAsStream({
      db: 'q',
      ddoc: 'v',
      view: 'n',
      queries: [{}],
    });
    expect((await new Response(viewStream).json()).results).toHaveLength(1);
    const design = await client.postDesignDocs({ db: 'q', includeDocs: true });
    expect(design.rows.map((r) => r.id)).toEqual(['_design/v']);
    const designQueries = await client.postDesignDocsQueries({
      db: 'q',
      queries: [{ keys: ['_design/v'] }],
    });
    expect(designQueries.results[0]?.rows[0]?.id).toBe('_design/v');
  });

  it('the postPartition... names query one partition, which they require', async () => {
    const client = await start();
    await client.putDatabase({ db: 'p', partitioned: true });
    await client.postBulkDocs({
      db: 'p',
      docs: [
        { _id: 'red:1', t: 'sea kayak' },
        { _id: 'red:2', t: 'canoe' },
        { _id: 'blue:1', t: 'sea' },
      ],
    });
    await client.putDesignDocument({
      db: 'p',
      ddoc: 'x',
      document: {
        views: { t: { map: 'function (doc) { emit(doc.t, 1); }' } },
        indexes: { t: { index: 'function (doc) { index("default", doc.t); }' } },
      },
    });
    const red = { db: 'p', partitionKey: 'red' };
    expect((await client.postPartitionAllDocs(red)).rows.map((r) => r.id)).toEqual([
      'red:1',
      'red:2',
    ]);
    const allStream = await client.postPartitionAllDocsAsStream(red);
    expect((await new Response(allStream).json()).rows).toHaveLength(2);
    expect((await client.postPartitionView({ ...red, ddoc: 'x', view: 't' })).rows).toHaveLength(2);
    const viewStream = await client.postPartitionViewAsStream({
      ...red,
      ddoc: 'x',
      view: 't',
      key: 'canoe',
    });
    expect((await new Response(viewStream).json()).rows).toHaveLength(1);
    const found = await client.postPartitionFind({ ...red, selector: { t: { $regex: 'sea' } } });
    expect(found.docs.map((d) => d._id)).toEqual(['red:1']);
    const findStream = await client.postPartitionFindAsStream({ ...red, selector: {} });
    expect((await new Response(findStream).json()).docs).toHaveLength(2);
    expect(await client.postPartitionExplain({ ...red, selector: {} })).toHaveProperty('index');
    const searched = await client.postPartitionSearch({
      ...red,
      ddoc: 'x',
      index: 't',
      query: 'sea',
    });
    expect(searched.rows.map((r) => r.id)).toEqual(['red:1']);
    const searchStream = await client.postPartitionSearchAsStream({
      ...red,
      ddoc: 'x',
      index: 't',
      query: '*:*',
    });
    expect((await new Response(searchStream).json()).total_rows).toBe(2);
    const refused = await client
      .postPartitionAllDocs({ db: 'p' } as never)
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ issues: [{ path: 'partitionKey' }] });
  });
});

import { PagerType, Pagination } from '@ibm-cloud/cloudant';
import { describe, expect, it } from 'vitest';
import { basicClient, failure } from './cloudant-setup.js';
import { QUERY_DESIGN, sampleDocs } from './setup.js';

// The IBM Cloudant Node SDK 0.12.19 against the simulator over loopback HTTP: each `it` is one
// flow a user of the SDK runs, so a drift between the simulator and CouchDB shows up here.
// Note: the SDK hands results back through its models, camelCased (`docCount`, `totalRows`),
// dropping members its models lack (`offset`, `purge_seq`).

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

/** Every row of a pagination, and the number of pages it took. */
async function drain<T>(pagination: Pagination<T>): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  let pages = 0;
  for await (const page of pagination.pages()) {
    pages++;
    rows.push(...page);
  }
  return { rows, pages };
}

describe('@ibm-cloud/cloudant against the simulator: pagination and more queries', () => {
  it('Pagination POST_ALL_DOCS: key paging (limit + 1 per request) over 23 documents', async () => {
    const { client, seen } = await basicClient();
    await client.putDatabase({ db: 'pages' });
    await client.postBulkDocs({ db: 'pages', bulkDocs: { docs: sampleDocs(23) } });
    const { rows, pages } = await drain(
      Pagination.newPagination(client, PagerType.POST_ALL_DOCS, { db: 'pages', limit: 5 }),
    );
    expect(rows.map((r) => r.id)).toEqual(sampleDocs(23).map((d) => d._id));
    expect(pages).toBe(5);
    expect(seen.filter((r) => r.path.startsWith('/pages/_all_docs'))).toHaveLength(5);
  });

  it('Pagination POST_FIND: bookmark paging', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'fpages' });
    await client.postBulkDocs({ db: 'fpages', bulkDocs: { docs: sampleDocs(40) } });
    const { rows } = await drain(
      Pagination.newPagination(client, PagerType.POST_FIND, {
        db: 'fpages',
        selector: { type: 'a' },
        limit: 4,
      }),
    );
    expect(rows.map((d) => d._id)).toEqual(
      sampleDocs(40)
        .filter((d) => d.type === 'a')
        .map((d) => d._id),
    );
  });

  it('Pagination POST_VIEW: duplicate keys paged with start_key_doc_id', async () => {
    const { client, seen } = await basicClient();
    await client.putDatabase({ db: 'vpages' });
    await client.postBulkDocs({ db: 'vpages', bulkDocs: { docs: sampleDocs(30) } });
    await client.putDesignDocument({ db: 'vpages', ddoc: 'q', designDocument: QUERY_DESIGN });
    const { rows } = await drain(
      Pagination.newPagination(client, PagerType.POST_VIEW, {
        db: 'vpages',
        ddoc: 'q',
        view: 'by_type',
        reduce: false,
        limit: 4,
      }),
    );
    // Ten rows per key: pages end inside a run of equal keys and resume by document id.
    const expected = ['a', 'b', 'c'].flatMap((type) =>
      sampleDocs(30)
        .filter((d) => d.type === type)
        .map((d) => [type, d._id]),
    );
    expect(rows.map((r) => [r.key, r.id])).toEqual(expected);
    const bodies = seen.filter((r) => r.path === '/vpages/_design/q/_view/by_type');
    expect(bodies.length).toBe(8);
  });

  it('Pagination POST_SEARCH: bookmark paging through search results', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'spages' });
    await client.postBulkDocs({ db: 'spages', bulkDocs: { docs: sampleDocs(20) } });
    await client.putDesignDocument({ db: 'spages', ddoc: 'q', designDocument: QUERY_DESIGN });
    const { rows } = await drain(
      Pagination.newPagination(client, PagerType.POST_SEARCH, {
        db: 'spages',
        ddoc: 'q',
        index: 'names',
        query: 'even',
        sort: ['n<number>'],
        limit: 3,
      }),
    );
    expect(rows.map((r) => r.id)).toEqual(
      sampleDocs(20)
        .filter((d) => (d.n as number) % 2 === 0)
        .map((d) => d._id),
    );
  });

  it('postViewQueries: several view queries in one request', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'vq' });
    await client.postBulkDocs({ db: 'vq', bulkDocs: { docs: sampleDocs(9) } });
    await client.putDesignDocument({ db: 'vq', ddoc: 'q', designDocument: QUERY_DESIGN });
    const answer = await client.postViewQueries({
      db: 'vq',
      ddoc: 'q',
      view: 'by_type',
      queries: [{ group: true }, { reduce: false, keys: ['b'] }, { reduce: false, limit: 1 }],
    });
    const [grouped, keyed, limited] = answer.result.results;
    expect(grouped?.rows).toEqual([
      { key: 'a', value: 9 },
      { key: 'b', value: 12 },
      { key: 'c', value: 15 },
    ]);
    expect(keyed?.rows.map((r) => r.id)).toEqual(['doc001', 'doc004', 'doc007']);
    expect(limited?.rows.map((r) => r.id)).toEqual(['doc000']);
  });

  it('partitions: postPartitionView, postPartitionSearch, postPartitionExplain', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'pq', partitioned: true });
    const docs = ['east', 'west'].flatMap((p) =>
      [1, 2, 3, 4].map((i) => ({
        _id: `${p}:d${i}`,
        i,
        name: `${p} item ${i % 2 ? 'odd' : 'even'}`,
      })),
    );
    await client.postBulkDocs({ db: 'pq', bulkDocs: { docs } });
    await client.putDesignDocument({
      db: 'pq',
      ddoc: 'p',
      designDocument: {
        views: { by_i: { map: 'function (doc) { emit(doc.i, doc.i); }', reduce: '_sum' } },
        indexes: { names: { index: 'function (doc) { index("default", doc.name); }' } },
      },
    });
    const summed = await client.postPartitionView({
      db: 'pq',
      partitionKey: 'east',
      ddoc: 'p',
      view: 'by_i',
    });
    expect(summed.result.rows).toEqual([{ key: null, value: 10 }]);
    const ranged = await client.postPartitionView({
      db: 'pq',
      partitionKey: 'west',
      ddoc: 'p',
      view: 'by_i',
      reduce: false,
      startKey: 3,
    });
    expect(ranged.result.rows.map((r) => r.id)).toEqual(['west:d3', 'west:d4']);
    const searched = await client.postPartitionSearch({
      db: 'pq',
      partitionKey: 'west',
      ddoc: 'p',
      index: 'names',
      query: 'even',
    });
    expect(searched.result.rows.map((r) => r.id).sort()).toEqual(['west:d2', 'west:d4']);
    const explained = await client.postPartitionExplain({
      db: 'pq',
      partitionKey: 'east',
      selector: { i: { $gt: 1 } },
    });
    expect(explained.result.dbname).toBe('pq');
    expect(explained.result.index.type).toBe('special');
    const global = await failure(client.postView({ db: 'pq', ddoc: 'p', view: 'by_i' }));
    expect(global.status).toBe(400);
    expect(global.result.error).toBe('query_parse_error');
  });

  it('server-side errors the SDK surfaces: missing design document and view', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'errs' });
    const noDdoc = await failure(client.postView({ db: 'errs', ddoc: 'none', view: 'v' }));
    expect(noDdoc.status).toBe(404);
    expect(noDdoc.result.errors?.[0]?.code).toBe('not_found');
    await client.putDesignDocument({ db: 'errs', ddoc: 'q', designDocument: QUERY_DESIGN });
    const noView = await failure(client.postView({ db: 'errs', ddoc: 'q', view: 'nope' }));
    expect(noView.status).toBe(404);
    const noIndex = await failure(
      client.postSearch({ db: 'errs', ddoc: 'q', index: 'nope', query: 'x' }),
    );
    expect(noIndex.status).toBe(404);
  });
});

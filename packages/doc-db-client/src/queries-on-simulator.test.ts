import { isInputValidationError } from '@connectorkit/http-core';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocDbClient, isBadRequestError, isNotFoundError, type ViewRow } from './index.js';
import { createCouchDbSimulator } from './testing/index.js';

/** The client's query, view, search and partition operations against the simulator, over loopback HTTP. */
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function start() {
  const sim = createCouchDbSimulator();
  const server = await sim.listen();
  closers.push(server.close);
  const client = createDocDbClient({ url: server.url, retry: { limit: 3, sleep: async () => {} } });
  return { sim, client };
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let count = 0;
  for await (const page of pages) {
    items.push(...page);
    count++;
  }
  return { items, pages: count };
}

const docs = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    _id: `d${String(i).padStart(3, '0')}`,
    i,
    group: `g${i % 4}`,
    title: i % 5 === 0 ? `Sea kayak ${i}` : `River canoe ${i}`,
  }));

describe('Mango queries on the simulator', () => {
  it('paginateFind returns every match once, in index order, for page sizes that do and do not divide', async () => {
    const { sim, client } = await start();
    sim.createDatabase('m');
    sim.writeDocuments('m', docs(53));
    await client.postIndex({ db: 'm', index: { fields: ['i'] }, name: 'by-i', ddoc: 'idx' });
    for (const pageSize of [10, 7, 53, 100]) {
      const { items, pages } = await collect(
        client.paginateFind({
          db: 'm',
          selector: { i: { $gte: 3 } },
          sort: [{ i: 'desc' }],
          fields: ['_id', 'i'],
          pageSize,
        }),
      );
      expect(items.map((d) => d.i)).toEqual(Array.from({ length: 50 }, (_, k) => 52 - k));
      expect(pages).toBe(Math.ceil(50 / pageSize));
    }
  });

  it('creates, lists, explains and deletes indexes; a missing one is a NotFoundError', async () => {
    const { sim, client } = await start();
    sim.createDatabase('m');
    sim.writeDocuments('m', docs(5));
    const created = await client.postIndex({
      db: 'm',
      index: { fields: ['group', 'i'] },
      ddoc: 'g',
      name: 'gi',
    });
    expect(created).toEqual({ result: 'created', id: '_design/g', name: 'gi' });
    expect(
      (
        await client.postIndex({
          db: 'm',
          index: { fields: ['group', 'i'] },
          ddoc: 'g',
          name: 'gi',
        })
      ).result,
    ).toBe('exists');
    const info = await client.getIndexesInformation({ db: 'm' });
    expect(info.indexes.map((x) => x.name)).toEqual(['_all_docs', 'gi']);
    const plan = await client.postExplain({ db: 'm', selector: { group: 'g1', i: { $gt: 0 } } });
    expect(plan.index).toMatchObject({ ddoc: '_design/g', name: 'gi' });
    const found = await client.postFind({
      db: 'm',
      selector: { group: 'g1', i: { $gt: 0 } },
      useIndex: ['g', 'gi'],
      executionStats: true,
    });
    expect(found.docs.map((d) => d._id)).toEqual(['d001']);
    expect(found.warning).toBeUndefined();
    expect(found.execution_stats).toMatchObject({ results_returned: 1 });
    await expect(client.deleteIndex({ db: 'm', ddoc: '_design/g', index: 'gi' })).resolves.toEqual({
      ok: true,
    });
    await expect(client.deleteIndex({ db: 'm', ddoc: 'g', index: 'gi' })).rejects.toSatisfy(
      isNotFoundError,
    );
  });

  it('types wrong queries: a sort with no index is a BadRequestError, a non-object selector never leaves', async () => {
    const { sim, client } = await start();
    sim.createDatabase('m');
    const error = await client
      .postFind({ db: 'm', selector: {}, sort: ['i'] })
      .catch((e: unknown) => e);
    expect(isBadRequestError(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, error: 'no_usable_index' });
    const before = sim.faults.stats().passed;
    const local = await client
      .postFind({ db: 'm', selector: [] as never })
      .catch((e: unknown) => e);
    expect(isInputValidationError(local)).toBe(true);
    expect(sim.faults.stats().passed).toBe(before);
  });

  it('retries a 429 in the middle of paginateFind and still returns every document', async () => {
    const { sim, client } = await start();
    sim.createDatabase('m');
    sim.writeDocuments('m', docs(30));
    const seen: string[] = [];
    for await (const page of client.paginateFind({ db: 'm', selector: {}, pageSize: 10 })) {
      seen.push(...page.map((d) => String(d._id)));
      if (seen.length === 10) sim.faults.failNext(2, 429, { retryAfter: 0 });
    }
    expect(seen).toEqual(docs(30).map((d) => d._id));
    expect(sim.faults.stats()['status:429']).toBe(2);
  });
});

describe('views on the simulator', () => {
  const design = {
    views: {
      byGroup: { map: 'function (doc) { emit(doc.group, doc.i); }', reduce: '_sum' },
      pairs: { map: 'function (doc) { emit([doc.group, doc.i % 2], 1); }', reduce: '_count' },
    },
  };

  it('paginateView walks duplicate keys across page boundaries without losing or repeating rows', async () => {
    const { sim, client } = await start();
    sim.createDatabase('v');
    sim.writeDocuments('v', docs(22));
    await client.putDesignDocument({ db: 'v', ddoc: 'stats', document: design });
    const { items } = await collect(
      client.paginateView({ db: 'v', ddoc: 'stats', view: 'byGroup', reduce: false, pageSize: 4 }),
    );
    const expected = docs(22)
      .sort((a, b) => a.group.localeCompare(b.group) || a._id.localeCompare(b._id))
      .map((d) => d._id);
    expect(items.map((r: ViewRow) => r.id)).toEqual(expected);
    const descending = await collect(
      client.paginateView({
        db: 'v',
        ddoc: 'stats',
        view: 'byGroup',
        reduce: false,
        descending: true,
        pageSize: 5,
      }),
    );
    expect(descending.items.map((r) => r.id)).toEqual([...expected].reverse());
  });

  it('reduces with group and group_level, and reads keys with include_docs', async () => {
    const { sim, client } = await start();
    sim.createDatabase('v');
    sim.writeDocuments('v', docs(8));
    await client.putDesignDocument({ db: 'v', ddoc: 'stats', document: design });
    expect((await client.postView({ db: 'v', ddoc: 'stats', view: 'byGroup' })).rows).toEqual([
      { key: null, value: 28 },
    ]);
    expect(
      (await client.postView({ db: 'v', ddoc: 'stats', view: 'byGroup', group: true })).rows,
    ).toEqual([
      { key: 'g0', value: 4 },
      { key: 'g1', value: 6 },
      { key: 'g2', value: 8 },
      { key: 'g3', value: 10 },
    ]);
    const level = await client.postView({
      db: 'v',
      ddoc: 'stats',
      view: 'pairs',
      groupLevel: 1,
      startKey: ['g1'],
      endKey: ['g2', {}],
    });
    expect(level.rows).toEqual([
      { key: ['g1'], value: 2 },
      { key: ['g2'], value: 2 },
    ]);
    const keyed = await client.postView({
      db: 'v',
      ddoc: 'stats',
      view: 'byGroup',
      reduce: false,
      keys: ['g3', 'g0'],
      includeDocs: true,
      limit: 3,
    });
    expect(keyed.rows.map((r) => [r.id, r.doc?.i])).toEqual([
      ['d003', 3],
      ['d007', 7],
      ['d000', 0],
    ]);
  });

  it('reports a missing view as NotFoundError and a reduce with include_docs as BadRequestError', async () => {
    const { sim, client } = await start();
    sim.createDatabase('v');
    await client.putDesignDocument({ db: 'v', ddoc: 'stats', document: design });
    await expect(client.postView({ db: 'v', ddoc: 'stats', view: 'nope' })).rejects.toSatisfy(
      isNotFoundError,
    );
    await expect(client.postView({ db: 'v', ddoc: 'none', view: 'byGroup' })).rejects.toSatisfy(
      isNotFoundError,
    );
    const error = await client
      .postView({ db: 'v', ddoc: 'stats', view: 'byGroup', includeDocs: true })
      .catch((e: unknown) => e);
    expect(isBadRequestError(error)).toBe(true);
    expect(error).toMatchObject({
      error: 'query_parse_error',
      reason: '`include_docs` is invalid for reduce',
    });
  });
});

describe('Cloudant search on the simulator', () => {
  const design = {
    indexes: {
      titles: {
        index:
          'function (doc) { index("default", doc.title); index("i", doc.i, { store: true }); index("group", doc.group); }',
      },
    },
  };

  it('paginateSearch returns every hit once, sorted or by relevance', async () => {
    const { sim, client } = await start();
    sim.createDatabase('s');
    sim.writeDocuments('s', docs(47));
    await client.putDesignDocument({ db: 's', ddoc: 'search', document: design });
    const sorted = await collect(
      client.paginateSearch({
        db: 's',
        ddoc: 'search',
        index: 'titles',
        query: 'canoe OR group:g1',
        sort: '-i<number>',
        pageSize: 6,
      }),
    );
    const expected = docs(47)
      .filter((d) => d.i % 5 !== 0 || d.group === 'g1')
      .map((d) => d.i)
      .reverse();
    expect(sorted.items.map((r) => r.fields?.i)).toEqual(expected);
    const relevance = await collect(
      client.paginateSearch({
        db: 's',
        ddoc: 'search',
        index: 'titles',
        query: 'kayak',
        pageSize: 4,
        includeDocs: true,
      }),
    );
    expect(relevance.items.map((r) => r.id)).toEqual(
      docs(47)
        .filter((d) => d.i % 5 === 0)
        .map((d) => d._id),
    );
    expect(relevance.items.every((r) => typeof r.doc?.title === 'string')).toBe(true);
  });

  it('rejects a malformed query as a BadRequestError', async () => {
    const { sim, client } = await start();
    sim.createDatabase('s');
    await client.putDesignDocument({ db: 's', ddoc: 'search', document: design });
    const error = await client
      .postSearch({ db: 's', ddoc: 'search', index: 'titles', query: 'title:"open' })
      .catch((e: unknown) => e);
    expect(isBadRequestError(error)).toBe(true);
  });
});

describe('partitioned databases on the simulator', () => {
  async function partitioned() {
    const started = await start();
    const { client } = started;
    await client.putDatabase({ db: 'orders', partitioned: true });
    await client.postBulkDocs({
      db: 'orders',
      docs: Array.from({ length: 25 }, (_, i) => ({
        _id: `${i % 2 === 0 ? 'acme' : 'zeta'}:o${String(i).padStart(2, '0')}`,
        total: i * 10,
      })),
    });
    await client.putDesignDocument({
      db: 'orders',
      ddoc: 'q',
      document: {
        views: { totals: { map: 'function (doc) { emit(doc.total, null); }', reduce: '_count' } },
        indexes: {
          totals: { index: 'function (doc) { index("total", doc.total, { store: true }); }' },
        },
      },
    });
    return started;
  }

  it('creates a partitioned database whose ids must name a partition', async () => {
    const { client } = await partitioned();
    expect((await client.getDatabaseInformation({ db: 'orders' })).props).toEqual({
      partitioned: true,
    });
    const error = await client
      .putDocument({ db: 'orders', docId: 'o99', document: {} })
      .catch((e: unknown) => e);
    expect(isBadRequestError(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, error: 'illegal_docid' });
    expect(
      await client.getPartitionInformation({ db: 'orders', partitionKey: 'acme' }),
    ).toMatchObject({
      partition: 'acme',
      doc_count: 13,
    });
  });

  it('pages _all_docs, _find, views and search inside one partition', async () => {
    const { client } = await partitioned();
    const acme = Array.from({ length: 13 }, (_, k) => `acme:o${String(2 * k).padStart(2, '0')}`);
    const all = await collect(
      client.paginateAllDocs({ db: 'orders', partitionKey: 'acme', pageSize: 5 }),
    );
    expect(all.items.map((r) => r.id)).toEqual(acme);
    await client.postIndex({ db: 'orders', index: { fields: ['total'] } });
    const found = await collect(
      client.paginateFind({
        db: 'orders',
        partitionKey: 'acme',
        selector: { total: { $gte: 0 } },
        sort: ['total'],
        pageSize: 4,
      }),
    );
    expect(found.items.map((d) => d._id)).toEqual(acme);
    const viewed = await collect(
      client.paginateView({
        db: 'orders',
        partitionKey: 'zeta',
        ddoc: 'q',
        view: 'totals',
        reduce: false,
        pageSize: 5,
      }),
    );
    expect(viewed.items).toHaveLength(12);
    expect(
      (await client.postView({ db: 'orders', partitionKey: 'zeta', ddoc: 'q', view: 'totals' }))
        .rows,
    ).toEqual([{ key: null, value: 12 }]);
    const searched = await collect(
      client.paginateSearch({
        db: 'orders',
        partitionKey: 'acme',
        ddoc: 'q',
        index: 'totals',
        query: 'total:[100 TO *]',
        pageSize: 3,
      }),
    );
    expect(
      searched.items.map((r) => r.fields?.total).sort((a, b) => Number(a) - Number(b)),
    ).toEqual([100, 120, 140, 160, 180, 200, 220, 240]);
  });

  it('turns global queries on partitioned design documents into BadRequestErrors and refuses bad keys locally', async () => {
    const { sim, client } = await partitioned();
    const view = await client
      .postView({ db: 'orders', ddoc: 'q', view: 'totals' })
      .catch((e: unknown) => e);
    expect(isBadRequestError(view)).toBe(true);
    expect(view).toMatchObject({
      reason: '`partition` parameter is mandatory for queries to this view.',
    });
    const search = await client
      .postSearch({ db: 'orders', ddoc: 'q', index: 'totals', query: '*:*' })
      .catch((e: unknown) => e);
    expect(search).toMatchObject({
      status: 400,
      reason: '`partition` parameter is mandatory for queries to this index.',
    });
    await client.putDatabase({ db: 'flat' });
    await expect(
      client.getPartitionInformation({ db: 'flat', partitionKey: 'acme' }),
    ).rejects.toSatisfy(isBadRequestError);
    const before = sim.faults.stats().passed;
    const local = await client
      .postAllDocs({ db: 'orders', partitionKey: '_bad' })
      .catch((e: unknown) => e);
    expect(isInputValidationError(local)).toBe(true);
    expect(sim.faults.stats().passed).toBe(before);
  });
});

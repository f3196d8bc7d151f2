import { afterEach, describe, expect, it } from 'vitest';
import { createCouchDbSimulator } from './index.js';
import { parseLuceneQuery } from './search/lucene-query.js';
import { collate } from './store/collation.js';

/** Wire-level checks of the simulator's query routes: status codes, envelopes and shapes. */
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function start() {
  const sim = createCouchDbSimulator();
  const server = await sim.listen();
  closers.push(server.close);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { sim, call };
}

const products = Array.from({ length: 12 }, (_, i) => ({
  _id: `p${String(i).padStart(2, '0')}`,
  type: i % 3 === 0 ? 'boat' : 'paddle',
  price: 10 * ((i * 7) % 12),
  name: `Item ${i}`,
}));

describe('simulator: _find, _index and _explain', () => {
  it('creates, lists and deletes json indexes stored as query design documents', async () => {
    const { sim, call } = await start();
    sim.createDatabase('shop');
    const created = await call('POST', '/shop/_index', {
      index: { fields: ['price'] },
      name: 'by-price',
      ddoc: 'idx',
    });
    expect(created).toEqual({
      status: 200,
      body: { result: 'created', id: '_design/idx', name: 'by-price' },
    });
    expect(
      (
        await call('POST', '/shop/_index', {
          index: { fields: ['price'] },
          name: 'by-price',
          ddoc: 'idx',
        })
      ).body.result,
    ).toBe('exists');
    const list = await call('GET', '/shop/_index');
    expect(list.body).toEqual({
      total_rows: 2,
      indexes: [
        { ddoc: null, name: '_all_docs', type: 'special', def: { fields: [{ _id: 'asc' }] } },
        {
          ddoc: '_design/idx',
          name: 'by-price',
          type: 'json',
          partitioned: false,
          def: { fields: [{ price: 'asc' }] },
        },
      ],
    });
    expect(sim.getDocument('shop', '_design/idx')).toMatchObject({ language: 'query' });
    expect((await call('DELETE', '/shop/_index/_design/idx/json/by-price')).body).toEqual({
      ok: true,
    });
    expect(sim.getDocument('shop', '_design/idx')).toBeUndefined();
    expect(await call('DELETE', '/shop/_index/_design/idx/json/by-price')).toEqual({
      status: 404,
      body: { error: 'not_found', reason: 'Index not found' },
    });
    expect((await call('POST', '/shop/_index', { index: {} })).body).toMatchObject({
      error: 'missing_required_key',
    });
  });

  it('finds with fields, sort on an index, skip and limit, and pages by bookmark', async () => {
    const { sim, call } = await start();
    sim.createDatabase('shop');
    sim.writeDocuments('shop', products);
    await call('POST', '/shop/_index', { index: { fields: ['price'] } });
    const query = {
      selector: { price: { $gte: 30 } },
      sort: [{ price: 'desc' }],
      fields: ['_id', 'price'],
    };
    const first = await call('POST', '/shop/_find', { ...query, limit: 4, skip: 1 });
    expect(first.status).toBe(200);
    expect(first.body.docs).toEqual([
      { _id: 'p10', price: 100 },
      { _id: 'p03', price: 90 },
      { _id: 'p08', price: 80 },
      { _id: 'p01', price: 70 },
    ]);
    expect(first.body.warning).toBeUndefined();
    const next = await call('POST', '/shop/_find', {
      ...query,
      limit: 4,
      bookmark: first.body.bookmark,
    });
    expect((next.body.docs as { price: number }[]).map((d) => d.price)).toEqual([60, 50, 40, 30]);
    const empty = await call('POST', '/shop/_find', { ...query, bookmark: next.body.bookmark });
    expect(empty.body).toMatchObject({ docs: [], bookmark: next.body.bookmark });
  });

  it('falls back to _all_docs with a warning, reports stats, and explains the plan', async () => {
    const { sim, call } = await start();
    sim.createDatabase('shop');
    sim.writeDocuments('shop', products);
    const found = await call('POST', '/shop/_find', {
      selector: { type: 'boat', name: { $regex: '^Item [36]$' } },
      execution_stats: true,
    });
    expect((found.body.docs as { _id: string }[]).map((d) => d._id)).toEqual(['p03', 'p06']);
    expect(found.body.warning).toBe(
      'No matching index found, create an index to optimize query time.',
    );
    expect(found.body.execution_stats).toMatchObject({
      total_docs_examined: 12,
      results_returned: 2,
    });
    expect((await call('POST', '/shop/_find', { selector: {} })).body.bookmark).not.toBe('nil');
    expect((await call('POST', '/shop/_find', { selector: { type: 'none' } })).body).toMatchObject({
      docs: [],
      bookmark: 'nil',
    });
    await call('POST', '/shop/_index', { index: { fields: ['type'] }, ddoc: 'i', name: 'type' });
    const explained = await call('POST', '/shop/_explain', { selector: { type: 'boat' } });
    expect(explained.body).toMatchObject({
      dbname: 'shop',
      index: { ddoc: '_design/i', name: 'type', type: 'json' },
      // CouchDB shows the selector normalised (mango_selector:normalize).
      selector: { type: { $eq: 'boat' } },
      limit: 25,
      fields: 'all_fields',
    });
    const named = await call('POST', '/shop/_find', {
      selector: { price: { $gt: 0 } },
      use_index: ['i', 'type'],
    });
    expect(named.body.warning).toContain(
      'i, type was not used because it does not contain a valid index',
    );
  });

  it('answers wrong _find bodies with Mango error envelopes', async () => {
    const { sim, call } = await start();
    sim.createDatabase('shop');
    expect(await call('POST', '/shop/_find', { limit: 1 })).toEqual({
      status: 400,
      body: { error: 'missing_required_key', reason: 'Missing required key: selector' },
    });
    expect(await call('POST', '/shop/_find', { selector: { a: { $near: 1 } } })).toEqual({
      status: 400,
      body: { error: 'invalid_operator', reason: 'Invalid operator: $near' },
    });
    expect(
      await call('POST', '/shop/_find', { selector: { price: { $gt: 0 } }, sort: ['price'] }),
    ).toEqual({
      status: 400,
      body: {
        error: 'no_usable_index',
        reason: 'No index exists for this sort, try indexing by the sort fields.',
      },
    });
    expect(
      (await call('POST', '/shop/_find', { selector: {}, sort: [{ a: 'asc' }, { b: 'desc' }] }))
        .body.error,
    ).toBe('unsupported_mixed_sort');
    expect((await call('POST', '/shop/_find', { selector: {}, bookmark: '%%%' })).body.error).toBe(
      'invalid_bookmark',
    );
    expect((await call('POST', '/shop/_find', { selector: {}, limit: -1 })).status).toBe(400);
    expect((await call('POST', '/nope/_find', { selector: {} })).status).toBe(404);
  });
});

describe('simulator: views', () => {
  const ddoc = {
    views: {
      byType: {
        map: 'function (doc) { if (doc.type) emit([doc.type, doc.price], doc.price); }',
        reduce: '_stats',
      },
      count: { map: 'function (doc) { emit(doc.type, 1); }', reduce: '_count' },
      sum: { map: 'function (doc) { emit(doc.type, [1, doc.price]); }', reduce: '_sum' },
      js: {
        map: 'function (doc) { emit(doc.type, doc.price); }',
        reduce: 'function (keys, values) { return Math.max.apply(null, values); }',
      },
      plain: {
        map: 'function (doc) { emit(doc.price, {_id: doc.type === "boat" ? "p00" : doc._id}); }',
      },
      broken: { map: 'not a function' },
    },
  };

  async function withViews() {
    const started = await start();
    started.sim.createDatabase('shop');
    started.sim.writeDocuments('shop', [...products, { _id: '_design/v', ...ddoc }]);
    return started;
  }

  it('maps with ranges, descending, keys, skip, limit and include_docs (linked documents too)', async () => {
    const { call } = await withViews();
    const range = await call(
      'GET',
      '/shop/_design/v/_view/byType?reduce=false&startkey=["paddle",20]&endkey=["paddle",60]&inclusive_end=false',
    );
    expect(range.body.rows).toEqual([
      { id: 'p02', key: ['paddle', 20], value: 20 },
      { id: 'p04', key: ['paddle', 40], value: 40 },
      { id: 'p11', key: ['paddle', 50], value: 50 },
    ]);
    expect(range.body.total_rows).toBe(12);
    const desc = await call('POST', '/shop/_design/v/_view/plain', {
      descending: true,
      limit: 2,
      skip: 1,
      include_docs: true,
    });
    expect(desc.body.rows).toMatchObject([
      { id: 'p10', key: 100, doc: { _id: 'p10' } },
      { id: 'p03', key: 90, doc: { _id: 'p00' } },
    ]);
    const fromId = await call(
      'GET',
      '/shop/_design/v/_view/plain?startkey=20&startkey_docid=p03&limit=2',
    );
    expect((fromId.body.rows as { id: string }[]).map((r) => r.id)).toEqual(['p09', 'p04']);
    const keyed = await call('POST', '/shop/_design/v/_view/plain', { keys: [90, 5, 0] });
    expect((keyed.body.rows as { id: string }[]).map((r) => r.id)).toEqual(['p03', 'p00']);
  });

  it('reduces with _count, _sum on arrays, _stats, JS reducers, group and group_level', async () => {
    const { call } = await withViews();
    expect((await call('GET', '/shop/_design/v/_view/count')).body).toEqual({
      rows: [{ key: null, value: 12 }],
    });
    expect((await call('GET', '/shop/_design/v/_view/count?group=true')).body.rows).toEqual([
      { key: 'boat', value: 4 },
      { key: 'paddle', value: 8 },
    ]);
    expect((await call('GET', '/shop/_design/v/_view/sum?group=true')).body.rows).toEqual([
      { key: 'boat', value: [4, 180] },
      { key: 'paddle', value: [8, 480] },
    ]);
    const boats = await call(
      'GET',
      '/shop/_design/v/_view/byType?group_level=1&startkey=["boat"]&endkey=["boat",{}]',
    );
    expect(boats.body.rows).toEqual([
      { key: ['boat'], value: { sum: 180, count: 4, min: 0, max: 90, sumsqr: 12600 } },
    ]);
    const levelled = await call('GET', '/shop/_design/v/_view/byType?group_level=1');
    expect((levelled.body.rows as { key: unknown }[]).map((r) => r.key)).toEqual([
      ['boat'],
      ['paddle'],
    ]);
    const exact = await call('GET', '/shop/_design/v/_view/byType?group=true&limit=2&skip=1');
    expect(exact.body.rows).toEqual([
      { key: ['boat', 30], value: { sum: 30, count: 1, min: 30, max: 30, sumsqr: 900 } },
      { key: ['boat', 60], value: { sum: 60, count: 1, min: 60, max: 60, sumsqr: 3600 } },
    ]);
    expect((await call('GET', '/shop/_design/v/_view/js?group=true')).body.rows).toEqual([
      { key: 'boat', value: 90 },
      { key: 'paddle', value: 110 },
    ]);
  });

  it('answers wrong view queries with CouchDB envelopes', async () => {
    const { call } = await withViews();
    expect(await call('GET', '/shop/_design/v/_view/nope')).toEqual({
      status: 404,
      body: { error: 'not_found', reason: 'missing_named_view' },
    });
    expect((await call('GET', '/shop/_design/none/_view/x')).status).toBe(404);
    expect(await call('GET', '/shop/_design/v/_view/count?include_docs=true')).toEqual({
      status: 400,
      body: { error: 'query_parse_error', reason: '`include_docs` is invalid for reduce' },
    });
    expect((await call('GET', '/shop/_design/v/_view/plain?group=true')).body.reason).toBe(
      'Invalid use of grouping on a map view.',
    );
    expect((await call('GET', '/shop/_design/v/_view/plain?startkey=5&endkey=1')).body.reason).toBe(
      'No rows can match your key range, reverse your start_key and end_key or set descending=true',
    );
    expect((await call('GET', '/shop/_design/v/_view/plain?limit=x')).status).toBe(400);
    expect((await call('GET', '/shop/_design/v/_view/broken')).body.error).toBe(
      'compilation_error',
    );
  });
});

describe('simulator: Cloudant search', () => {
  const search = {
    indexes: {
      products: {
        analyzer: { name: 'perfield', default: 'standard', fields: { code: 'keyword' } },
        index: `function (doc) {
          if (!doc.name) return;
          index('default', doc.name);
          index('name', doc.name, { store: true });
          index('type', doc.type);
          index('price', doc.price, { store: true });
          index('code', 'SKU-' + doc._id);
        }`,
      },
    },
  };
  async function withSearch() {
    const started = await start();
    started.sim.createDatabase('shop');
    started.sim.writeDocuments('shop', [
      ...products,
      { _id: 'x1', name: 'Blue sea kayak', type: 'boat', price: 15 },
      { _id: 'x2', name: 'Kayak paddle, blue', type: 'paddle', price: 25 },
      { _id: '_design/s', ...search },
    ]);
    return started;
  }
  const ids = (body: Record<string, unknown>) => (body.rows as { id: string }[]).map((r) => r.id);
  const q = (query: string, extra: Record<string, unknown> = {}) => ({
    query,
    limit: 200,
    ...extra,
  });

  it('matches field terms, the default field, phrases, ranges, wildcards and boolean operators', async () => {
    const { call } = await withSearch();
    const path = '/shop/_design/s/_search/products';
    expect((await call('POST', path, q('*:*'))).body.total_rows).toBe(14);
    expect(ids((await call('POST', path, q('type:boat AND kayak'))).body)).toEqual(['x1']);
    expect(ids((await call('POST', path, q('"blue sea"'))).body)).toEqual(['x1']);
    expect(ids((await call('POST', path, q('"sea blue"'))).body)).toEqual([]);
    expect((await call('POST', path, q('price:[100 TO 110]'))).body.total_rows).toBe(2);
    expect((await call('POST', path, q('price:{100 TO 110]'))).body.total_rows).toBe(1);
    expect(ids((await call('POST', path, q('price:25'))).body)).toEqual(['x2']);
    expect(ids((await call('POST', path, q('kay*'))).body)).toEqual(['x1', 'x2']);
    expect(ids((await call('POST', path, q('code:SKU-x1'))).body)).toEqual(['x1']);
    expect(ids((await call('POST', path, q('code:sku-x1'))).body)).toEqual([]);
    expect((await call('POST', path, q('type:boat -kayak'))).body.total_rows).toBe(4);
    expect((await call('POST', path, q('type:boat NOT kayak'))).body.total_rows).toBe(4);
    expect((await call('POST', path, q('NOT kayak'))).body.total_rows).toBe(0);
    expect((await call('POST', path, q('*:* AND NOT type:paddle'))).body.total_rows).toBe(5);
    expect((await call('POST', path, q('type:(boat OR paddle) AND blue'))).body.total_rows).toBe(2);
    // Lucene's default-OR quirk: `a AND b OR c` requires a and b.
    expect(ids((await call('POST', path, q('kayak AND sea OR paddle'))).body)).toEqual(['x1']);
  });

  it('sorts, stores fields, includes documents and pages by bookmark; GET works too', async () => {
    const { call } = await withSearch();
    const path = '/shop/_design/s/_search/products';
    const first = await call('POST', path, {
      query: 'type:paddle',
      sort: ['-price<number>'],
      limit: 3,
      include_docs: true,
    });
    expect(first.body.total_rows).toBe(9);
    expect(first.body.rows).toEqual([
      {
        id: 'p05',
        order: [110, 0],
        fields: { name: 'Item 5', price: 110 },
        doc: expect.objectContaining({ _id: 'p05' }),
      },
      {
        id: 'p10',
        order: [100, 0],
        fields: { name: 'Item 10', price: 100 },
        doc: expect.objectContaining({ _id: 'p10' }),
      },
      {
        id: 'p08',
        order: [80, 0],
        fields: { name: 'Item 8', price: 80 },
        doc: expect.objectContaining({ _id: 'p08' }),
      },
    ]);
    const second = await call(
      'GET',
      `${path}?q=type:paddle&sort=${encodeURIComponent('"-price<number>"')}&limit=3&bookmark=${first.body.bookmark}`,
    );
    expect(ids(second.body)).toEqual(['p01', 'p11', 'p04']);
    const scored = await call('POST', path, {
      query: 'blue OR kayak OR sea',
      include_fields: ['price'],
    });
    expect(scored.body.rows).toEqual([
      { id: 'x1', order: [3, 0], fields: { price: 15 } },
      { id: 'x2', order: [2, 0], fields: { price: 25 } },
    ]);
  });

  it('answers wrong searches with error envelopes', async () => {
    const { call } = await withSearch();
    const path = '/shop/_design/s/_search/products';
    expect(await call('POST', path, {})).toEqual({
      status: 400,
      body: { error: 'query_parse_error', reason: "Query must include a 'q' or 'query' argument" },
    });
    expect((await call('POST', path, { query: 'name:(kayak' })).body).toMatchObject({
      error: 'bad_request',
      reason: expect.stringContaining("Cannot parse 'name:(kayak'"),
    });
    expect((await call('POST', path, { query: '*:*', limit: 201 })).body.reason).toBe(
      'Value for limit is too large, must not exceed 200',
    );
    expect((await call('POST', path, { query: '*:*', counts: ['type'] })).status).toBe(400);
    expect((await call('POST', path, { query: '*:*', bookmark: 'nonsense' })).body.error).toBe(
      'bad_request',
    );
    expect((await call('POST', '/shop/_design/s/_search/nope', { query: '*:*' })).status).toBe(404);
  });
});

describe('simulator: partitioned databases', () => {
  async function withPartitions() {
    const started = await start();
    expect((await started.call('PUT', '/parts?partitioned=true')).status).toBe(201);
    started.sim.writeDocuments('parts', [
      { _id: 'red:1', n: 1 },
      { _id: 'red:2', n: 2 },
      { _id: 'blue:1', n: 3 },
      {
        _id: '_design/p',
        views: { n: { map: 'function (doc) { emit(doc.n, null); }', reduce: '_count' } },
        indexes: { n: { index: 'function (doc) { index("n", doc.n); }' } },
      },
      {
        _id: '_design/g',
        options: { partitioned: false },
        views: { n: { map: 'function (doc) { emit(doc.n, null); }' } },
        indexes: { n: { index: 'function (doc) { index("n", doc.n); }' } },
      },
    ]);
    return started;
  }

  it('requires partition:id document ids and reports partition information', async () => {
    const { call } = await withPartitions();
    expect((await call('GET', '/parts')).body.props).toEqual({ partitioned: true });
    expect(await call('PUT', '/parts/plain', { a: 1 })).toEqual({
      status: 400,
      body: { error: 'illegal_docid', reason: 'Doc id must be of form partition:id' },
    });
    expect((await call('GET', '/parts/_partition/red')).body).toMatchObject({
      db_name: 'parts',
      partition: 'red',
      doc_count: 2,
      doc_del_count: 0,
      sizes: { external: expect.any(Number) },
    });
  });

  it('serves _all_docs, _find, views and search per partition', async () => {
    const { call } = await withPartitions();
    const all = await call('GET', '/parts/_partition/red/_all_docs?include_docs=true');
    expect(all.body).toMatchObject({
      total_rows: 2,
      rows: [
        { id: 'red:1', key: 'red:1', doc: { n: 1 } },
        { id: 'red:2', key: 'red:2' },
      ],
    });
    const keyed = await call('POST', '/parts/_partition/red/_all_docs', {
      keys: ['red:2', 'blue:1'],
    });
    expect(keyed.body.rows).toMatchObject([{ id: 'red:2' }, { key: 'blue:1', error: 'not_found' }]);
    const found = await call('POST', '/parts/_partition/blue/_find', { selector: {} });
    expect((found.body.docs as { _id: string }[]).map((d) => d._id)).toEqual(['blue:1']);
    expect((await call('GET', '/parts/_partition/red/_design/p/_view/n')).body.rows).toEqual([
      { key: null, value: 2 },
    ]);
    const searched = await call('POST', '/parts/_partition/red/_design/p/_search/n', {
      query: 'n:[2 TO 3]',
    });
    expect((searched.body.rows as { id: string }[]).map((r) => r.id)).toEqual(['red:2']);
    expect((await call('GET', '/parts/_design/g/_view/n')).body.total_rows).toBe(3);
  });

  it('uses partitioned indexes only in partition queries, global ones only globally', async () => {
    const { call } = await withPartitions();
    await call('POST', '/parts/_index', { index: { fields: ['n'] }, ddoc: 'pi', name: 'n' });
    await call('POST', '/parts/_index', {
      index: { fields: ['n'] },
      ddoc: 'gi',
      name: 'n',
      partitioned: false,
    });
    const scoped = await call('POST', '/parts/_partition/red/_explain', {
      selector: { n: { $gt: 0 } },
    });
    expect(scoped.body.index).toMatchObject({ ddoc: '_design/pi', partitioned: true });
    const global = await call('POST', '/parts/_explain', { selector: { n: { $gt: 0 } } });
    expect(global.body.index).toMatchObject({ ddoc: '_design/gi', partitioned: false });
    const mismatch = await call('POST', '/parts/_index', {
      index: { fields: ['m'] },
      ddoc: 'pi',
      partitioned: false,
    });
    expect(mismatch.body.error).toBe('invalid_partitioned_option');
  });

  it('answers the wrong cases with CouchDB and Cloudant envelopes', async () => {
    const { sim, call } = await withPartitions();
    expect(await call('GET', '/parts/_design/p/_view/n')).toEqual({
      status: 400,
      body: {
        error: 'query_parse_error',
        reason: '`partition` parameter is mandatory for queries to this view.',
      },
    });
    expect(await call('GET', '/parts/_partition/red/_design/g/_view/n')).toEqual({
      status: 400,
      body: {
        error: 'query_parse_error',
        reason: '`partition` parameter is not supported in this design doc',
      },
    });
    expect(await call('POST', '/parts/_design/p/_search/n', { query: '*:*' })).toEqual({
      status: 400,
      body: {
        error: 'bad_request',
        reason: '`partition` parameter is mandatory for queries to this index.',
      },
    });
    expect(
      (await call('POST', '/parts/_partition/red/_design/g/_search/n', { query: '*:*' })).body,
    ).toEqual({
      error: 'bad_request',
      reason: '`partition` not supported on this index',
    });
    sim.createDatabase('flat');
    expect(await call('GET', '/flat/_partition/red/_all_docs')).toEqual({
      status: 400,
      body: { error: 'bad_request', reason: 'database is not partitioned' },
    });
    expect(
      (await call('POST', '/flat/_index', { index: { fields: ['a'] }, partitioned: true })).body
        .error,
    ).toBe('invalid_design_doc');
    expect((await call('GET', '/parts/_partition/_red')).body.error).toBe('illegal_partition');
  });

  it('injects 429s on the query and partition routes too', async () => {
    const { sim, call } = await withPartitions();
    sim.faults.failNext(2, 429, { retryAfter: 1 });
    expect((await call('POST', '/parts/_partition/red/_find', { selector: {} })).status).toBe(429);
    expect((await call('GET', '/parts/_partition/red/_design/p/_view/n')).status).toBe(429);
    expect((await call('GET', '/parts/_partition/red/_design/p/_view/n')).status).toBe(200);
    expect(sim.faults.stats()['status:429']).toBe(2);
  });
});

describe('simulator building blocks', () => {
  it('parses Lucene clauses with default-OR semantics', () => {
    expect(parseLuceneQuery('a AND b OR c')).toEqual({
      type: 'bool',
      clauses: [
        { occur: 'must', query: { type: 'term', field: 'default', text: 'a' } },
        { occur: 'must', query: { type: 'term', field: 'default', text: 'b' } },
        { occur: 'should', query: { type: 'term', field: 'default', text: 'c' } },
      ],
    });
    expect(parseLuceneQuery('title:"sea kayak"^2 +price:[1 TO *} -x\\:y')).toEqual({
      type: 'bool',
      clauses: [
        { occur: 'should', query: { type: 'phrase', field: 'title', text: 'sea kayak' } },
        {
          occur: 'must',
          query: {
            type: 'range',
            field: 'price',
            lower: '1',
            upper: undefined,
            includeLower: true,
            includeUpper: false,
          },
        },
        { occur: 'must_not', query: { type: 'term', field: 'default', text: 'x:y' } },
      ],
    });
    expect(() => parseLuceneQuery('a AND')).toThrow(/Cannot parse/);
    expect(() => parseLuceneQuery('OR a')).toThrow(/Cannot parse/);
  });

  it('collates like CouchDB views', () => {
    const values = [{}, [1], 'b', 'B', 'a', 2, 1, true, false, null, [], { a: 1 }];
    expect([...values].sort(collate)).toEqual([
      null,
      false,
      true,
      1,
      2,
      'a',
      'b',
      'B',
      [],
      [1],
      {},
      { a: 1 },
    ]);
  });
});

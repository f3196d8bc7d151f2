import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCouchDbSimulator } from '../index.js';

// `_changes` filters and counts as CouchDB 3.5 has them.
const sim = createCouchDbSimulator();
let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ url: base, close } = await sim.listen());
  sim.createDatabase('f');
  sim.writeDocuments('f', [
    { _id: 'a', kind: 'x', n: 1 },
    { _id: 'b', kind: 'y', n: 2 },
    { _id: 'c', kind: 'x', n: 3 },
    {
      _id: '_design/d',
      views: { xs: { map: 'function (doc) { if (doc.kind === "x") emit(doc.n); }' } },
      filters: { above: 'function (doc, req) { return doc.n > Number(req.query.min); }' },
    },
  ]);
});
afterAll(() => close());

const ids = async (query: string) => {
  const res = await fetch(`${base}/f/_changes?${query}`);
  const body = (await res.json()) as { results?: { id: string }[]; pending?: number };
  return { status: res.status, ids: body.results?.map((r) => r.id), body };
};

describe('simulator _changes filters', () => {
  it('filters by a view, by a JavaScript filter with its query, and refuses unknown feeds', async () => {
    expect((await ids('filter=_view&view=d/xs')).ids).toEqual(['a', 'c']);
    expect((await ids('filter=d/above&min=1')).ids).toEqual(['b', 'c']);
    expect(await ids('filter=d/nope')).toMatchObject({
      status: 404,
      body: { error: 'not_found', reason: 'missing json filter function' },
    });
    expect(await ids('filter=_view&view=d/none')).toMatchObject({ status: 404 });
    expect(await ids('feed=sideways')).toMatchObject({
      status: 400,
      body: {
        error: 'bad_request',
        reason: 'Supported `feed` types: normal, continuous, live, longpoll, eventsource',
      },
    });
  });

  it('counts pending as CouchDB does for a few doc_ids and for descending', async () => {
    const few = await ids(`filter=_doc_ids&doc_ids=${encodeURIComponent('["b"]')}`);
    expect(few).toMatchObject({ ids: ['b'], body: { pending: 3 } });
    const down = await ids('descending=true&limit=1');
    expect(down).toMatchObject({ ids: ['_design/d'], body: { pending: 3 } });
  });
});

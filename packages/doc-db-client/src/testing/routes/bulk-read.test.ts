import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocDbClient, type DocDbClient } from '../../index.js';
import { createCouchDbSimulator } from '../index.js';

let client: DocDbClient;
let url: string;
let close: () => Promise<void>;
let revA: string;
let goneRevs: [string, string];
const STALE = `9-${'9'.repeat(32)}`;
const UNKNOWN = `2-${'a'.repeat(32)}`;
const OTHER = `1-${'b'.repeat(32)}`;

beforeAll(async () => {
  const server = await createCouchDbSimulator().listen();
  ({ url, close } = server);
  client = createDocDbClient({ url });
  await client.putDatabase({ db: 'bulk' });
  revA = (await client.putDocument({ db: 'bulk', docId: 'a', document: { n: 1 } })).rev;
  const gone = await client.putDocument({ db: 'bulk', docId: 'gone', document: { n: 2 } });
  const tombstone = await client.deleteDocument({ db: 'bulk', docId: 'gone', rev: gone.rev });
  goneRevs = [gone.rev, tombstone.rev];
});

afterAll(() => close());

describe('simulator _bulk_get and _revs_diff', () => {
  it('answers each requested document with its leaves (a deleted one too) or a per-row error', async () => {
    const got = await client.postBulkGet({
      db: 'bulk',
      docs: [{ id: 'a' }, { id: 'missing' }, { id: 'a', rev: STALE }, { id: 'gone' }],
      revs: true,
    });
    expect(got.results.map((r) => r.id)).toEqual(['a', 'missing', 'a', 'gone']);
    expect(got.results[0]?.docs).toEqual([
      {
        ok: {
          _id: 'a',
          _rev: revA,
          n: 1,
          _revisions: { start: 1, ids: [revA.split('-')[1]] },
        },
      },
    ]);
    expect(got.results[1]?.docs).toEqual([
      { error: { id: 'missing', rev: 'undefined', error: 'not_found', reason: 'missing' } },
    ]);
    expect(got.results[2]?.docs).toEqual([
      { error: { id: 'a', rev: STALE, error: 'not_found', reason: 'missing' } },
    ]);
    // CouchDB answers an entry without a rev with every leaf, a deleted one as its tombstone.
    const hashes = goneRevs.map((rev) => rev.split('-')[1]).reverse();
    expect(got.results[3]?.docs).toEqual([
      {
        ok: {
          _id: 'gone',
          _rev: goneRevs[1],
          _deleted: true,
          _revisions: { start: 2, ids: hashes },
        },
      },
    ]);
  });

  it('rejects a body without a docs list with CouchDB envelope', async () => {
    const res = await fetch(`${url}/bulk/_bulk_get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: ['a'] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'bad_request' });
  });

  it('lists the revisions it does not have, and the leaves that may be their ancestors', async () => {
    const diff = await client.postRevsDiff({
      db: 'bulk',
      revs: { a: [revA, UNKNOWN], other: [OTHER] },
    });
    expect(diff).toEqual({
      a: { missing: [UNKNOWN], possible_ancestors: [revA] },
      other: { missing: [OTHER] },
    });
  });
});

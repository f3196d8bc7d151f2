import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCouchDbSimulator } from '../index.js';

// `_all_docs` finds its start and its `offset` (the live documents before the first row) from an
// index kept up to date through writes and deletions; a model of the live ids checks it.
const sim = createCouchDbSimulator();
let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ url: base, close } = await sim.listen());
});
afterAll(() => close());

const id = fc.constantFrom('a', 'b', 'b1', 'c', 'd', 'e', 'e5', 'f', 'g', 'z');
const step = fc.oneof(
  fc.record({ write: fc.array(id, { minLength: 1, maxLength: 4 }) }),
  fc.record({ remove: id }),
  fc.record({ start: id, descending: fc.boolean(), skip: fc.nat(3) }),
);

describe('_all_docs offsets', () => {
  it('counts the live documents before the first row, through writes and deletions', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 12 }), async (steps) => {
        const db = `offsets-${run++}`;
        sim.createDatabase(db);
        const live = new Set<string>();
        for (const s of steps) {
          if ('write' in s) {
            const docs = [...new Set(s.write)].map((_id) => {
              const current = sim.getDocument(db, _id);
              return current ? { ...current, v: 1 } : { _id };
            });
            sim.writeDocuments(db, docs);
            for (const d of s.write) live.add(d);
          } else if ('remove' in s) {
            const current = sim.getDocument(db, s.remove);
            if (!current) continue;
            sim.writeDocuments(db, [{ _id: s.remove, _rev: current._rev, _deleted: true }]);
            live.delete(s.remove);
          } else {
            const q = `startkey=${encodeURIComponent(JSON.stringify(s.start))}&descending=${s.descending}&skip=${s.skip}`;
            const page = (await (await fetch(`${base}/${db}/_all_docs?${q}`)).json()) as {
              offset: number;
              total_rows: number;
              rows: { id: string }[];
            };
            const sorted = [...live].sort();
            const inRange = s.descending
              ? sorted.filter((x) => x <= s.start).reverse()
              : sorted.filter((x) => x >= s.start);
            const before = sorted.length - inRange.length;
            expect(page.rows.map((r) => r.id)).toEqual(inRange.slice(s.skip));
            expect(page.total_rows).toBe(live.size);
            expect(page.offset).toBe(before + Math.min(s.skip, inRange.length));
          }
        }
      }),
      { seed: 1717, numRuns: 120 },
    );
  });

  it('answers CouchDB messages for parameters it cannot read', async () => {
    sim.createDatabase('params');
    const get = async (q: string) => {
      const res = await fetch(`${base}/params/_all_docs?${q}`);
      return { status: res.status, body: await res.json() };
    };
    expect(await get('limit=abc')).toEqual({
      status: 400,
      body: { error: 'query_parse_error', reason: 'Invalid value for integer: "abc"' },
    });
    expect(await get('skip=-2')).toEqual({
      status: 400,
      body: { error: 'query_parse_error', reason: 'Invalid value for positive integer: "-2"' },
    });
    expect(await get('descending=maybe')).toEqual({
      status: 400,
      body: { error: 'query_parse_error', reason: 'Invalid boolean parameter: "maybe"' },
    });
    expect(await get('endkey=nope')).toEqual({
      status: 400,
      body: { error: 'bad_request', reason: 'invalid UTF-8 JSON' },
    });
  });
});

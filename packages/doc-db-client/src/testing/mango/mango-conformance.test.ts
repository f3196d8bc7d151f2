import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCouchDbSimulator } from '../index.js';

// Mango answers the scenario does not cover, against CouchDB 3.5's mango sources.
const sim = createCouchDbSimulator();
let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ url: base, close } = await sim.listen());
  sim.createDatabase('m');
  sim.writeDocuments(
    'm',
    Array.from({ length: 30 }, (_, i) => ({
      _id: `d${String(i).padStart(2, '0')}`,
      n: i,
      tag: i % 3,
    })),
  );
});
afterAll(() => close());

async function post(path: string, body: unknown) {
  const res = await fetch(`${base}/m/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('simulator Mango', () => {
  it('refuses a $regex that does not compile with a 400, not a 500', async () => {
    expect(await post('_find', { selector: { tag: { $regex: '(' } } })).toEqual({
      status: 400,
      body: { error: 'bad_arg', reason: 'Bad argument for operator $regex: <<40>>' },
    });
  });

  it('reads no documents for a covering index and stops at the limit', async () => {
    await post('_index', { index: { fields: ['n'] }, name: 'by-n', ddoc: 'n' });
    const covered = await post('_find', {
      selector: { n: { $gte: 10 } },
      fields: ['_id', 'n'],
      limit: 5,
      execution_stats: true,
    });
    expect(covered.body.execution_stats).toMatchObject({
      total_keys_examined: 5,
      total_docs_examined: 0,
      results_returned: 5,
    });
    const read = await post('_find', {
      selector: { n: { $lt: 12 }, tag: 2 },
      execution_stats: true,
    });
    expect(read.body.execution_stats).toMatchObject({
      total_keys_examined: 12,
      total_docs_examined: 12,
      results_returned: 4,
    });
  });

  it('warns when more than ten documents are read per result', async () => {
    const one = await post('_find', {
      selector: { tag: 1, n: { $exists: true }, x: { $exists: false } },
      limit: 1,
    });
    expect(one.body.warning).toBeUndefined();
    const rare = await post('_find', { selector: { tag: { $in: [7] } } });
    expect(String(rare.body.warning)).toContain('The number of documents examined is high');
  });
});

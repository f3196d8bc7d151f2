import { basicAuth } from '@connectorkit/http-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocDbClient, type DocDbClient } from '../../index.js';
import { startExpressPouchDb } from '../../test-support/express-pouchdb.js';
import { createCouchDbSimulator } from '../index.js';

// The simulator walks a sorted id index for `_all_docs`; express-pouchdb, a third-party
// CouchDB-compatible server, is the reference it must agree with on every range option.
const ids = ['a', 'b', 'b1', 'c', 'd', 'e', 'f', 'g', 'h', 'h2', 'z'];
const deleted = ['b1', 'h2'];

let simulator: DocDbClient;
let reference: DocDbClient;
const closers: (() => Promise<void>)[] = [];

async function seed(client: DocDbClient) {
  await client.putDatabase({ db: 'parity' });
  // Written out of order, so the order of the answer cannot come from insertion order.
  for (const id of [...ids].reverse())
    await client.putDocument({ db: 'parity', docId: id, document: { id } });
  for (const id of deleted) {
    const rev = await client.headDocument({ db: 'parity', docId: id });
    await client.deleteDocument({ db: 'parity', docId: id, rev: rev as string });
  }
}

beforeAll(async () => {
  const server = await createCouchDbSimulator().listen();
  closers.push(server.close);
  simulator = createDocDbClient({ url: server.url });
  const pouch = await startExpressPouchDb();
  closers.push(pouch.close);
  reference = createDocDbClient({
    url: pouch.url,
    auth: basicAuth({ username: pouch.username, password: pouch.password }),
  });
  await Promise.all([seed(simulator), seed(reference)]);
});

afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

const cases: Omit<Parameters<DocDbClient['postAllDocs']>[0], 'db'>[] = [
  {},
  { limit: 3 },
  { skip: 2, limit: 4 },
  { startKey: 'b' },
  { startKey: 'b0', endKey: 'g' },
  { startKey: 'c', endKey: 'h', inclusiveEnd: false },
  { descending: true },
  { descending: true, startKey: 'g', limit: 3 },
  { descending: true, startKey: 'g1', endKey: 'c' },
  { descending: true, startKey: 'h', endKey: 'c', inclusiveEnd: false },
  { descending: true, skip: 1, limit: 2 },
  { startKey: 'zz' },
  { descending: true, startKey: '0' },
  { startKey: 'd', endKey: 'c' },
];

describe('simulator _all_docs agrees with express-pouchdb', () => {
  it.each(cases)('%o', async (options) => {
    const [ours, theirs] = await Promise.all(
      [simulator, reference].map((client) =>
        client.postAllDocs({ db: 'parity', includeDocs: true, ...options }),
      ),
    );
    const view = (r: Awaited<ReturnType<DocDbClient['postAllDocs']>> | undefined) => ({
      total: r?.total_rows,
      rows: r?.rows.map((row) => [row.id, (row.doc as { id?: string } | undefined)?.id]),
    });
    expect(view(ours)).toEqual(view(theirs));
  });

  it('sees a document written after the index was built', async () => {
    await simulator.putDocument({ db: 'parity', docId: 'c5', document: { id: 'c5' } });
    const page = await simulator.postAllDocs({ db: 'parity', startKey: 'c', limit: 3 });
    expect(page.rows.map((r) => r.id)).toEqual(['c', 'c5', 'd']);
    await simulator.deleteDocument({
      db: 'parity',
      docId: 'c5',
      rev: (await simulator.headDocument({ db: 'parity', docId: 'c5' })) as string,
    });
  });
  it('merges ids written after the index was built, in order or not, into the sorted order', async () => {
    const db = 'merge';
    await simulator.putDatabase({ db });
    const write = (batch: string[]) =>
      simulator.postBulkDocs({ db, docs: batch.map((id) => ({ _id: id })) });
    await write(['m', 'a', 'x']);
    const ids = async () => (await simulator.postAllDocs({ db })).rows.map((r) => r.id);
    expect(await ids()).toEqual(['a', 'm', 'x']);
    await write(['b', 'c', 'y']); // ascending: merged without a sort
    expect(await ids()).toEqual(['a', 'b', 'c', 'm', 'x', 'y']);
    await write(['z', 'l', 'a1', 'n']); // out of order: sorted, then merged
    await simulator.putDocument({ db, docId: 'ab', document: {} });
    expect(await ids()).toEqual(['a', 'a1', 'ab', 'b', 'c', 'l', 'm', 'n', 'x', 'y', 'z']);
  });
});

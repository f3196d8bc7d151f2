import { ChangesFollower } from '@ibm-cloud/cloudant';
import { describe, expect, it } from 'vitest';
import { basicClient } from './cloudant-setup.js';
import { sampleDocs } from './setup.js';

// The IBM Cloudant Node SDK 0.12.19 against the simulator over loopback HTTP: each `it` is one
// flow a user of the SDK runs, so a drift between the simulator and CouchDB shows up here.
// Note: the SDK hands results back through its models, camelCased (`docCount`, `totalRows`),
// dropping members its models lack (`offset`, `purge_seq`).

describe('@ibm-cloud/cloudant against the simulator: changes', () => {
  it('postChanges: since, limit, pending, include_docs, a selector and doc_ids', async () => {
    const { client } = await basicClient();
    await client.putDatabase({ db: 'feed' });
    await client.postBulkDocs({ db: 'feed', bulkDocs: { docs: sampleDocs(8) } });
    const first = await client.postChanges({ db: 'feed', limit: 3 });
    expect(first.result.results.map((r) => r.id)).toEqual(['doc000', 'doc001', 'doc002']);
    expect(first.result.pending).toBe(5);
    expect(typeof first.result.lastSeq).toBe('string');
    const rest = await client.postChanges({
      db: 'feed',
      since: first.result.lastSeq,
      includeDocs: true,
    });
    expect(rest.result.results.map((r) => r.id)).toEqual([
      'doc003',
      'doc004',
      'doc005',
      'doc006',
      'doc007',
    ]);
    expect(rest.result.results[0]?.doc).toMatchObject({ _id: 'doc003', n: 3 });
    expect(rest.result.pending).toBe(0);
    const selected = await client.postChanges({
      db: 'feed',
      filter: '_selector',
      selector: { type: 'c' },
    });
    expect(selected.result.results.map((r) => r.id)).toEqual(['doc002', 'doc005']);
    const byId = await client.postChanges({
      db: 'feed',
      filter: '_doc_ids',
      docIds: ['doc007', 'doc001'],
    });
    expect(byId.result.results.map((r) => r.id)).toEqual(['doc001', 'doc007']);
    const now = await client.postChanges({ db: 'feed', since: 'now' });
    expect(now.result.results).toEqual([]);
    expect(now.result.lastSeq).toBe(rest.result.lastSeq);
  });

  it('ChangesFollower.startOneOff drains 12 000 changes in two batches and ends', async () => {
    const { client, sim, seen } = await basicClient();
    const count = 12_000;
    sim.createDatabase('many');
    sim.writeDocuments(
      'many',
      Array.from({ length: count }, (_, i) => ({ _id: `m${String(i).padStart(5, '0')}`, i })),
    );
    const follower = new ChangesFollower(client, { db: 'many' });
    const ids: string[] = [];
    for await (const change of follower.startOneOff()) ids.push(change.id);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
    expect(ids[0]).toBe('m00000');
    expect(ids.at(-1)).toBe('m11999');
    const requests = seen.filter((r) => r.path.startsWith('/many/_changes'));
    // BATCH_SIZE is 10 000: the follower stops on the answer whose `pending` is 0.
    expect(requests.map((r) => new URL(r.path, 'http://x').searchParams.get('limit'))).toEqual([
      '10000',
      '10000',
    ]);
    expect(new URL(requests[0]?.path ?? '', 'http://x').searchParams.get('feed')).toBe('normal');
  });

  it('ChangesFollower.startOneOff with include_docs sizes its batches from GET /{db}', async () => {
    const { client, sim, seen } = await basicClient();
    sim.createDatabase('sized');
    const filler = 'x'.repeat(2_000);
    sim.writeDocuments(
      'sized',
      Array.from({ length: 3_000 }, (_, i) => ({ _id: `s${String(i).padStart(4, '0')}`, filler })),
    );
    const info = await client.getDatabaseInformation({ db: 'sized' });
    const perDoc = (info.result.sizes?.external ?? 0) / info.result.docCount;
    const batch = Math.floor((5 * 1024 * 1024) / (perDoc + 500));
    expect(batch).toBeLessThan(3_000);
    const follower = new ChangesFollower(client, { db: 'sized', includeDocs: true });
    let docs = 0;
    for await (const change of follower.startOneOff()) if (change.doc?.filler === filler) docs++;
    expect(docs).toBe(3_000);
    const limits = seen
      .filter((r) => r.path.startsWith('/sized/_changes'))
      .map((r) => Number(new URL(r.path, 'http://x').searchParams.get('limit')));
    expect(limits.length).toBe(Math.ceil(3_000 / batch));
    expect(new Set(limits)).toEqual(new Set([batch]));
  });
});

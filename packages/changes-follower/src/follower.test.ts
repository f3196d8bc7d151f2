import { createDocDbClient } from '@connectorkit/doc-db-client';
import { type CouchDbSimulator, createCouchDbSimulator } from '@connectorkit/doc-db-client/testing';
import { isHttpError, isInputValidationError } from '@connectorkit/http-core';
import { recordCalls } from '@connectorkit/http-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangesFollower, type ChangesFollowerOptions } from './index.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

const noWait = { sleep: async () => {}, random: () => 0.5 };

async function setup(docs = 0, sim: CouchDbSimulator = createCouchDbSimulator()) {
  const server = await sim.listen();
  closers.push(server.close);
  sim.createDatabase('feed');
  if (docs > 0)
    sim.writeDocuments(
      'feed',
      Array.from({ length: docs }, (_, i) => ({ _id: `doc-${i}`, i })),
    );
  const calls = recordCalls();
  const client = createDocDbClient({ url: server.url, fetch: calls });
  return { sim, server, client, calls };
}

async function drain(
  follower: ChangesFollower,
  mode: 'one-off' | 'continuous' = 'one-off',
): Promise<string[]> {
  const ids: string[] = [];
  for await (const change of mode === 'one-off' ? follower.startOneOff() : follower.start())
    ids.push(change.id);
  return ids;
}

describe('one-off mode', () => {
  it('reads every change from the beginning and ends when nothing is pending', async () => {
    const { client, calls } = await setup(25);
    const ids = await drain(new ChangesFollower({ client, db: 'feed', batchSize: 10 }));
    expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => `doc-${i}`));
    expect(calls.calls.map((c) => new URL(c.url).searchParams.get('feed'))).toEqual([
      'normal',
      'normal',
      'normal',
    ]);
  });

  it('drains 100k changes through 20% injected 429, 503 and resets, seeing every id', async () => {
    const { sim, client } = await setup(100_000);
    // Each kind of fault at least once, then 20% of every request at random.
    sim.faults.next(
      { kind: 'status', status: 429, retryAfter: 0 },
      { kind: 'status', status: 503 },
      { kind: 'reset' },
    );
    sim.faults.setRate(0.2, [
      { kind: 'status', status: 429, retryAfter: 0 },
      { kind: 'status', status: 503 },
      { kind: 'reset' },
    ]);
    const seen = new Set(
      await drain(new ChangesFollower({ client, db: 'feed', batchSize: 2_000, ...noWait })),
    );
    sim.faults.setRate(0);
    expect(seen.size).toBe(100_000);
    expect(sim.faults.stats()).toMatchObject({
      'status:429': expect.any(Number),
      'status:503': expect.any(Number),
      reset: expect.any(Number),
    });
  });

  it('ends when the server omits pending (the Cloudant follower loops forever there)', async () => {
    const { sim, client, calls } = await setup(5);
    sim.setOmitPending(true);
    expect(await drain(new ChangesFollower({ client, db: 'feed', batchSize: 2 }))).toHaveLength(5);
    expect(calls.calls.length).toBeLessThanOrEqual(4);
  });

  it('stops after limit changes, asking only for the remainder', async () => {
    const { client, calls } = await setup(30);
    expect(
      await drain(new ChangesFollower({ client, db: 'feed', limit: 12, batchSize: 5 })),
    ).toHaveLength(12);
    expect(calls.calls.map((c) => new URL(c.url).searchParams.get('limit'))).toEqual([
      '5',
      '5',
      '2',
    ]);
  });

  it('sizes batches from the average document size with include_docs', async () => {
    const { sim, client, calls } = await setup();
    sim.writeDocuments(
      'feed',
      Array.from({ length: 20 }, (_, i) => ({ _id: `big-${i}`, blob: 'x'.repeat(100_000) })),
    );
    const docs: unknown[] = [];
    for await (const change of new ChangesFollower({
      client,
      db: 'feed',
      includeDocs: true,
    }).startOneOff())
      docs.push(change.doc);
    expect(docs).toHaveLength(20);
    const limit = Number(
      new URL(calls.calls.find((c) => c.url.includes('_changes'))?.url ?? '').searchParams.get(
        'limit',
      ),
    );
    expect(limit).toBe(Math.floor((5 * 1024 * 1024) / ((20 * 100_000 + 20 * 20) / 20 + 500)));
  });

  it('adapts the batch size to the bytes per row each response really had', async () => {
    const { sim, client, calls } = await setup();
    // 300 documents of 40 kB, then 3 000 small ones: the database average suits neither.
    sim.writeDocuments(
      'feed',
      Array.from({ length: 300 }, (_, i) => ({ _id: `big-${i}`, blob: 'x'.repeat(40_000) })),
    );
    sim.writeDocuments(
      'feed',
      Array.from({ length: 3000 }, (_, i) => ({ _id: `small-${i}`, i })),
    );
    const sizes: number[] = [];
    for await (const batch of new ChangesFollower({ client, db: 'feed', includeDocs: true })
      .startOneOff()
      .batches())
      sizes.push(batch.changes.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(3300);
    const limits = calls.calls
      .filter((c) => c.url.includes('_changes'))
      .map((c) => Number(new URL(c.url).searchParams.get('limit')));
    // The first response holds the big documents (about 12 MB): the next asks for fewer rows,
    // aiming at 5 MiB; after a response of small rows, the next goes back up to the 10 000 cap.
    const first = limits[0] ?? 0;
    expect(sizes[0]).toBe(first);
    expect(limits[1]).toBeLessThan(first);
    expect(limits[1]).toBeGreaterThan(0);
    expect(limits[2]).toBe(10_000);
  });

  it('keeps an explicit batchSize as it is', async () => {
    const { client, calls } = await setup(25);
    await drain(new ChangesFollower({ client, db: 'feed', batchSize: 10 }));
    const limits = calls.calls.map((c) => new URL(c.url).searchParams.get('limit'));
    expect(limits).toEqual(['10', '10', '10']);
  });

  it('passes seqInterval through and takes the rows CouchDB sends with a null seq', async () => {
    const { client, calls } = await setup(25);
    const follower = new ChangesFollower({ client, db: 'feed', seqInterval: 4, batchSize: 10 });
    const seqs: unknown[] = [];
    for await (const change of follower.startOneOff()) seqs.push(change.seq);
    expect(seqs).toHaveLength(25);
    expect(seqs.filter((s) => s === null).length).toBeGreaterThan(0);
    expect(calls.calls.every((c) => new URL(c.url).searchParams.get('seq_interval') === '4')).toBe(
      true,
    );
  });

  it('passes a selector filter and keeps opaque sequences as strings', async () => {
    const { client, calls } = await setup(10);
    const follower = new ChangesFollower({
      client,
      db: 'feed',
      filter: '_selector',
      selector: { i: { $gte: 7 } },
    });
    const batches = [];
    for await (const batch of follower.startOneOff().batches()) batches.push(batch);
    expect(batches.flatMap((b) => b.changes.map((c) => c.id))).toEqual(['doc-7', 'doc-8', 'doc-9']);
    expect(typeof batches[0]?.lastSeq).toBe('string');
    expect(batches[0]?.pending).toBe(0);
    expect(JSON.parse(calls.calls[0]?.body ?? '{}')).toEqual({ selector: { i: { $gte: 7 } } });
  });
});

describe('continuous mode and stop()', () => {
  it('starts at now, receives new changes, and stop() from inside the loop ends it', async () => {
    const { sim, client } = await setup(3);
    const follower = new ChangesFollower({ client, db: 'feed', longpollTimeoutMs: 200 });
    setTimeout(() => sim.writeDocuments('feed', [{ _id: 'new-1' }]), 100);
    const ids: string[] = [];
    for await (const change of follower.start()) {
      ids.push(change.id);
      follower.stop();
    }
    expect(ids).toEqual(['new-1']);
  });

  it('stop() during a stalled longpoll ends the iteration and closes the request', async () => {
    const { sim, client } = await setup();
    sim.setIgnoreTimeout(true);
    const follower = new ChangesFollower({ client, db: 'feed', longpollTimeoutMs: 60_000 });
    const done = drain(follower, 'continuous');
    await expect.poll(() => sim.openRequests()).toBe(1);
    follower.stop();
    await expect(done).resolves.toEqual([]);
    await expect.poll(() => sim.openRequests()).toBe(0);
  });

  it('bounds each longpoll itself when the server ignores timeout and heartbeats forever', async () => {
    const { sim, client, calls } = await setup();
    sim.setIgnoreTimeout(true);
    const follower = new ChangesFollower({
      client,
      db: 'feed',
      longpollTimeoutMs: 50,
      requestMarginMs: 50,
      ...noWait,
    });
    const done = drain(follower, 'continuous');
    await expect.poll(() => calls.calls.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    follower.stop();
    await done;
  });

  it('ends after limit changes in continuous mode too, asking only for the remainder', async () => {
    const { client, calls } = await setup(30);
    const follower = new ChangesFollower({ client, db: 'feed', since: 0, limit: 7, batchSize: 5 });
    expect(await drain(follower, 'continuous')).toEqual(
      Array.from({ length: 7 }, (_, i) => `doc-${i}`),
    );
    expect(
      calls.calls.map((c) => {
        const q = new URL(c.url).searchParams;
        return `${q.get('feed')} limit=${q.get('limit')}`;
      }),
    ).toEqual(['longpoll limit=5', 'longpoll limit=2']);
  });

  it('ends after limit live changes, with no stop(), and leaves no request open', async () => {
    const { sim, client } = await setup(3);
    const follower = new ChangesFollower({
      client,
      db: 'feed',
      limit: 3,
      longpollTimeoutMs: 5_000,
    });
    const done = drain(follower, 'continuous');
    await expect.poll(() => sim.openRequests()).toBe(1);
    sim.writeDocuments('feed', [{ _id: 'live-1' }, { _id: 'live-2' }]);
    sim.writeDocuments('feed', [{ _id: 'live-3' }, { _id: 'live-4' }]);
    expect(await done).toEqual(['live-1', 'live-2', 'live-3']);
    expect(sim.openRequests()).toBe(0);
  });

  it('a follower starts once', async () => {
    const { client } = await setup();
    const follower = new ChangesFollower({ client, db: 'feed' });
    follower.startOneOff();
    expect(() => follower.start()).toThrow(/started already/);
  });
});

describe('errors', () => {
  it('raises 404 at once, however tolerant', async () => {
    const { client } = await setup();
    const error = await drain(new ChangesFollower({ client, db: 'nope', ...noWait })).catch(
      (e: unknown) => e,
    );
    expect(isHttpError(error) && error.status).toBe(404);
  });

  it('suppresses 503s for errorTolerance ms since the last success, then raises the last one', async () => {
    const { sim, client } = await setup(5);
    let now = 0;
    const delays: number[] = [];
    sim.faults.setRate(1, [{ kind: 'status', status: 503 }]);
    const follower = new ChangesFollower({
      client,
      db: 'feed',
      errorTolerance: 10_000,
      now: () => now,
      random: () => 1,
      sleep: async (ms) => {
        delays.push(ms);
        now += ms;
      },
    });
    const error = await drain(follower).catch((e: unknown) => e);
    sim.faults.setRate(0);
    expect(isHttpError(error) && error.status).toBe(503);
    expect(now).toBeGreaterThanOrEqual(10_000);
    expect(delays.slice(0, 4)).toEqual([100, 200, 400, 800]);
  });

  it('honours Retry-After and applies the tolerance to the setup call too', async () => {
    const { sim, client } = await setup(2);
    const delays: number[] = [];
    sim.faults.next(
      { kind: 'status', status: 429, retryAfter: 7 },
      { kind: 'status', status: 503 },
    );
    const ids = await drain(
      new ChangesFollower({
        client,
        db: 'feed',
        includeDocs: true,
        random: () => 0,
        sleep: async (ms) => void delays.push(ms),
      }),
    );
    expect(ids).toHaveLength(2);
    expect(delays).toEqual([7000, 0]);
  });
});

describe('options', () => {
  const base = async () => ({ client: (await setup()).client, db: 'feed' });
  it.each([
    ['descending', { descending: true }, /reads forward only/],
    ['feed', { feed: 'continuous' }, /start\(\).*startOneOff\(\)/],
    ['heartbeat', { heartbeat: 1000 }, /bounds each request/],
    ['lastEventId', { lastEventId: '5' }, /use since/],
    ['timeout', { timeout: 100 }, /longpollTimeoutMs/],
    ['filter', { filter: 'app/by_type' }, /only "_selector"/],
  ])('rejects %s and says what to use', async (_name, extra, message) => {
    const options = { ...(await base()), ...extra } as unknown as ChangesFollowerOptions;
    let thrown: unknown;
    try {
      new ChangesFollower(options);
    } catch (e) {
      thrown = e;
    }
    expect(isInputValidationError(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(message);
  });

  it('rejects a client whose timeout is under 60 s', () => {
    const client = createDocDbClient({ url: 'http://127.0.0.1:9', timeout: 30_000 });
    expect(() => new ChangesFollower({ client, db: 'feed' })).toThrow(/at least 60000 ms/);
  });
});

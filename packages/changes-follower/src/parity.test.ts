import { createDocDbClient } from '@connectorkit/doc-db-client';
import { isHttpError, isInputValidationError } from '@connectorkit/http-core';
import { recordCalls } from '@connectorkit/http-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangesFollower } from './index.js';
import { createCouchDbSimulator, createMemoryCheckpointStore } from './testing/index.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function seeded(count: number) {
  const sim = createCouchDbSimulator();
  const server = await sim.listen();
  closers.push(server.close);
  sim.createDatabase('feed');
  sim.writeDocuments(
    'feed',
    Array.from({ length: count }, (_, i) => ({ _id: `doc-${i}` })),
  );
  const calls = recordCalls();
  return { sim, calls, client: createDocDbClient({ url: server.url, fetch: calls }) };
}

describe('createMemoryCheckpointStore (/testing)', () => {
  it('records each batch marked processed, and a follower resumes from it', async () => {
    const { client, calls } = await seeded(9);
    const store = createMemoryCheckpointStore();
    for await (const batch of new ChangesFollower({
      client,
      db: 'feed',
      batchSize: 4,
      checkpoint: store,
    })
      .startOneOff()
      .batches()) {
      await batch.markProcessed();
      if (store.saves.length === 2) break;
    }
    expect(store.saves).toHaveLength(2);
    expect(await store.load()).toEqual(store.saves[1]);
    const rest: string[] = [];
    for await (const change of new ChangesFollower({
      client,
      db: 'feed',
      checkpoint: store,
    }).startOneOff())
      rest.push(change.id);
    expect(rest).toEqual(['doc-8']);
    const resumedAt = calls.calls.at(-1)?.url ?? '';
    expect(new URL(resumedAt).searchParams.get('since')).toBe(String(store.saves[1]));
  });

  it('starts from an initial sequence, and refuses one no feed gives', async () => {
    const { client } = await seeded(3);
    const first: string[] = [];
    for await (const batch of new ChangesFollower({ client, db: 'feed' }).startOneOff().batches())
      first.push(String(batch.lastSeq));
    const store = createMemoryCheckpointStore(first[0]);
    const ids: string[] = [];
    for await (const change of new ChangesFollower({
      client,
      db: 'feed',
      checkpoint: store,
    }).startOneOff())
      ids.push(change.id);
    expect(ids).toEqual([]);
    expect(() => createMemoryCheckpointStore(Number.NaN)).toThrow(/initial/);
    await expect(store.save({} as never)).rejects.toSatisfy(isInputValidationError);
  });
});

describe('readable()', () => {
  it('ends the stream with the follower error (a 404)', async () => {
    const { client } = await seeded(0);
    const stream = new ChangesFollower({ client, db: 'missing' }).startOneOff().readable();
    const error = await new Promise((resolve) => stream.on('error', resolve).resume());
    expect(isHttpError(error) && error.status).toBe(404);
  });
});

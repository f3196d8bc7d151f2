import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocDbClient } from '@connectorkit/doc-db-client';
import { createCouchDbSimulator } from '@connectorkit/doc-db-client/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChangesFollower,
  createFileCheckpointStore,
  createLocalDocumentCheckpointStore,
} from './index.js';

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
  return { sim, server, client: createDocDbClient({ url: server.url }) };
}

const tsxLoader = createRequire(import.meta.url).resolve('tsx');

function runChild(args: string[]): {
  process: ReturnType<typeof spawn>;
  exited: Promise<number | null>;
} {
  const child = spawn(
    process.execPath,
    [
      '--import',
      tsxLoader,
      join(import.meta.dirname, 'test-support/checkpointed-child.ts'),
      ...args,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return {
    process: child,
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
}

describe('checkpoints', () => {
  it('saves a batch only once it is marked processed, and a new follower resumes there', async () => {
    const { client } = await seeded(10);
    const file = join(mkdtempSync(join(tmpdir(), 'ckpt-')), 'seq.json');
    const store = createFileCheckpointStore(file);
    const first = new ChangesFollower({ client, db: 'feed', batchSize: 4, checkpoint: store });
    for await (const batch of first.startOneOff().batches()) {
      expect(await store.load()).not.toEqual(batch.lastSeq);
      await batch.markProcessed();
      expect(await store.load()).toEqual(batch.lastSeq);
      if (batch.changes.at(-1)?.id === 'doc-3') break;
    }
    const rest: string[] = [];
    for await (const change of new ChangesFollower({
      client,
      db: 'feed',
      checkpoint: store,
    }).startOneOff())
      rest.push(change.id);
    expect(rest).toEqual(['doc-4', 'doc-5', 'doc-6', 'doc-7', 'doc-8', 'doc-9']);
  });

  it('keeps a checkpoint in a _local document', async () => {
    const { client } = await seeded(3);
    const store = createLocalDocumentCheckpointStore({ client, db: 'feed', id: 'follower-a' });
    expect(await store.load()).toBeUndefined();
    for await (const batch of new ChangesFollower({ client, db: 'feed', checkpoint: store })
      .startOneOff()
      .batches()) {
      await batch.markProcessed();
    }
    const saved = await client.getLocalDocument<{ seq: string }>({
      db: 'feed',
      docId: 'follower-a',
    });
    expect(typeof saved.seq).toBe('string');
    await store.save(saved.seq);
  });

  it('a process killed mid-drain and restarted from its checkpoint misses no change', async () => {
    const total = 3000;
    const { server } = await seeded(total);
    const dir = mkdtempSync(join(tmpdir(), 'kill-'));
    const checkpoint = join(dir, 'seq.json');
    const idsFile = join(dir, 'ids.txt');
    const lines = () =>
      existsSync(idsFile) ? readFileSync(idsFile, 'utf8').split('\n').filter(Boolean) : [];

    const first = runChild([server.url, checkpoint, idsFile]);
    await expect.poll(() => lines().length, { timeout: 20_000, interval: 20 }).toBeGreaterThan(500);
    first.process.kill('SIGKILL');
    await first.exited;
    const beforeRestart = lines().length;
    expect(beforeRestart).toBeLessThan(total);

    const second = runChild([server.url, checkpoint, idsFile]);
    expect(await second.exited).toBe(0);
    const ids = lines();
    const unique = new Set(ids);
    expect(unique.size).toBe(total);
    const duplicates = ids.length - unique.size;
    console.info(`kill-and-restart: ${duplicates} duplicate deliveries of ${ids.length}`);
    expect(duplicates).toBeLessThanOrEqual(50);
  });
});

describe('Readable adapter', () => {
  it('streams change items and stops the follower when destroyed', async () => {
    const { client, sim } = await seeded(5);
    const follower = new ChangesFollower({ client, db: 'feed', longpollTimeoutMs: 60_000 });
    const stream = follower.start().readable();
    stream.on('error', () => {});
    setTimeout(() => sim.writeDocuments('feed', [{ _id: 'live-1' }, { _id: 'live-2' }]), 50);
    const ids: string[] = [];
    for await (const change of stream) {
      ids.push((change as { id: string }).id);
      if (ids.length === 2) stream.destroy();
    }
    expect(ids).toEqual(['live-1', 'live-2']);
    await expect.poll(() => sim.openRequests()).toBe(0);
  });
});

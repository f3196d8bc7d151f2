import { basicAuth, isInputValidationError } from '@connectorkit/http-core';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocDbClient, type DocDbClient, isNotFoundError } from './index.js';
import { createCouchDbSimulator } from './testing/index.js';

/*
 * A replication flow offline: `_replicator` documents written through the client become jobs of
 * the simulator's scheduler, which copies between its own databases; the scheduler's state is
 * read back through the client.
 */

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function start(): Promise<{ client: DocDbClient; url: string }> {
  const sim = createCouchDbSimulator({ admins: { admin: 'sim-pw' } });
  const server = await sim.listen();
  closers.push(server.close);
  const client = createDocDbClient({
    url: server.url,
    auth: basicAuth({ username: 'admin', password: 'sim-pw' }),
  });
  return { client, url: server.url };
}

/** Polls until `check` returns a value (the scheduler works between requests, as CouchDB's). */
async function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the scheduler never got there');
}

const inState = (client: DocDbClient, docId: string, state: string) =>
  until(async () => {
    const doc = await client.getSchedulerDocument({ docId }).catch(() => undefined);
    return doc?.state === state ? doc : undefined;
  });

describe('replication on the simulator', () => {
  it('a one-shot replication copies every leaf, deletion and attachment, then is completed', async () => {
    const { client, url } = await start();
    await client.putDatabase({ db: 'src' });
    await client.postBulkDocs({
      db: 'src',
      docs: [
        { _id: 'a', n: 1 },
        { _id: 'b', n: 2 },
      ],
    });
    const c = await client.putDocument({ db: 'src', docId: 'c', document: { n: 3 } });
    await client.deleteDocument({ db: 'src', docId: 'c', rev: c.rev });
    // A conflict: two branches of `a`.
    await client.postBulkDocs({
      db: 'src',
      newEdits: false,
      docs: [{ _id: 'a', _rev: '1-0123456789abcdef0123456789abcdef', n: 9 }],
    });
    await client.putAttachment({
      db: 'src',
      docId: 'b',
      attachmentName: 'note.txt',
      body: 'hello',
      contentType: 'text/plain',
      rev: (await client.headDocument({ db: 'src', docId: 'b' })) as string,
    });
    const posted = await client.postReplicator({
      replicationDocument: {
        _id: 'once',
        source: `${url}/src`,
        target: { url: `${url.replace('//', '//admin:sim-pw@')}/dst` },
        createTarget: true,
      },
    });
    expect(posted).toMatchObject({ ok: true, id: 'once' });
    const done = await inState(client, 'once', 'completed');
    expect(done).toMatchObject({
      database: '_replicator',
      doc_id: 'once',
      error_count: 0,
      info: { docs_written: 4, doc_write_failures: 0 },
    });
    // The scheduler shows the target's URL without its password.
    expect(done.target).toContain('admin:*****@');
    expect(done.target).not.toContain('sim-pw');
    const a = await client.getDocument({ db: 'dst', docId: 'a', conflicts: true });
    const source = await client.getDocument({ db: 'src', docId: 'a', conflicts: true });
    expect(a).toEqual(source);
    expect((await client.getDocument({ db: 'dst', docId: 'c', openRevs: 'all' }))[0]).toMatchObject(
      { ok: { _deleted: true } },
    );
    const att = await client.getAttachment({ db: 'dst', docId: 'b', attachmentName: 'note.txt' });
    expect(new TextDecoder().decode(att.bytes)).toBe('hello');
    // The document records the outcome, under a new revision.
    const record = await client.getReplicationDocument({ docId: 'once' });
    expect(record).toMatchObject({
      _replication_state: 'completed',
      _replication_stats: { docs_written: 4 },
    });
    expect(await client.headReplicationDocument({ docId: 'once' })).toBe(record._rev);
    // What was read can be written back, its _replication_* members included (couch_doc keeps them).
    const rewritten = await client.putReplicationDocument({
      docId: 'once',
      replicationDocument: { ...record, continuous: false },
    });
    expect(rewritten.ok).toBe(true);
    expect(rewritten.rev).not.toBe(record._rev);
    expect(await client.headSchedulerDocument({ docId: 'once' })).toBe(true);
    expect((await client.getSchedulerJobs()).jobs).toEqual([]);
    const listed = await client.getSchedulerDocs({ states: ['completed'] });
    expect(listed.docs.map((d) => d.doc_id)).toEqual(['once']);
    expect((await client.getSchedulerDocs({ states: ['running'] })).docs).toEqual([]);
  });

  it('a continuous replication runs as a job, copies each new change, and stops when its document goes', async () => {
    const { client, url } = await start();
    await client.putDatabase({ db: 'live' });
    await client.putDatabase({ db: 'mirror' });
    await client.putReplicationDocument({
      docId: 'follow',
      replicationDocument: {
        source: `${url}/live`,
        target: `${url}/mirror`,
        continuous: true,
        selector: { kind: 'keep' },
      },
    });
    const running = await inState(client, 'follow', 'running');
    expect(running.id).toMatch(/^[0-9a-f]{32}\+continuous$/);
    const jobId = running.id as string;
    const job = await client.getSchedulerJob({ jobId });
    expect(job).toMatchObject({ id: jobId, doc_id: 'follow', database: '_replicator' });
    expect(job.history.map((h) => h.type)).toEqual(['started', 'added']);
    expect((await client.getSchedulerJobs({ limit: 5 })).jobs.map((j) => j.id)).toEqual([jobId]);
    expect(await client.headSchedulerJob({ jobId })).toBe(true);
    await client.postBulkDocs({
      db: 'live',
      docs: [
        { _id: 'x', kind: 'keep' },
        { _id: 'y', kind: 'skip' },
      ],
    });
    const copied = await until(() =>
      client.getDocument({ db: 'mirror', docId: 'x' }).catch(() => undefined),
    );
    expect(copied).toMatchObject({ kind: 'keep' });
    expect(await client.headDocument({ db: 'mirror', docId: 'y' })).toBeUndefined();
    const rev = (await client.headReplicationDocument({ docId: 'follow' })) as string;
    await client.deleteReplicationDocument({ docId: 'follow', ifMatch: rev });
    await until(async () => ((await client.headSchedulerJob({ jobId })) ? undefined : true));
    expect(await client.headSchedulerDocument({ docId: 'follow' })).toBe(false);
    const gone = await client.getSchedulerJob({ jobId }).catch((e: unknown) => e);
    expect(isNotFoundError(gone)).toBe(true);
    await client.putDocument({ db: 'live', docId: 'z', document: { kind: 'keep' } });
    await client.getUuids(); // a round trip for a job that would still run
    expect(await client.headDocument({ db: 'mirror', docId: 'z' })).toBeUndefined();
  });

  it('a missing source is crashing, and the job completes once the database exists', async () => {
    const { client, url } = await start();
    await client.postReplicator({
      replicationDocument: {
        _id: 'later',
        source: `${url}/notyet`,
        target: `${url}/t`,
        createTarget: true,
      },
    });
    const crashing = await inState(client, 'later', 'crashing');
    expect(crashing.info).toEqual({
      error: expect.stringMatching(/^db_not_found: could not open/),
    });
    expect(crashing.error_count).toBeGreaterThan(0);
    await client.putDatabase({ db: 'notyet' });
    await client.putDocument({ db: 'notyet', docId: 'k', document: { v: 1 } });
    await inState(client, 'later', 'completed');
    expect(await client.getDocument({ db: 't', docId: 'k' })).toMatchObject({ v: 1 });
  });

  it('a document that is no replication fails, with the reason written into it', async () => {
    const { client } = await start();
    await client.putReplicationDocument({
      docId: 'bad',
      replicationDocument: { source: 'not a url', target: 'nor this' },
    });
    const failed = await inState(client, 'bad', 'failed');
    expect(failed.info).toEqual({ error: expect.stringContaining('must be URLs') });
    const doc = await client.getReplicationDocument({ docId: 'bad' });
    expect(doc).toMatchObject({ _replication_state: 'failed' });
    expect(doc._replication_state_reason).toContain('must be URLs');
  });

  it('checks a replication document before any request, and names the SDK spellings CouchDB reads', async () => {
    const { client } = await start();
    for (const replicationDocument of [
      null,
      [],
      { source: 'http://h/a' },
      { source: 7, target: 'x' },
    ]) {
      const error = await client
        .postReplicator({ replicationDocument } as never)
        .catch((e: unknown) => e);
      expect(isInputValidationError(error)).toBe(true);
    }
    const refused = await client
      .deleteReplicationDocument({ docId: 'x' } as never)
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ issues: [{ path: 'rev' }] });
  });
});

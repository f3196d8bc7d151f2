import {
  createLostAnswers,
  type LoopbackServer,
  startLoopbackServer,
} from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocDbClient, type DocDbClient, isConflictError } from './index.js';
import { createCouchDbSimulator } from './testing/index.js';

/*
 * The server applies a write, the connection drops before its answer: the client retries, and the
 * retry meets the write it made itself as a conflict. That conflict is reported as the write it
 * was, when the document's current revision is provably this call's; another writer's conflict
 * stays a conflict.
 */

const sim = createCouchDbSimulator();
const lost = createLostAnswers();
let server: LoopbackServer;
const seen: string[] = [];
/** Runs between the lost attempt and its retry: another writer, when a test sets one. */
let betweenAttempts: (() => Promise<void>) | undefined;
let client: DocDbClient;
let other: DocDbClient;

beforeAll(async () => {
  const handler = lost.wrap(sim.handler);
  server = await startLoopbackServer((req, res) => {
    seen.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
    return handler(req, res);
  });
  client = createDocDbClient({
    url: server.url,
    retry: {
      limit: 2,
      sleep: async () => {
        const run = betweenAttempts;
        betweenAttempts = undefined;
        await run?.();
      },
    },
  });
  other = createDocDbClient({ url: server.url, retry: false });
});
afterAll(() => server.close());

let db = '';
let n = 0;
beforeEach(async () => {
  db = `own-${++n}`;
  await client.putDatabase({ db });
  seen.length = 0;
  lost.clear();
  betweenAttempts = undefined;
});

const stored = (id: string) =>
  sim.getDocument(db, id) as { _rev: string } & Record<string, unknown>;
const loseNext = (suffix: string) => lost.next(1, (_m, path) => path.endsWith(suffix));

describe('a retried _bulk_docs whose first answer was lost', () => {
  it('reports new documents it wrote as written', async () => {
    loseNext('/_bulk_docs');
    const rows = await client.postBulkDocs({
      db,
      docs: [
        { _id: 'a', n: 1 },
        { _id: 'b', n: 2, nested: { x: [1, 'y'] } },
      ],
    });
    expect(rows).toEqual([
      { ok: true, id: 'a', rev: stored('a')._rev },
      { ok: true, id: 'b', rev: stored('b')._rev },
    ]);
    expect(lost.stats()).toEqual({ request: 1 });
    expect(seen).toEqual([
      `POST /${db}/_bulk_docs`,
      `POST /${db}/_bulk_docs`,
      `POST /${db}/_bulk_get`,
    ]);
  });

  it('reports updates it wrote as written, with the revision after the one it sent', async () => {
    const [a, b] = await client.postBulkDocs({
      db,
      docs: [
        { _id: 'a', v: 1 },
        { _id: 'b', v: 1 },
      ],
    });
    loseNext('/_bulk_docs');
    const rows = await client.postBulkDocs({
      db,
      docs: [
        { _id: 'a', _rev: a?.rev as string, v: 2 },
        { _id: 'b', _rev: b?.rev as string, v: 2 },
      ],
    });
    expect(rows.map((r) => [r.id, r.error, r.rev])).toEqual([
      ['a', undefined, stored('a')._rev],
      ['b', undefined, stored('b')._rev],
    ]);
    expect(stored('a')._rev).toMatch(/^2-/);
  });

  it('keeps a genuine conflict with another writer a conflict, beside rows it did write', async () => {
    const [c] = await client.postBulkDocs({ db, docs: [{ _id: 'c', v: 1 }] });
    await other.putDocument({ db, docId: 'taken', document: { by: 'other' } });
    loseNext('/_bulk_docs');
    // Between the lost attempt and its retry, another writer edits c after this call did.
    betweenAttempts = async () => {
      const current = stored('c');
      await other.putDocument({ db, docId: 'c', document: { ...current, v: 'other' } });
    };
    const rows = await client.postBulkDocs({
      db,
      docs: [
        { _id: 'mine', v: 1 },
        { _id: 'c', _rev: c?.rev as string, v: 2 },
        { _id: 'taken', by: 'me' },
      ],
    });
    expect(rows.map((r) => [r.id, r.error ?? 'ok'])).toEqual([
      ['mine', 'ok'],
      ['c', 'conflict'],
      ['taken', 'conflict'],
    ]);
    expect(stored('c')).toMatchObject({ v: 'other' });
    expect(stored('taken')).toMatchObject({ by: 'other' });
  });

  it('keeps a conflict by another writer who edited the same revision', async () => {
    const [d] = await client.postBulkDocs({ db, docs: [{ _id: 'd', v: 1 }] });
    await other.putDocument({ db, docId: 'd', document: { _rev: d?.rev as string, v: 'other' } });
    loseNext('/_bulk_docs');
    const rows = await client.postBulkDocs({
      db,
      docs: [{ _id: 'd', _rev: d?.rev as string, v: 2 }],
    });
    expect(rows).toMatchObject([{ id: 'd', error: 'conflict' }]);
  });

  it('asks nothing more when the call was not retried', async () => {
    await other.putDocument({ db, docId: 'e', document: { v: 1 } });
    const rows = await client.postBulkDocs({ db, docs: [{ _id: 'e', v: 1 }] });
    expect(rows).toMatchObject([{ id: 'e', error: 'conflict' }]);
    expect(seen).toEqual([`PUT /${db}/e`, `POST /${db}/_bulk_docs`]);
  });
});

describe('a retried single-document write whose first answer was lost', () => {
  it('putDocument of a new document resolves with the revision it wrote', async () => {
    loseNext('/f');
    const result = await client.putDocument({ db, docId: 'f', document: { v: 1 } });
    expect(result).toEqual({ ok: true, id: 'f', rev: stored('f')._rev });
    expect(seen).toEqual([`PUT /${db}/f`, `PUT /${db}/f`, `GET /${db}/f`]);
  });

  it('putDocument of an update, with rev or _rev, resolves too', async () => {
    const first = await client.putDocument({ db, docId: 'g', document: { v: 1 } });
    loseNext('/g');
    const second = await client.putDocument({ db, docId: 'g', rev: first.rev, document: { v: 2 } });
    expect(second.rev).toBe(stored('g')._rev);
    loseNext('/g');
    const third = await client.putDocument({
      db,
      docId: 'g',
      document: { _rev: second.rev, v: 3 },
    });
    expect(third).toEqual({ ok: true, id: 'g', rev: stored('g')._rev });
    expect(third.rev).toMatch(/^3-/);
  });

  it('postDocument with an _id resolves with the revision it wrote', async () => {
    loseNext(`/${db}`);
    const result = await client.postDocument({ db, document: { _id: 'h', v: 1 } });
    expect(result).toEqual({ ok: true, id: 'h', rev: stored('h')._rev });
  });

  it('a conflict with another writer stays a ConflictError', async () => {
    const first = await client.putDocument({ db, docId: 'i', document: { v: 1 } });
    loseNext('/i');
    betweenAttempts = async () => {
      await other.putDocument({ db, docId: 'i', document: { ...stored('i'), v: 'other' } });
    };
    const error = await client
      .putDocument({ db, docId: 'i', rev: first.rev, document: { v: 2 } })
      .catch((e: unknown) => e);
    expect(isConflictError(error)).toBe(true);
    expect(error).toMatchObject({ status: 409, attempts: 2 });
    expect(stored('i')).toMatchObject({ v: 'other' });
  });

  it('a conflict met at once is thrown as it was, without a read', async () => {
    await other.putDocument({ db, docId: 'j', document: { v: 1 } });
    const error = await client
      .putDocument({ db, docId: 'j', document: { v: 1 } })
      .catch((e: unknown) => e);
    expect(isConflictError(error)).toBe(true);
    expect(seen).toEqual([`PUT /${db}/j`, `PUT /${db}/j`]);
  });
});

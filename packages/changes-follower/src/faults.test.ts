import { createDocDbClient } from '@connectorkit/doc-db-client';
import { createCouchDbSimulator } from '@connectorkit/doc-db-client/testing';
import {
  couchDbSessionAuth,
  isAuthenticationError,
  isHttpError,
  isNetworkError,
  isTimeoutError,
} from '@connectorkit/http-core';
import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChangesFollower } from './index.js';

/*
 * Faults in front of a faithful `_changes`: a proxy that forwards to the CouchDB simulator and,
 * when told, sends only the first part of the answer before resetting the connection, or answers
 * a terminal status itself.
 */

const TOTAL = 120;
const sim = createCouchDbSimulator();
let upstream: LoopbackServer;
let proxy: LoopbackServer;
/**
 * What the next `_changes` requests get, in order: passed through, cut after that many bytes
 * (counted from the end when negative), a status, or no answer at all.
 */
const script: ({ pass: true } | { cutAt: number } | { status: number } | { stall: true })[] = [];
let changesRequests = 0;

beforeAll(async () => {
  upstream = await startLoopbackServer(sim.handler);
  sim.createDatabase('feed');
  sim.writeDocuments(
    'feed',
    Array.from({ length: TOTAL }, (_, i) => ({ _id: `doc-${String(i).padStart(3, '0')}`, i })),
  );
  proxy = await startLoopbackServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const isChanges = (req.url ?? '').includes('/_changes');
    if (isChanges) changesRequests++;
    const step = isChanges || (req.url ?? '').startsWith('/_session') ? script.shift() : undefined;
    if (step && 'status' in step) {
      res.writeHead(step.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'refused', reason: `injected ${step.status}` }));
      return;
    }
    if (step && 'stall' in step) return; // never answers: the follower's own bound ends it
    const answer = await fetch(`${upstream.url}${req.url}`, {
      method: req.method ?? 'GET',
      headers: { 'content-type': 'application/json' },
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const body = Buffer.from(await answer.arrayBuffer());
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    if (step && 'cutAt' in step) {
      res.write(body.subarray(0, step.cutAt < 0 ? body.length + step.cutAt : step.cutAt));
      setImmediate(() => res.socket?.destroy());
      return;
    }
    res.end(body);
  });
});
afterAll(async () => {
  await proxy.close();
  await upstream.close();
});
beforeEach(() => {
  script.length = 0;
  changesRequests = 0;
});

const noWait = { sleep: async () => {}, random: () => 0.5 };
const client = () => createDocDbClient({ url: proxy.url });

describe('a _changes body cut short mid-stream', () => {
  it('is retried within the error tolerance: every change arrives, none twice', async () => {
    // Cuts after a few complete rows, inside the opening line, inside the envelope after every
    // row, and mid-row: rows already parsed from a cut answer are never handed over.
    script.push(
      { cutAt: 400 },
      { pass: true },
      { cutAt: 5 },
      { cutAt: -5 },
      { pass: true },
      { cutAt: 1_000 },
    );
    const ids: string[] = [];
    for await (const change of new ChangesFollower({
      client: client(),
      db: 'feed',
      batchSize: 50,
      errorTolerance: 60_000,
      ...noWait,
    }).startOneOff())
      ids.push(change.id);
    expect(ids).toHaveLength(TOTAL);
    expect(new Set(ids).size).toBe(TOTAL);
    expect(ids).toEqual([...ids].sort());
    // Three whole answers (50, 50 and 20 changes) and the four that were cut.
    expect(changesRequests).toBe(7);
  });

  it('past the tolerance, the run ends with a NetworkError (typed), after one request', async () => {
    script.push({ cutAt: 300 });
    let error: unknown;
    try {
      for await (const _ of new ChangesFollower({
        client: client(),
        db: 'feed',
        errorTolerance: 0,
        ...noWait,
      }).startOneOff()) {
        // drain
      }
    } catch (e) {
      error = e;
    }
    expect(isNetworkError(error), String(error)).toBe(true);
    expect(changesRequests).toBe(1);
  });

  it('a request the server never answers ends, past the tolerance, with a TimeoutError', async () => {
    script.push({ stall: true });
    let error: unknown;
    try {
      for await (const _ of new ChangesFollower({
        client: client(),
        db: 'feed',
        errorTolerance: 0,
        longpollTimeoutMs: 50,
        requestMarginMs: 50,
        ...noWait,
      }).start()) {
        // drain
      }
    } catch (e) {
      error = e;
    }
    expect(isTimeoutError(error), String(error)).toBe(true);
  });
});

describe('terminal statuses end the run at once, however tolerant', () => {
  it.each([400, 401, 403, 404])('%i on _changes', async (status) => {
    script.push({ status });
    let error: unknown;
    try {
      for await (const _ of new ChangesFollower({
        client: client(),
        db: 'feed',
        ...noWait,
      }).start()) {
        // drain
      }
    } catch (e) {
      error = e;
    }
    expect(isHttpError(error) && error.status).toBe(status);
    expect(changesRequests).toBe(1);
  });

  it.each([400, 401, 403])('%i on the cookie login (couchDbSessionAuth)', async (status) => {
    script.push({ status }, { status });
    const c = createDocDbClient({
      url: proxy.url,
      auth: couchDbSessionAuth({ username: 'u', password: 'session-password' }),
    });
    let error: unknown;
    try {
      for await (const _ of new ChangesFollower({
        client: c,
        db: 'feed',
        ...noWait,
      }).startOneOff()) {
        // drain
      }
    } catch (e) {
      error = e;
    }
    expect(isAuthenticationError(error), String(error)).toBe(true);
    expect((error as { status?: number }).status).toBe(status);
    expect(changesRequests).toBe(0);
  });

  it('a 500 is not terminal: retried, and the drain completes', async () => {
    script.push({ status: 500 }, { status: 503 });
    const ids: string[] = [];
    for await (const change of new ChangesFollower({
      client: client(),
      db: 'feed',
      ...noWait,
    }).startOneOff())
      ids.push(change.id);
    expect(ids).toHaveLength(TOTAL);
  });
});

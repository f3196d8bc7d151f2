import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  basicAuth,
  isInputValidationError,
  isNetworkError,
  isResponseValidationError,
  isTimeoutError,
} from '@connectorkit/http-core';
import {
  type LoopbackServer,
  startLoopbackServer,
  visibleText,
} from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocDbClient, invalidAnswerError } from './index.js';
import { createCouchDbSimulator } from './testing/index.js';

/*
 * readChangesBatch, the public read of a `_changes` batch the follower is built on, and
 * invalidAnswerError, the error of an answer the caller refused: against the simulator for what a
 * server answers, against a scripted loopback server for what it should not.
 */

const USER = 'batch-user';
const PASSWORD = 'batch-Pa55-word-K9';
const TOKEN = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');

const sim = createCouchDbSimulator();
let simServer: LoopbackServer;
type Reply = (req: IncomingMessage, res: ServerResponse) => void;
let reply: Reply = () => {};
let scripted: LoopbackServer;

beforeAll(async () => {
  simServer = await startLoopbackServer(sim.handler);
  scripted = await startLoopbackServer((req, res) => {
    req.resume();
    reply(req, res);
  });
});
afterAll(async () => {
  await simServer.close();
  await scripted.close();
});

const answer =
  (body: string): Reply =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  };

describe('readChangesBatch', () => {
  it('reads a batch: rows, last_seq, pending and the body’s size in bytes', async () => {
    const db = createDocDbClient({ url: simServer.url, retry: false });
    await db.putDatabase({ db: 'batch' });
    await db.postBulkDocs({ db: 'batch', docs: [{ _id: 'a' }, { _id: 'b' }, { _id: 'é' }] });
    const batch = await db.readChangesBatch({ db: 'batch', limit: 2 });
    expect(batch.results.map((r) => r.id)).toEqual(['a', 'b']);
    expect(batch.pending).toBe(1);
    const raw = await db.postChangesAsStream({ db: 'batch', limit: 2 });
    const bytes = (await new Response(raw).arrayBuffer()).byteLength;
    expect(batch.bytes).toBe(bytes);
    const rest = await db.readChangesBatch({ db: 'batch', since: batch.last_seq });
    expect(rest.results.map((r) => r.id)).toEqual(['é']);
    expect(rest.pending).toBe(0);
  });

  it('refuses an answer without last_seq whatever validateResponses says, and a bad row only when validating', async () => {
    for (const validateResponses of [true, false]) {
      const db = createDocDbClient({ url: scripted.url, retry: false, validateResponses });
      reply = answer('{"results":[]}');
      const error = await db.readChangesBatch({ db: 'feed' }).catch((e: unknown) => e);
      expect(isResponseValidationError(error), String(error)).toBe(true);
      reply = answer('{"results":[{"id":7}],"last_seq":"1-x"}');
      const outcome = await db.readChangesBatch({ db: 'feed' }).catch((e: unknown) => e);
      if (validateResponses) expect(isResponseValidationError(outcome)).toBe(true);
      else expect(outcome).toMatchObject({ results: [{ id: 7 }], last_seq: '1-x' });
    }
  });

  it('a body cut short is a NetworkError', async () => {
    reply = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"results":[\n{"id":"a","changes":[{"rev":"1-a"}]},\n');
      setImmediate(() => res.socket?.destroy());
    };
    const db = createDocDbClient({ url: scripted.url, retry: false });
    const error = await db.readChangesBatch({ db: 'feed' }).catch((e: unknown) => e);
    expect(isNetworkError(error), String(error)).toBe(true);
  });

  it('deadline bounds a server that sends heartbeats for ever; the caller’s abort stays an abort', async () => {
    const open: ServerResponse[] = [];
    reply = (_req, res) => {
      open.push(res);
      res.writeHead(200, { 'content-type': 'application/json' });
      const beat = setInterval(() => res.write('\n'), 20);
      res.on('close', () => clearInterval(beat));
    };
    const db = createDocDbClient({ url: scripted.url, retry: false });
    const started = performance.now();
    const error = await db
      .readChangesBatch({ db: 'feed', feed: 'longpoll', deadline: 200 })
      .catch((e: unknown) => e);
    expect(isTimeoutError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'deadline', timeoutMs: 200 });
    expect(performance.now() - started).toBeLessThan(5_000);
    const stop = new AbortController();
    setTimeout(() => stop.abort(new Error('stopped')), 50);
    const aborted = await db
      .readChangesBatch({ db: 'feed', deadline: 60_000, signal: stop.signal })
      .catch((e: unknown) => e);
    expect(isTimeoutError(aborted)).toBe(false);
    for (const res of open) res.destroy();
  });

  it('refuses a bad deadline before any request', async () => {
    const db = createDocDbClient({ url: 'http://127.0.0.1:9', retry: false });
    for (const deadline of [0, -1, 1.5, 2 ** 31, '10']) {
      const error = await db
        .readChangesBatch({ db: 'feed', deadline: deadline as number })
        .catch((e: unknown) => e);
      expect(isInputValidationError(error)).toBe(true);
      expect(error).toMatchObject({ issues: [{ path: 'deadline' }] });
    }
  });
});

describe('invalidAnswerError', () => {
  it('shows the URL without credentials and redacts the client’s secrets from issues and data', () => {
    for (const options of [
      { url: `http://127.0.0.1:5984`, auth: basicAuth({ username: USER, password: PASSWORD }) },
      { url: `http://${USER}:${PASSWORD}@127.0.0.1:5984` },
    ]) {
      const db = createDocDbClient(options);
      const error = invalidAnswerError(db, {
        method: 'get',
        path: '/orders',
        issues: [{ path: 'doc_count', message: `must be a number, not ${TOKEN}` }],
        data: { doc_count: 'x', echo: `Basic ${TOKEN} ${PASSWORD}` },
      });
      expect(isResponseValidationError(error)).toBe(true);
      expect(error.message).toMatch(
        /^GET http:\/\/(\[REDACTED\]@)?127\.0\.0\.1:5984\/orders returned an unexpected body/,
      );
      const seen = visibleText(error, []);
      expect(seen).not.toContain(PASSWORD);
      expect(seen).not.toContain(TOKEN);
    }
  });

  it('names each bad argument', () => {
    const db = createDocDbClient({ url: 'http://127.0.0.1:5984' });
    let error: unknown;
    try {
      invalidAnswerError(db, { method: '', path: 'orders', issues: [{ path: 1 }] } as never);
    } catch (e) {
      error = e;
    }
    expect(isInputValidationError(error)).toBe(true);
    expect((error as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      'answer.method',
      'answer.path',
      'answer.issues.0.path',
      'answer.issues.0.message',
    ]);
  });
});

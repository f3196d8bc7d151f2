import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  FakePushAPI,
  HttpPushAPI,
  type HttpPushAPIOptions,
  isInvalidParameterError,
  type PushAPI,
  type PushAPICallOptions,
  PushAPIVersion,
} from './index.js';
import { createPapiSimulator } from './testing/index.js';

/*
 * The per-call `signal` of every PushAPI method (issue #14): an aborted call rejects with the
 * signal's reason, an already aborted one sends nothing, a bad one is refused before any request,
 * and FakePushAPI honours it the same way.
 */

const sim = createPapiSimulator({ connectorName: 'files' });
const received: string[] = [];
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    received.push(new URL(req.url ?? '/', 'http://x').pathname.split('/').pop() ?? '');
    return sim.handler(req, res);
  });
});
afterAll(() => server.close());
afterEach(() => sim.faults.clear());

const options = (extra: Partial<HttpPushAPIOptions> = {}): HttpPushAPIOptions => ({
  version: PushAPIVersion.PAPI_V4,
  host: '127.0.0.1',
  port: server.port,
  connectorName: 'files',
  connectorType: 'fs',
  ...extra,
});

const doc = { uri: 'a/1', stamp: 's1' };
type Call = (api: PushAPI, o: PushAPICallOptions) => Promise<unknown>;
/** Every method, with arguments that send a request on HttpPushAPI. */
const CALLS: [string, Call][] = [
  ['ping', (api, o) => api.ping(o)],
  ['startPushSession', (api, o) => api.startPushSession(o)],
  ['stopPushSession', (api, o) => api.stopPushSession(o)],
  ['addDocument', (api, o) => api.addDocument(doc, o)],
  ['addDocumentList', (api, o) => api.addDocumentList([doc], o)],
  ['updateDocument', (api, o) => api.updateDocument(doc, ['title'], o)],
  ['updateDocumentList', (api, o) => api.updateDocumentList([doc], [['title']], o)],
  ['deleteDocument', (api, o) => api.deleteDocument('a/1', o)],
  ['deleteDocumentList', (api, o) => api.deleteDocumentList(['a/1'], o)],
  ['deleteDocumentsRootPath', (api, o) => api.deleteDocumentsRootPath('a', undefined, o)],
  ['getDocumentStatus', (api, o) => api.getDocumentStatus('a/1', o)],
  ['getDocumentStatusList', (api, o) => api.getDocumentStatusList(['a/1'], o)],
  ['setCheckpoint', (api, o) => api.setCheckpoint('c1', undefined, undefined, o)],
  ['getCheckpoint', (api, o) => api.getCheckpoint(undefined, undefined, o)],
  ['clearAllCheckpoints', (api, o) => api.clearAllCheckpoints(o)],
  ['enumerateCheckpointsInfo', (api, o) => api.enumerateCheckpointsInfo(undefined, o).next()],
  [
    'enumerateSyncedEntries',
    (api, o) => api.enumerateSyncedEntries('', 'RECURSIVE_DOCUMENTS', o).next(),
  ],
  ['countSyncedEntries', (api, o) => api.countSyncedEntries('', 'RECURSIVE_DOCUMENTS', o)],
  ['sync', (api, o) => api.sync(o)],
  ['triggerIndexingJob', (api, o) => api.triggerIndexingJob(o)],
  ['areDocumentsSearchable', (api, o) => api.areDocumentsSearchable(0n, o)],
];

/** How the call ended; an enumeration refuses bad arguments at once (synchronously). */
const settle = (p: Promise<unknown> | (() => Promise<unknown>)) =>
  (typeof p === 'function' ? Promise.resolve().then(p) : p).then(
    () => 'resolved',
    (e: unknown) => e,
  );

describe('an already aborted signal', () => {
  it.each(CALLS)('%s rejects with its reason, sending nothing', async (_, call) => {
    const reason = new Error('stop here');
    const signal = AbortSignal.abort(reason);
    for (const api of [new HttpPushAPI(options()), new FakePushAPI()]) {
      const before = received.length;
      expect(await settle(call(api, { signal }))).toBe(reason);
      expect(received.length).toBe(before);
    }
  });

  it('changes nothing on a FakePushAPI', async () => {
    const fake = new FakePushAPI();
    const signal = AbortSignal.abort();
    await expect(fake.addDocument(doc, { signal })).rejects.toBe(signal.reason);
    await expect(fake.startPushSession({ signal })).rejects.toBe(signal.reason);
    expect(fake.getOperationStatus('a/1')).toBeUndefined();
    await fake.startPushSession(); // no session was opened by the aborted call
    await expect(fake.sync({ signal })).rejects.toBe(signal.reason);
    await fake.addDocument(doc, {});
    expect(fake.getOperationStatus('a/1')).toBe('Pushed');
  });

  it('does not stop close(), which sends nothing', async () => {
    const signal = AbortSignal.abort();
    for (const api of [new HttpPushAPI(options()), new FakePushAPI()]) {
      await api.startPushSession();
      await api.close({ signal });
      await expect(api.stopPushSession()).rejects.toThrow(/No push session/);
    }
  });
});

describe('a bad signal or options', () => {
  const BAD: [string, unknown, RegExp][] = [
    ['a string signal', { signal: 'abort' }, /options.signal: must be an AbortSignal/],
    [
      'an AbortController',
      { signal: new AbortController() },
      /options.signal: must be an AbortSignal/,
    ],
    ['options as a string', 'signal', /must be an options object/],
    ['options as an array', [], /must be an options object/],
  ];
  it.each(CALLS)(
    '%s refuses them with InvalidParameterError before any request',
    async (name, call) => {
      for (const [, bad, rule] of BAD) {
        for (const api of [new HttpPushAPI(options()), new FakePushAPI()]) {
          const before = received.length;
          const error = await settle(() => call(api, bad as PushAPICallOptions));
          expect(isInvalidParameterError(error)).toBe(true);
          expect((error as Error).message).toContain(`Invalid ${name}(options): `);
          expect((error as Error).message).toMatch(rule);
          expect(received.length).toBe(before);
        }
      }
    },
  );

  it('close() refuses them too', async () => {
    for (const api of [new HttpPushAPI(options()), new FakePushAPI()])
      await expect(api.close({ signal: 1 } as never)).rejects.toThrow(
        /Invalid close\(options\): options.signal: must be an AbortSignal/,
      );
  });

  it('accepts no options, an empty object and an undefined signal', async () => {
    const api = new HttpPushAPI(options());
    await api.ping();
    await api.ping({});
    await api.ping({ signal: undefined });
    await api.ping({ signal: new AbortController().signal });
  });
});

describe('aborting a call in flight', () => {
  async function abortWhileStalled(run: (signal: AbortSignal) => Promise<unknown>) {
    sim.faults.next({ kind: 'stall' });
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const before = received.length;
    const pending = settle(run(controller.signal));
    await vi.waitFor(() => expect(received.length).toBe(before + 1));
    controller.abort(reason);
    expect(await pending).toBe(reason);
    // No retry after the abort (a read would be retried after a stall otherwise).
    await new Promise((r) => setTimeout(r, 100));
    expect(received.length).toBe(before + 1);
  }

  it('a read (retried by default) stops and rejects with the reason', async () => {
    const api = new HttpPushAPI(options({ timeout: 60_000 }));
    await abortWhileStalled((signal) => api.getDocumentStatus('a/1', { signal }));
  });

  it('a write stops and rejects with the reason', async () => {
    const api = new HttpPushAPI(options());
    await abortWhileStalled((signal) => api.addDocument(doc, { signal }));
    expect((await api.getDocumentStatus('a/1')).exist).toBe(false);
  });

  it('a wait between retries stops too', async () => {
    const api = new HttpPushAPI(options({ retry: { limit: 3 } }));
    sim.faults.next({ kind: 'status', status: 503, retryAfter: 30 });
    const controller = new AbortController();
    const before = received.length;
    const pending = settle(api.ping({ signal: controller.signal }));
    await vi.waitFor(() => expect(received.length).toBe(before + 1));
    await new Promise((r) => setTimeout(r, 50)); // the 503 is in: the client waits 30 s
    controller.abort('enough');
    expect(await pending).toBe('enough');
    expect(received.length).toBe(before + 1);
  });
});

describe('an enumeration', () => {
  const entries = [1, 2, 3, 4].map((i) => ({ uri: `e/${i}` }));

  it('stops when its signal aborts, mid-page or between pages, and still frees the cursor', async () => {
    const api = new HttpPushAPI(options());
    await api.addDocumentList(entries);
    await api.sync();
    const controller = new AbortController();
    const it = api.enumerateSyncedEntries('e', 'RECURSIVE_DOCUMENTS', {
      signal: controller.signal,
    });
    expect(await it.nextBatch(1)).toHaveLength(1);
    expect(sim.openCursors()).toBe(1);
    await abortPage(controller, () => it.nextBatch(1));
    const before = received.length;
    await expect(it.next()).rejects.toBe('stopped');
    expect(received.length).toBe(before);
    await it.close();
    expect(received.slice(before)).toEqual(['release_enumeration']);
    expect(sim.openCursors()).toBe(0);
  });

  async function abortPage(controller: AbortController, read: () => Promise<unknown>) {
    sim.faults.next({ kind: 'stall' });
    const before = received.length;
    const pending = settle(read());
    await vi.waitFor(() => expect(received.length).toBe(before + 1));
    controller.abort('stopped');
    expect(await pending).toBe('stopped');
  }

  it('hands out no buffered entry once aborted (for await stops), on both clients', async () => {
    const fake = new FakePushAPI();
    await fake.addDocumentList(entries);
    await fake.sync();
    for (const api of [new HttpPushAPI(options()), fake]) {
      const controller = new AbortController();
      const seen: string[] = [];
      const loop = async () => {
        for await (const entry of api.enumerateSyncedEntries('e', 'RECURSIVE_DOCUMENTS', {
          signal: controller.signal,
        })) {
          seen.push(entry.uri);
          if (seen.length === 2) controller.abort('halt');
        }
      };
      expect(await settle(loop())).toBe('halt');
      expect(seen).toEqual(['e/1', 'e/2']);
    }
    expect(fake.openEnumerationCount()).toBe(0);
  });
});

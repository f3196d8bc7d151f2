import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  HttpPushAPI,
  isServerUnavailableException,
  isUnknownErrorException,
  type PushAPI,
  PushAPIVersion,
} from './index.js';
import { createPapiSimulator } from './testing/index.js';

/*
 * A connection reset in the middle of an answer's body is the server going away, not an unknown
 * error: reads are retried (and succeed when the next answer is whole), writes are not retried,
 * and what remains is ServerUnavailableException.
 */

const sim = createPapiSimulator({ connectorName: 'files' });
let requests: string[] = [];
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    requests.push(new URL(req.url ?? '/', 'http://x').pathname.split('/').pop() ?? '');
    return sim.handler(req, res);
  });
  const seed = new HttpPushAPI(options(2));
  await seed.addDocumentList([
    { uri: 'a', stamp: '1' },
    { uri: 'b/c', stamp: '2' },
  ]);
  await seed.setCheckpoint('v1', 'journal', true);
});
afterAll(() => server.close());
beforeEach(() => {
  requests = [];
  sim.faults.clear();
});

function options(retry: number | false) {
  return {
    version: PushAPIVersion.PAPI_V4,
    host: '127.0.0.1',
    port: server.port,
    connectorName: 'files',
    connectorType: 'fs',
    retry: retry === false ? false : { limit: retry, sleep: async () => {} },
  } as const;
}

const READS: [string, (api: PushAPI) => Promise<unknown>, unknown][] = [
  ['ping', (a) => a.ping(), undefined],
  ['getDocumentStatus', (a) => a.getDocumentStatus('a'), { uri: 'a', exist: true, stamp: '1' }],
  ['getCheckpoint', (a) => a.getCheckpoint('journal'), 'v1'],
  ['countSyncedEntries', (a) => a.countSyncedEntries('', 'RECURSIVE_DOCUMENTS'), 2n],
  ['areDocumentsSearchable', (a) => a.areDocumentsSearchable(0n), true],
  [
    'enumerateCheckpointsInfo',
    (a) => a.enumerateCheckpointsInfo().nextBatch(10),
    [{ name: 'journal', value: 'v1' }],
  ],
  [
    'enumerateSyncedEntries',
    (a) => a.enumerateSyncedEntries('', 'NOT_RECURSIVE_ALL').nextBatch(10),
    [
      { uri: 'a', stamp: '1', isFolder: false },
      { uri: 'b', stamp: '', isFolder: true },
    ],
  ],
];

describe('a body cut short mid-way', () => {
  it.each(READS)('%s: the read is retried and gets the whole answer', async (_, read, expected) => {
    const truncated = sim.faults.stats().truncate ?? 0;
    sim.faults.next({ kind: 'truncate' });
    expect(await read(new HttpPushAPI(options(2)))).toEqual(expected);
    expect(requests).toHaveLength(2);
    expect(sim.faults.stats().truncate).toBe(truncated + 1);
  });

  it.each(READS)('%s: without retries it is ServerUnavailableException', async (_, read) => {
    sim.faults.next({ kind: 'truncate' });
    const error = await read(new HttpPushAPI(options(false))).catch((e: unknown) => e);
    expect(isServerUnavailableException(error), String(error)).toBe(true);
    expect(isUnknownErrorException(error)).toBe(false);
    expect(requests).toHaveLength(1);
  });

  it.each([
    ['setCheckpoint', (a: PushAPI) => a.setCheckpoint('v2', 'other')],
    ['addDocument', (a: PushAPI) => a.addDocument({ uri: 'x' })],
    ['sync', (a: PushAPI) => a.sync()],
  ])(
    '%s (a write) is not retried: ServerUnavailableException after one request',
    async (_, write) => {
      sim.faults.next({ kind: 'truncate' });
      const error = await write(new HttpPushAPI(options(2))).catch((e: unknown) => e);
      expect(isServerUnavailableException(error), String(error)).toBe(true);
      expect(requests).toHaveLength(1);
    },
  );

  it('a body that stalls mid-way is bounded by timeoutMs and reported as ServerUnavailableException', async () => {
    const stalled = await startLoopbackServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '10' });
      res.write('12');
    });
    try {
      const api = new HttpPushAPI({ ...options(false), port: stalled.port, timeoutMs: 200 });
      const error = await api
        .countSyncedEntries('', 'RECURSIVE_DOCUMENTS')
        .catch((e: unknown) => e);
      expect(isServerUnavailableException(error), String(error)).toBe(true);
    } finally {
      await stalled.close();
    }
  });
});

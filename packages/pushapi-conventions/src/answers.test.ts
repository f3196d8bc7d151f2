import { isResponseValidationError } from '@connectorkit/http-core';
import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  HttpPushAPI,
  isInvalidResponseError,
  isPushAPIException,
  isUnknownErrorException,
  type PushAPI,
  PushAPIVersion,
} from './index.js';
import { createPapiSimulator } from './testing/index.js';

/*
 * Every answer is checked before a value reaches the caller: a 2xx body of the wrong form is an
 * InvalidResponseError (a PushAPIException, UnknownErrorException and, for http-core,
 * ResponseValidationError), after one request, never a value and never a hang.
 */

interface Scripted {
  status: number;
  type: string;
  body: string | Buffer;
}
let answer: Scripted = { status: 200, type: 'text/plain; charset=utf-8', body: '' };
let requests = 0;
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    requests++;
    req.resume();
    res.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {});
    res.end(answer.body);
  });
});
afterAll(() => server.close());
beforeEach(() => {
  requests = 0;
});

const api = () =>
  new HttpPushAPI({
    version: PushAPIVersion.PAPI_V4,
    host: '127.0.0.1',
    port: server.port,
    connectorName: 'files',
    connectorType: 'fs',
    retry: 2,
  });
const text = (body: string | Buffer, type = 'text/plain; charset=utf-8'): Scripted => ({
  status: 200,
  type,
  body,
});

/** Bodies no text answer may have, whatever the command. */
const ANY_READ: [string, Scripted][] = [
  ['text with NUL', text('\u0000<<garbage>>')],
  ['bytes that are not UTF-8', text(Buffer.from([0x31, 0xff, 0xfe, 0x0a]))],
  ['an HTML page', text('<html>proxy login</html>', 'text/html')],
  ['JSON', text('[1,2,3]', 'application/json')],
  ['another charset', text('1', 'text/plain; charset=iso-8859-1')],
  ['no content-type', text('1', '')],
  ['status 202', { ...text('1'), status: 202 }],
];

const readAll = async <T>(iterator: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
};

const READS: Record<string, { run: (api: PushAPI) => Promise<unknown>; bad: string[] }> = {
  'startPushSession (session id)': {
    run: (a) => a.startPushSession(),
    bad: ['', 'abc', '-1', '1.5', '18446744073709551616', '12 34', '0x10', ' 7'],
  },
  'setCheckpoint (serial)': {
    run: (a) => a.setCheckpoint('v', 'n', true),
    bad: ['', 'x', '-1', '1e3', '1\n2\n'],
  },
  countSyncedEntries: {
    run: (a) => a.countSyncedEntries('', 'RECURSIVE_DOCUMENTS'),
    bad: ['', 'many', '-3', '3.0', '99999999999999999999999'],
  },
  areDocumentsSearchable: {
    run: (a) => a.areDocumentsSearchable(1n),
    bad: ['', 'yes', 'True', '1', 'true false'],
  },
  getDocumentStatus: {
    run: (a) => a.getDocumentStatus('a'),
    bad: [
      '',
      'a 1 s',
      'b 1 s\n',
      'a 2 s\n',
      'a 1 s x\n',
      'a 1 s\na 1 s\n',
      '%E0%A4%A 1 s\n',
      '%00 0 \n',
    ],
  },
  getDocumentStatusList: {
    run: (a) => a.getDocumentStatusList(['a', 'b']),
    bad: [
      '',
      'a 1 s\n',
      'a 1 s\nb 1 s\nc 0 \n',
      'b 1 s\na 1 s\n',
      'a 1 s\nb 1 s',
      'a 1 s\n\nb 0 \n',
    ],
  },
  getCheckpoint: { run: (a) => a.getCheckpoint('n'), bad: [] },
  'getCheckpoint (pending too)': { run: (a) => a.getCheckpoint('n', false), bad: [] },
  enumerateCheckpointsInfo: {
    run: (a) => readAll(a.enumerateCheckpointsInfo()),
    bad: ['no-space\n', 'n raw\rCR\n', '%ZZ v\n', 'n v', 'n v\n\n'],
  },
  'enumerateCheckpointsInfo(false)': {
    run: (a) => readAll(a.enumerateCheckpointsInfo(false)),
    bad: ['no-space\n', 'n raw\rCR\n', '%ZZ v\n', 'n v', 'n v\n\n'],
  },
  enumerateSyncedEntries: {
    run: (a) => readAll(a.enumerateSyncedEntries('', 'RECURSIVE_DOCUMENTS')),
    bad: [
      'a x s\n',
      'a f\n',
      'a f s\n#cursor \n',
      '#cursor abc\n',
      'a f s\n#next abc\n',
      '%ZZ f s\n',
      'a f s',
      `${'a f s\n'.repeat(501)}`,
    ],
  },
};

function expectInvalidResponse(error: unknown): void {
  expect(isInvalidResponseError(error), String(error)).toBe(true);
  expect(isPushAPIException(error)).toBe(true);
  expect(isUnknownErrorException(error)).toBe(true);
  expect(isResponseValidationError(error)).toBe(true);
  const e = error as { issues: unknown[]; method: string; url: string; message: string };
  expect(e.issues.length).toBeGreaterThan(0);
  expect(e.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/papi\/4\/connectors\/files\/[a-z_]+$/);
  expect(e.message).toContain('returned an unexpected body');
}

describe('every read refuses an answer of the wrong form', () => {
  const cases = Object.entries(READS).flatMap(([name, read]) => [
    ...ANY_READ.map(([what, scripted]): [string, string, Scripted] => [name, what, scripted]),
    ...read.bad.map((body): [string, string, Scripted] => [name, JSON.stringify(body), text(body)]),
  ]);
  it.each(cases)(
    '%s answering %s is InvalidResponseError, after one request',
    async (name, _, scripted) => {
      answer = scripted;
      const error = await (READS[name]?.run(api()) ?? Promise.resolve()).then(
        (value) => ({ value }),
        (e: unknown) => e,
      );
      expectInvalidResponse(error);
      expect(requests).toBe(1);
    },
  );

  it('reads the answers it expects', async () => {
    const a = api();
    answer = text('18446744073709551615\n');
    expect(await a.countSyncedEntries('', 'NOT_RECURSIVE_ALL')).toBe(2n ** 64n - 1n);
    answer = text('a%20b 1 s%2F1\nc 0 \n', 'text/plain');
    expect(await a.getDocumentStatusList(['a b', 'c'])).toEqual([
      { uri: 'a b', exist: true, stamp: 's/1' },
      { uri: 'c', exist: false },
    ]);
    answer = text('');
    expect(await a.getCheckpoint('n')).toBe('');
    answer = { status: 204, type: '', body: '' };
    expect(await a.getCheckpoint('n')).toBeUndefined();
    // Exalead's escape: CR and LF only; a backslash is not doubled, so any other one is itself.
    answer = text('n line\\nbreak C:\\dir \\\\\n');
    expect(await readAll(a.enumerateCheckpointsInfo())).toEqual([
      { name: 'n', value: 'line\nbreak C:\\dir \\\\' },
    ]);
  });

  it('a write answering 200 with a body is InvalidResponseError (an HTML page from a proxy is no acknowledgement)', async () => {
    for (const run of [
      (a: PushAPI) => a.addDocument({ uri: 'a' }),
      (a: PushAPI) => a.deleteDocument('a'),
      (a: PushAPI) => a.sync(),
      (a: PushAPI) => a.ping(),
    ]) {
      answer = text('<html>welcome</html>', 'text/html');
      expectInvalidResponse(await run(api()).catch((e: unknown) => e));
    }
  });
});

describe('enumerations never loop on a server that answers garbage', () => {
  it('a page that names a cursor but holds no entry ends the enumeration with an error', async () => {
    answer = text('#cursor again\n');
    expectInvalidResponse(
      await readAll(api().enumerateSyncedEntries('', 'RECURSIVE_DOCUMENTS')).catch(
        (e: unknown) => e,
      ),
    );
    expect(requests).toBe(1);
  });

  it('a cursor that does not move ends the enumeration with an error', async () => {
    answer = text('a f s\n#cursor same\n');
    expectInvalidResponse(
      await readAll(api().enumerateSyncedEntries('', 'RECURSIVE_DOCUMENTS')).catch(
        (e: unknown) => e,
      ),
    );
    expect(requests).toBeLessThanOrEqual(3); // two pages, and the release of the cursor
  });
});

describe('the simulator in malformed mode', () => {
  it('makes every command, read or write, fail with InvalidResponseError', async () => {
    const sim = createPapiSimulator({ connectorName: 'files' });
    const s = await sim.listen();
    try {
      const a = new HttpPushAPI(PushAPIVersion.PAPI_V4, s.host, s.port, 'files', 'fs');
      sim.setMalformedResponses(true);
      const calls: ((a: PushAPI) => Promise<unknown>)[] = [
        (x) => x.ping(),
        (x) => x.startPushSession(),
        (x) => x.addDocument({ uri: 'a' }),
        (x) => x.updateDocument({ uri: 'a' }, []),
        (x) => x.deleteDocumentList(['a']),
        (x) => x.deleteDocumentsRootPath('a'),
        (x) => x.getDocumentStatus('a'),
        (x) => x.setCheckpoint('v'),
        (x) => x.getCheckpoint(''),
        (x) => x.clearAllCheckpoints(),
        (x) => x.enumerateCheckpointsInfo().nextBatch(5),
        (x) => x.enumerateSyncedEntries('', 'NOT_RECURSIVE_ALL').nextBatch(5),
        (x) => x.countSyncedEntries('', 'NOT_RECURSIVE_ALL'),
        (x) => x.sync(),
        (x) => x.triggerIndexingJob(),
        (x) => x.areDocumentsSearchable(0n),
      ];
      for (const call of calls) expectInvalidResponse(await call(a).catch((e: unknown) => e));
    } finally {
      await s.close();
    }
  });
});

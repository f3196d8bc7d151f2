import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpPushAPI, type PushAPI, PushAPIVersion } from './index.js';

/*
 * The calls Exalead documents ("Push API HTTP Level" pages, reference exalead-papi.md 5.2): the
 * exact request line and body each client method sends, at a loopback server that counts them.
 * PAPI_connectorType, PAPI_sync and PAPI_count are ours (the OURS table in internal/wire.ts).
 */

interface Seen {
  line: string;
  body: string;
  cacheControl: string | undefined;
}
let seen: Seen[] = [];
let server: LoopbackServer;
const SESSION = '9223372036854775807';
const CHECKPOINT_LINES = ' default value\na+b%2B line\\nbreak C:\\dir\\x \\\\share\n';

const text = (body: string) => ({ status: 200, body });
function reply(command: string, query: URLSearchParams): { status: number; body: string } {
  switch (command) {
    case 'get_current_session_id':
      return text(SESSION);
    case 'get_documents_status':
      return text(
        query
          .getAll('PAPI_uri')
          .map((uri) => `${encodeURIComponent(uri)} 1 s1\n`)
          .join(''),
      );
    case 'set_checkpoint':
      return text('42');
    case 'get_checkpoint':
      return text('synced value');
    case 'get_checkpoint_info':
      return text('pending value');
    case 'enumerate_checkpoints_info':
    case 'enumerate_stated_checkpoints_info':
      return text(CHECKPOINT_LINES);
    case 'enumerate_synced_entries':
      return text('docs%2Fa f s1\ndocs%2Fsub d \n');
    default:
      return { status: 204, body: '' };
  }
}

beforeAll(async () => {
  server = await startLoopbackServer(async (req, res) => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of req) chunks.push(chunk as Uint8Array);
    seen.push({
      line: `${req.method} ${req.url}`,
      body: Buffer.concat(chunks).toString('utf8'),
      cacheControl: req.headers['cache-control'],
    });
    const url = new URL(req.url ?? '/', 'http://papi');
    const { status, body } = reply(url.pathname.split('/').at(-1) ?? '', url.searchParams);
    res.writeHead(status, status === 204 ? {} : { 'content-type': 'text/plain; charset=utf-8' });
    res.end(body);
  });
});
afterAll(() => server.close());
beforeEach(() => {
  seen = [];
});

const api = () =>
  new HttpPushAPI(PushAPIVersion.PAPI_V4, '127.0.0.1', server.port, 'files', 'fs', null, null);
const all = async <T>(iterator: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
};
const P = '/papi/4/connectors/files';
const CHECKPOINTS = [
  { name: '', value: 'default value' },
  { name: 'a b+', value: 'line\nbreak C:\\dir\\x \\\\share' },
];

/** Each documented call: the method call, what it returns, and the one request line it sends. */
const DOCUMENTED: [string, (a: PushAPI) => Promise<unknown>, unknown, string][] = [
  [
    'startPushSession',
    (a) => a.startPushSession(),
    undefined,
    `GET ${P}/get_current_session_id?PAPI_connectorType=fs`,
  ],
  [
    'deleteDocumentsRootPath(rootPath)',
    (a) => a.deleteDocumentsRootPath('docs/a b'),
    undefined,
    `POST ${P}/delete_documents_root_path?PAPI_rootPath=docs%2Fa+b&PAPI_recursive=true`,
  ],
  [
    'deleteDocumentsRootPath(rootPath, false)',
    (a) => a.deleteDocumentsRootPath('', false),
    undefined,
    `POST ${P}/delete_documents_root_path?PAPI_rootPath=&PAPI_recursive=false`,
  ],
  [
    'getDocumentStatus',
    (a) => a.getDocumentStatus('docs/é'),
    { uri: 'docs/é', exist: true, stamp: 's1' },
    `GET ${P}/get_documents_status?PAPI_uri=docs%2F%C3%A9`,
  ],
  [
    'getDocumentStatusList',
    (a) => a.getDocumentStatusList(['a', 'b c']),
    [
      { uri: 'a', exist: true, stamp: 's1' },
      { uri: 'b c', exist: true, stamp: 's1' },
    ],
    `GET ${P}/get_documents_status?PAPI_uri=a&PAPI_uri=b+c`,
  ],
  [
    'setCheckpoint(checkpoint, name, sync)',
    (a) => a.setCheckpoint('v 1', 'journal', true),
    42n,
    `POST ${P}/set_checkpoint?PAPI_checkpoint=v+1&PAPI_name=journal&PAPI_sync=true`,
  ],
  [
    'setCheckpoint(checkpoint)',
    (a) => a.setCheckpoint('v'),
    42n,
    `POST ${P}/set_checkpoint?PAPI_checkpoint=v&PAPI_name=&PAPI_sync=false`,
  ],
  [
    'getCheckpoint(name)',
    (a) => a.getCheckpoint('journal'),
    'synced value',
    `GET ${P}/get_checkpoint?PAPI_name=journal`,
  ],
  [
    'getCheckpoint()',
    (a) => a.getCheckpoint(),
    'synced value',
    `GET ${P}/get_checkpoint?PAPI_name=`,
  ],
  [
    'getCheckpoint(name, false)',
    (a) => a.getCheckpoint('journal', false),
    'pending value',
    `GET ${P}/get_checkpoint_info?PAPI_name=journal&PAPI_showSynchronizedOnly=false`,
  ],
  [
    'getCheckpoint(name, true)',
    (a) => a.getCheckpoint('journal', true),
    'pending value',
    `GET ${P}/get_checkpoint_info?PAPI_name=journal&PAPI_showSynchronizedOnly=true`,
  ],
  [
    'enumerateCheckpointsInfo()',
    (a) => all(a.enumerateCheckpointsInfo()),
    CHECKPOINTS,
    `GET ${P}/enumerate_checkpoints_info`,
  ],
  [
    'enumerateCheckpointsInfo(true)',
    (a) => all(a.enumerateCheckpointsInfo(true)),
    CHECKPOINTS,
    `GET ${P}/enumerate_stated_checkpoints_info?PAPI_showSynchronizedOnly=true`,
  ],
  [
    'enumerateCheckpointsInfo(false)',
    (a) => all(a.enumerateCheckpointsInfo(false)),
    CHECKPOINTS,
    `GET ${P}/enumerate_stated_checkpoints_info?PAPI_showSynchronizedOnly=false`,
  ],
  [
    'enumerateSyncedEntries',
    (a) => all(a.enumerateSyncedEntries('docs', 'NOT_RECURSIVE_ALL')),
    [
      { uri: 'docs/a', isFolder: false, stamp: 's1' },
      { uri: 'docs/sub', isFolder: true, stamp: '' },
    ],
    `GET ${P}/enumerate_synced_entries?PAPI_rootPath=docs&PAPI_mode=NOT_RECURSIVE_ALL&PAPI_count=500`,
  ],
];

describe('the documented HTTP calls', () => {
  it.each(DOCUMENTED)('%s sends exactly its documented request', async (_, call, result, line) => {
    expect(await call(api())).toEqual(result);
    expect(seen).toEqual([
      {
        line,
        body: '',
        cacheControl: line.startsWith('GET ') ? 'no-cache' : undefined,
      },
    ]);
  });

  it('in a push session each call adds PAPI_session; stopPushSession sends nothing and ends it', async () => {
    const a = api();
    await a.startPushSession();
    for (const [, call, result, line] of DOCUMENTED.slice(1)) {
      seen = [];
      expect(await call(a)).toEqual(result);
      const withSession = `${line}${line.includes('?') ? '&' : '?'}PAPI_session=${SESSION}`;
      expect(seen.map((s) => s.line)).toEqual([withSession]);
    }
    seen = [];
    await a.stopPushSession();
    expect(seen).toEqual([]);
    await a.getCheckpoint('journal');
    expect(seen.map((s) => s.line)).toEqual([`GET ${P}/get_checkpoint?PAPI_name=journal`]);
  });
});

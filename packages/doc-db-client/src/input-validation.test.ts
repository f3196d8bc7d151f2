import { type InputValidationError, isInputValidationError } from '@connectorkit/http-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocDbClient, type DocDbClient, type DocDbClientOptions } from './index.js';
import { type RecordingServer, startRecordingServer } from './test-support/recording-server.js';

/*
 * Each rule of each parameter, with the field the refusal names; every refusal happens before any
 * request reaches the counting server.
 */

let server: RecordingServer;
let client: DocDbClient;
beforeAll(async () => {
  server = await startRecordingServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true,"id":"x","rev":"1-a","rows":[],"results":[],"last_seq":"0"}');
  });
  client = createDocDbClient({ url: server.url, retry: false });
});
afterAll(() => server.close());
beforeEach(() => server.clear());

async function refusal(run: () => unknown): Promise<InputValidationError> {
  let error: unknown;
  try {
    const out = run();
    if (out && typeof (out as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
      await (out as AsyncIterable<unknown>)[Symbol.asyncIterator]().next();
    } else await out;
  } catch (e) {
    error = e;
  }
  expect(isInputValidationError(error), String(error)).toBe(true);
  expect(server.requests).toEqual([]);
  return error as InputValidationError;
}
const paths = (e: InputValidationError) => e.issues.map((i) => i.path);

const circular = () => {
  const o: Record<string, unknown> = { n: 1 };
  o.self = o;
  return o;
};
const db = 'db';
const c = () => client as unknown as Record<string, (p?: unknown) => unknown>;

describe('the params object itself', () => {
  it.each([
    ['getDocument', null],
    ['getDocument', undefined],
    ['getDocument', 'db'],
    ['getDocument', [{ db, docId: 'x' }]],
    ['postBulkDocs', 7],
    ['postChanges', null],
    ['getServerInformation', null],
    ['getUuids', 'x'],
    ['paginateAllDocs', null],
    ['streamChanges', undefined],
  ])('%s(%j) names params', async (method, params) => {
    const error = await refusal(() => c()[method]?.(params));
    expect(error.subject).toBe(`${method} params`);
    expect(paths(error)).toEqual(['params']);
    expect(error.message).toMatch(/params: must be an object of parameters/);
  });

  it('may be left out where every parameter is optional', async () => {
    await client.getServerInformation().catch(() => undefined);
    expect(server.requests).toHaveLength(1);
  });
});

type Case = [string, () => unknown, string, RegExp];
const cases: Case[] = [
  ['limit -1', () => client.postAllDocs({ db, limit: -1 }), 'limit', /0 or more/],
  ['limit NaN', () => client.postAllDocs({ db, limit: Number.NaN }), 'limit', /number/],
  ['limit 1.5', () => client.postView({ db, ddoc: 'd', view: 'v', limit: 1.5 }), 'limit', /whole/],
  ['skip Infinity', () => client.postFind({ db, selector: {}, skip: Infinity }), 'skip', /whole/],
  ['changes limit -5', () => client.postChanges({ db, limit: -5 }), 'limit', /0 or more/],
  [
    'longpoll timeout -1',
    () => client.postChanges({ db, feed: 'longpoll', timeout: -1 }),
    'timeout',
    /0 or more/,
  ],
  ['since NaN', () => client.postChanges({ db, since: Number.NaN }), 'since', /sequence/],
  ['since -1', () => client.getChanges({ db, since: -1 }), 'since', /0 or more/],
  ['since empty', () => client.postChanges({ db, since: '' }), 'since', /empty/],
  [
    'since circular',
    () => client.postChanges({ db, since: [circular()] as never }),
    'since.0.self',
    /circular/,
  ],
  ['seqInterval 0', () => client.postChanges({ db, seqInterval: 0 }), 'seqInterval', /1 or more/],
  ['heartbeat -1', () => client.postChanges({ db, heartbeat: -1 }), 'heartbeat', /1 or more/],
  [
    'a continuous feed parsed as one answer',
    () => client.postChanges({ db, feed: 'continuous' as never }),
    'feed',
    /"normal", "longpoll"/,
  ],
  [
    'lastEventId with a line break',
    () => client.postChangesAsStream({ db, lastEventId: '1\r\nx: y' }),
    'lastEventId',
    /header/,
  ],
  [
    'filter with a lone surrogate',
    () => client.postChanges({ db, filter: 'a\ud800' }),
    'filter',
    /surrogate/,
  ],
  [
    'docIds of numbers',
    () => client.postChanges({ db, docIds: [1] as never }),
    'docIds.0',
    /string/,
  ],
  [
    'selector an array',
    () => client.postChanges({ db, selector: [] as never }),
    'selector',
    /object/,
  ],
  ['rev not N-hex', () => client.getDocument({ db, docId: 'a', rev: '1-xyz' }), 'rev', /revision/],
  [
    'rev without its number',
    () => client.deleteDocument({ db, docId: 'a', rev: 'abc' }),
    'rev',
    /revision/,
  ],
  [
    'openRevs of junk',
    () => client.getDocument({ db, docId: 'a', openRevs: ['x'] }),
    'openRevs.0',
    /revision/,
  ],
  [
    'a flag that is a string',
    () => client.postAllDocs({ db, includeDocs: 'yes' as never }),
    'includeDocs',
    /true or false/,
  ],
  ['keys not an array', () => client.postAllDocs({ db, keys: 'a' as never }), 'keys', /array/],
  [
    'a circular key',
    () => client.postView({ db, ddoc: 'd', view: 'v', key: circular() }),
    'key.self',
    /circular/,
  ],
  ['a BigInt in keys', () => client.postAllDocs({ db, keys: [1n] }), 'keys.0', /BigInt/],
  [
    'a circular selector',
    () => client.postFind({ db, selector: { a: circular() } }),
    'selector.a.self',
    /circular/,
  ],
  [
    'a sort that is not a list',
    () => client.postFind({ db, selector: {}, sort: 'n' as never }),
    'sort',
    /array/,
  ],
  [
    'a search query that is empty',
    () => client.postSearch({ db, ddoc: 'd', index: 'i', query: '' }),
    'query',
    /empty/,
  ],
  [
    'a document that is a string',
    () => client.putDocument({ db, docId: 'a', document: '{"a":1}' as never }),
    'document',
    /plain object, not a string/,
  ],
  [
    'a document that is an array',
    () => client.postDocument({ db, document: [] as never }),
    'document',
    /not an array/,
  ],
  [
    'a document that is null',
    () => client.putDocument({ db, docId: 'a', document: null as never }),
    'document',
    /not null/,
  ],
  [
    'a document that is a Map',
    () => client.putDocument({ db, docId: 'a', document: new Map() as never }),
    'document',
    /not a Map/,
  ],
  [
    'a circular document',
    () => client.putDocument({ db, docId: 'a', document: circular() }),
    'document.self',
    /circular/,
  ],
  [
    'a circular document, nested',
    () => client.postDocument({ db, document: { _id: 'a', x: { y: circular() } } }),
    'document.x.y.self',
    /circular/,
  ],
  [
    'a circular document in bulk',
    () => client.postBulkDocs({ db, docs: [{ n: 1 }, { _id: 'b', z: [circular()] }] }),
    'docs.1.z.0.self',
    /circular/,
  ],
  [
    'a design document that is an array',
    () => client.putDesignDocument({ db, ddoc: 'd', document: [] as never }),
    'document',
    /array/,
  ],
  [
    'a local document that is circular',
    () => client.putLocalDocument({ db, docId: 'cp', document: circular() }),
    'document.self',
    /circular/,
  ],
  [
    'docs a string',
    () => client.postBulkDocs({ db, docs: '[]' as never }),
    'docs',
    /array of documents/,
  ],
  ['bulk get ids', () => client.postBulkGet({ db, docs: [{ id: '' }] }), 'docs.0.id', /empty/],
  [
    'revs diff not revisions',
    () => client.postRevsDiff({ db, revs: { a: ['x'] } }),
    'revs.a.0',
    /revision/,
  ],
  [
    'security an array',
    () => client.putSecurity({ db, security: [] as never }),
    'security',
    /object/,
  ],
  ['revs limit 0', () => client.putRevsLimit({ db, limit: 0 }), 'limit', /1 or more/],
  ['q NaN', () => client.putDatabase({ db, q: Number.NaN }), 'q', /number/],
  ['uuid count 0', () => client.getUuids({ count: 0 }), 'count', /1 or more/],
  ['dbs info keys', () => client.postDbsInfo({ keys: 'db' as never }), 'keys', /array of strings/],
  [
    'a content type with a line break',
    () =>
      client.putAttachment({
        db,
        docId: 'a',
        attachmentName: 'f',
        body: 'x',
        contentType: 'text/plain\r\nx: y',
      }),
    'contentType',
    /header/,
  ],
  [
    'an attachment body that is a number',
    () =>
      client.putAttachment({
        db,
        docId: 'a',
        attachmentName: 'f',
        body: 1 as never,
        contentType: 'text/plain',
      }),
    'body',
    /bytes/,
  ],
  [
    'an index that is an array',
    () => client.postIndex({ db, index: [] as never }),
    'index',
    /object/,
  ],
  ['a page size of 0', () => client.paginateAllDocs({ db, pageSize: 0 }), 'pageSize', /1 or more/],
  [
    'a pager with a bad limit',
    () => client.paginateFind({ db, selector: {}, skip: -1 } as never),
    'skip',
    /0 or more/,
  ],
  [
    'a stream of changes with a bad limit',
    () => client.streamChanges({ db, limit: -1 }),
    'limit',
    /0 or more/,
  ],
  [
    'a signal that is not one',
    () => client.getDatabaseInformation({ db, signal: {} as never }),
    'signal',
    /AbortSignal/,
  ],
  [
    'a call retry of NaN',
    () => client.getDatabaseInformation({ db, retry: Number.NaN }),
    'retry',
    /whole number/,
  ],
  [
    'a call retry with a bad limit',
    () => client.getDatabaseInformation({ db, retry: { limit: -1 } }),
    'retry.limit',
    /0 or more/,
  ],
];

describe('each parameter with its rule, before any request', () => {
  it.each(cases)('%s', async (_, run, path, message) => {
    const error = await refusal(run);
    expect(paths(error)).toContain(path);
    expect(error.issues.find((i) => i.path === path)?.message).toMatch(message);
  });

  it('names every bad field at once', async () => {
    const error = await refusal(() =>
      client.postAllDocs({ db: 'Bad', limit: -1, descending: 1 as never }),
    );
    expect(paths(error).sort()).toEqual(['db', 'descending', 'limit']);
  });

  it('accepts what the rules allow', async () => {
    await client
      .getDocument({ db, docId: 'a', rev: '12-967A00dff5e02add41819138abb3284d' })
      .catch(() => undefined);
    await client.deleteLocalDocument({ db, docId: 'cp', rev: '0-1' }).catch(() => undefined);
    await client
      .postChanges({ db, since: 'now', limit: 0, timeout: 0, heartbeat: true })
      .catch(() => undefined);
    await client.postChanges({ db, since: [2, 'g1AAAA'], seqInterval: 1 }).catch(() => undefined);
    await client
      .putDocument({ db, docId: 'a', document: new TextEncoder().encode('{"a":1}') })
      .catch(() => undefined);
    expect(server.requests).toHaveLength(5);
  });
});

describe('options, checked when the client is made', () => {
  const made = (options: unknown) => {
    try {
      createDocDbClient(options as DocDbClientOptions);
    } catch (error) {
      expect(isInputValidationError(error), String(error)).toBe(true);
      return error as InputValidationError;
    }
    throw new Error('no error');
  };
  const url = 'http://127.0.0.1:5984';
  it.each<[string, unknown, string, RegExp]>([
    ['not a url', { url: 'not a url' }, 'url', /absolute http/],
    ['another protocol', { url: 'ftp://host/' }, 'url', /absolute http/],
    ['no url', {}, 'url', /required/],
    ['a timeout of NaN', { url, timeout: Number.NaN }, 'timeout', /whole number of ms/],
    ['a negative timeout', { url, timeout: -1 }, 'timeout', /whole number of ms/],
    ['a timeout setTimeout cannot hold', { url, timeout: 1e12 }, 'timeout', /2147483647/],
    ['a bad deadline', { url, timeout: { deadline: 0.5 } }, 'timeout.deadline', /whole number/],
    ['a retry of NaN', { url, retry: Number.NaN }, 'retry', /whole number \(the limit\)/],
    ['a retry of -1', { url, retry: -1 }, 'retry', /whole number \(the limit\)/],
    ['a retry limit of 1.5', { url, retry: { limit: 1.5 } }, 'retry.limit', /whole/],
    [
      'an infinite base delay',
      { url, retry: { baseDelay: Infinity } },
      'retry.baseDelay',
      /number of milliseconds/,
    ],
    [
      'a status that is none',
      { url, retry: { statusCodes: [99] } },
      'retry.statusCodes.0',
      /HTTP status/,
    ],
    ['a header with a line break', { url, headers: { 'x-a': '1\n2' } }, 'headers', /control/],
    ['an auth that is not one', { url, auth: 'secret' }, 'auth', /auth provider/],
    [
      'validateResponses a string',
      { url, validateResponses: 'yes' },
      'validateResponses',
      /true or false/,
    ],
  ])('%s', (_, options, path, message) => {
    const error = made(options);
    expect(error.subject).toBe('createDocDbClient options');
    expect(error.issues.find((i) => i.path === path)?.message).toMatch(message);
  });

  it('refuses options that are not an object', () => {
    expect(made(null).message).toMatch(/must be an object of options/);
    expect(made([]).message).toMatch(/must be an object of options/);
  });

  it('never repeats the value it refuses (a URL may carry a password)', () => {
    const error = made({ url: 'http://admin:Sup3r-secret@ host/', timeout: 'Sup3r-secret' });
    expect(JSON.stringify(error)).not.toContain('Sup3r-secret');
    expect(error.message).not.toContain('Sup3r-secret');
  });
});

import { isInputValidationError } from '@connectorkit/http-core';
import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocDbClient, type DocDbClient } from './index.js';
import { createCouchDbSimulator } from './testing/index.js';

/*
 * Every name a caller gives becomes one path segment. A `.` or `..` segment would be resolved
 * away by URL parsing (`DELETE /victim/.?rev=` is `DELETE /victim/?rev=`, a database delete), so
 * it is refused before any request; anything else is sent percent-encoded as one segment.
 */

const sim = createCouchDbSimulator();
const lines: string[] = [];
let server: LoopbackServer;
let client: DocDbClient;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    lines.push(`${req.method} ${req.url}`);
    return sim.handler(req, res);
  });
  client = createDocDbClient({ url: server.url, retry: { limit: 0 } });
});
afterAll(() => server.close());

beforeEach(async () => {
  if (await client.headDatabase({ db: 'victim' })) await client.deleteDatabase({ db: 'victim' });
  await client.putDatabase({ db: 'victim' });
  await client.putDocument({ db: 'victim', docId: 'keep', document: { n: 1 } });
  lines.length = 0;
});

const rev = '1-967a00dff5e02add41819138abb3284d';
type Call = (segment: string) => Promise<unknown>;

const calls: Record<string, Call> = {
  'deleteDocument docId': (docId) => client.deleteDocument({ db: 'victim', docId, rev }),
  'getDocument docId': (docId) => client.getDocument({ db: 'victim', docId }),
  'putDocument docId': (docId) => client.putDocument({ db: 'victim', docId, document: {} }),
  'headDocument docId': (docId) => client.headDocument({ db: 'victim', docId }),
  'getDesignDocument ddoc': (ddoc) => client.getDesignDocument({ db: 'victim', ddoc }),
  'deleteDesignDocument ddoc': (ddoc) => client.deleteDesignDocument({ db: 'victim', ddoc, rev }),
  'putLocalDocument docId': (docId) =>
    client.putLocalDocument({ db: 'victim', docId, document: {} }),
  'deleteLocalDocument docId': (docId) =>
    client.deleteLocalDocument({ db: 'victim', docId, rev: '0-1' }),
  'putAttachment attachmentName': (attachmentName) =>
    client.putAttachment({
      db: 'victim',
      docId: 'keep',
      attachmentName,
      body: 'x',
      contentType: 'text/plain',
    }),
  'deleteAttachment docId': (docId) =>
    client.deleteAttachment({ db: 'victim', docId, attachmentName: 'a.txt', rev }),
  'postView view': (view) => client.postView({ db: 'victim', ddoc: 'd', view }),
  'postView ddoc': (ddoc) => client.postView({ db: 'victim', ddoc, view: 'v' }),
  'postSearch index': (index) =>
    client.postSearch({ db: 'victim', ddoc: 'd', index, query: '*:*' }),
  'deleteIndex type': (type) =>
    client.deleteIndex({ db: 'victim', ddoc: 'd', index: 'i', type: type as 'json' }),
  'deleteIndex index': (index) => client.deleteIndex({ db: 'victim', ddoc: 'd', index }),
  'getPartitionInformation partitionKey': (partitionKey) =>
    client.getPartitionInformation({ db: 'victim', partitionKey }),
};

describe('a hostile path segment never reaches another resource', () => {
  for (const [name, call] of Object.entries(calls)) {
    it.each(['.', '..', ''])(`${name} = %j: a named error, no request`, async (segment) => {
      const error = await call(segment).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isInputValidationError(error)).toBe(true);
      expect((error as Error).message).toMatch(new RegExp(name.split(' ')[1] as string));
      expect(lines).toEqual([]);
      expect(await client.getDocument({ db: 'victim', docId: 'keep' })).toMatchObject({ n: 1 });
    });
  }
});

describe('the request line a caller’s names produce', () => {
  const cases: [string, () => Promise<unknown>, string][] = [
    [
      'an id with a slash',
      () => client.getDocument({ db: 'victim', docId: 'a/b' }),
      'GET /victim/a%2Fb',
    ],
    [
      'an id made of encoded dots',
      () => client.getDocument({ db: 'victim', docId: '%2e%2e' }),
      'GET /victim/%252e%252e',
    ],
    [
      'an id that starts with dots',
      () => client.getDocument({ db: 'victim', docId: '..a' }),
      'GET /victim/..a',
    ],
    [
      'an id with a query and a fragment',
      () => client.getDocument({ db: 'victim', docId: 'x?rev=1#y' }),
      'GET /victim/x%3Frev%3D1%23y',
    ],
    [
      'a design id with its prefix',
      () => client.getDesignDocument({ db: 'victim', ddoc: '_design/d' }),
      'GET /victim/_design/d',
    ],
    [
      'a design id with a slash',
      () => client.getDesignDocument({ db: 'victim', ddoc: 'a/b' }),
      'GET /victim/_design/a%2Fb',
    ],
    [
      'an attachment name with a slash and dots',
      () => client.getAttachment({ db: 'victim', docId: 'keep', attachmentName: 'a/../b' }),
      'GET /victim/keep/a%2F..%2Fb',
    ],
    [
      'a database name with a slash',
      () => client.getDatabaseInformation({ db: 'a/b' }),
      'GET /a%2Fb',
    ],
  ];

  it.each(cases)('%s', async (_, call, line) => {
    await call().catch(() => undefined);
    expect(lines).toEqual([line]);
  });
});

describe('the simulator, as CouchDB', () => {
  it('refuses DELETE of a database with ?rev= and keeps it', async () => {
    const response = await fetch(`${server.url}/victim/?rev=${rev}`, { method: 'DELETE' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'bad_request',
      reason:
        'You tried to DELETE a database with a ?=rev parameter. Did you mean to DELETE a document instead?',
    });
    expect(await client.getDocument({ db: 'victim', docId: 'keep' })).toMatchObject({ n: 1 });
  });
});

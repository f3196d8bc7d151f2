import {
  type AuthProvider,
  basicAuth,
  couchDbSessionAuth,
  type HttpLogEvent,
  iamAuth,
  isSdkError,
} from '@connectorkit/http-core';
import {
  type LoopbackServer,
  startLoopbackServer,
  visibleText,
} from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDocDbClient,
  type DocDbClient,
  isBadRequestError,
  isConflictError,
  isDocDbError,
  isForbiddenError,
  isNotFoundError,
  isPreconditionFailedError,
  isUnauthorizedError,
} from './index.js';

/*
 * A server that echoes every header and cookie it receives into its error bodies, its response
 * headers and its status text: every error the client throws, with each auth type, shows none of
 * the credentials to whoever reads it (message, stack, fields, JSON, inspect, log events).
 */

const USER = 'sweep-user';
const PASSWORD = 'Pa55-word-sweep';
const APIKEY = 'iam-apikey-sweep-0123456789';
const COOKIE = 'AuthSession=c2Vzc2lvbi1zZWNyZXQtc3dlZXA';
let tokens = 0;
const issued: string[] = [];

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path === '/identity/token') {
      const token = `iam-token-sweep-${++tokens}-abcdefghijklmnop`;
      issued.push(token);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          access_token: token,
          refresh_token: `refresh-${token}`,
          token_type: 'Bearer',
          expires_in: 3600,
          expiration: Math.floor(Date.now() / 1000) + 3600,
        }),
      );
      return;
    }
    if (path === '/_session' && req.method === 'POST') {
      res.writeHead(200, {
        'content-type': 'application/json',
        'set-cookie': `${COOKIE}; Version=1; Path=/; HttpOnly; Max-Age=600`,
      });
      res.end(JSON.stringify({ ok: true, name: USER, roles: [] }));
      return;
    }
    const echo = JSON.stringify(req.headers);
    const echoHeaders: Record<string, string> = { 'content-type': 'application/json' };
    for (const [name, value] of Object.entries(req.headers)) {
      echoHeaders[`x-echo-${name}`] = String(value);
    }
    const echoed = Buffer.from(chunks.join('')).toString();
    const status = Number(/\/s(\d{3})/.exec(path)?.[1] ?? 200);
    if (status === 200) {
      // A 200 of the wrong shape, made of everything received.
      res.writeHead(200, echoHeaders);
      res.end(JSON.stringify([echo, echoed]));
      return;
    }
    const statusText = `Echo ${Object.values(req.headers).join(' ')}`.replace(/[^\x20-\x7e]/g, '');
    res.writeHead(status, statusText, {
      ...echoHeaders,
      'set-cookie': `echo=${encodeURIComponent(echo)}`,
      'www-authenticate': `Basic realm="${req.headers.authorization ?? ''}"`,
    });
    res.end(
      JSON.stringify({ error: `echo ${req.headers.authorization}`, reason: `${echo} ${echoed}` }),
    );
  });
});
afterAll(() => server.close());

const secrets = () => [
  PASSWORD,
  Buffer.from(`${USER}:${PASSWORD}`).toString('base64'),
  APIKEY,
  COOKIE,
  COOKIE.split('=')[1] as string,
  ...issued,
];

const auths: [string, () => AuthProvider | undefined, (url: string) => string][] = [
  ['basic auth', () => basicAuth({ username: USER, password: PASSWORD }), (url) => url],
  [
    'credentials in the URL',
    () => undefined,
    (url) => url.replace('://', `://${USER}:${encodeURIComponent(PASSWORD)}@`),
  ],
  [
    'a CouchDB session cookie',
    () => couchDbSessionAuth({ username: USER, password: PASSWORD }),
    (url) => url,
  ],
  ['IAM bearer tokens', () => iamAuth({ apikey: APIKEY, url: server.url }), (url) => url],
];

type Call = [
  string,
  (client: DocDbClient) => Promise<unknown> | AsyncIterable<unknown>,
  (e: unknown) => boolean,
];
const calls: Call[] = [
  ['400', (c) => c.getDocument({ db: 'db', docId: 's400' }), isBadRequestError],
  ['401', (c) => c.getDocument({ db: 'db', docId: 's401' }), isUnauthorizedError],
  ['403', (c) => c.getDatabaseInformation({ db: 's403' }), isForbiddenError],
  ['404', (c) => c.getDocument({ db: 'db', docId: 's404' }), isNotFoundError],
  ['409', (c) => c.putDocument({ db: 'db', docId: 's409', document: { a: 1 } }), isConflictError],
  ['412', (c) => c.putDatabase({ db: 's412' }), isPreconditionFailedError],
  ['500', (c) => c.postAllDocs({ db: 's500' }), isDocDbError],
  ['429', (c) => c.postBulkDocs({ db: 's429', docs: [{ _id: 'a' }] }), isDocDbError],
  ['a 200 of the wrong shape', (c) => c.getDocument({ db: 'db', docId: 'shape' }), isSdkError],
  ['a bad changes row', (c) => c.streamChanges({ db: 'db' }), isSdkError],
  ['a pager', (c) => c.paginateAllDocs({ db: 's404' }), isNotFoundError],
];

async function failure(run: () => Promise<unknown> | AsyncIterable<unknown>): Promise<unknown> {
  try {
    const out = run();
    if (Symbol.asyncIterator in (out as object)) {
      for await (const _ of out as AsyncIterable<unknown>) {
        // read to the end or the error
      }
    } else await out;
  } catch (error) {
    return error;
  }
  throw new Error('the call did not fail');
}

describe('no credential in any error or log event', () => {
  for (const [label, auth, url] of auths) {
    it.each(calls)(`${label}: %s`, async (_, call, kind) => {
      const events: HttpLogEvent[] = [];
      const provider = auth();
      const client = createDocDbClient({
        url: url(server.url),
        ...(provider ? { auth: provider } : {}),
        retry: { limit: 1, sleep: async () => {} },
        logger: (event) => events.push(event),
      });
      const error = await failure(() => call(client));
      expect(kind(error), String(error)).toBe(true);
      const text = visibleText(error, events);
      for (const secret of secrets()) expect(text).not.toContain(secret);
    });
  }

  it('the sweep sees what the server echoed (it would catch a leak)', async () => {
    const response = await fetch(`${server.url}/db/s400`, {
      headers: { authorization: `Basic ${secrets()[1]}` },
    });
    expect(await response.text()).toContain(secrets()[1]);
    expect(response.headers.get('x-echo-authorization')).toContain(secrets()[1]);
  });
});

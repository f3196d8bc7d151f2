import type { IncomingMessage, ServerResponse } from 'node:http';
import { createDocDbClient } from '@connectorkit/doc-db-client';
import { basicAuth, couchDbSessionAuth, isSdkError } from '@connectorkit/http-core';
import {
  type LoopbackServer,
  startLoopbackServer,
  visibleText,
} from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangesFollower } from './index.js';

/*
 * Whatever goes wrong, the credentials stay out of every rendering of the follower's errors, with
 * Basic auth (as an auth provider or in the URL) and with cookie auth, against a server that
 * echoes the request's headers in its error bodies, in answers of the wrong form, and in bodies
 * it cuts short.
 */

const USER = 'sweep-user';
const PASSWORD = 'sweep-Pa55-word-Q7';
const COOKIE = 'c3dlZXAtY29va2llLXZhbHVlLXNlY3JldA';
const TOKEN = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const SECRETS = [PASSWORD, TOKEN, COOKIE];

type Reply = (res: ServerResponse, echo: string) => void;
let reply: Reply = () => {};
let credentialsSeen = 0;
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    if (req.url?.startsWith('/_session')) {
      res.writeHead(200, {
        'content-type': 'application/json',
        'set-cookie': `AuthSession=${COOKIE}; Version=1; Path=/; HttpOnly`,
      });
      res.end('{"ok":true,"name":"sweep-user","roles":[]}');
      return;
    }
    const credentials = `${req.headers.authorization ?? ''} ${req.headers.cookie ?? ''}`;
    if (credentials.includes(TOKEN) || credentials.includes(COOKIE)) credentialsSeen++;
    reply(res, `${JSON.stringify(req.headers)} ${credentials}`);
  });
});
afterAll(() => server.close());

const json =
  (status: number, body: (echo: string) => unknown): Reply =>
  (res, echo) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-echo': echo.slice(-200) });
    const value = body(echo);
    res.end(typeof value === 'string' ? value : JSON.stringify(value));
  };
const q = (echo: string) => JSON.stringify(echo);

const REPLIES: [string, Reply, boolean][] = [
  ['500 echoing', json(500, (e) => ({ error: 'boom', reason: e })), false],
  ['400 echoing', json(400, (e) => ({ error: 'bad_request', reason: e })), false],
  ['401 echoing', json(401, (e) => ({ error: 'unauthorized', reason: e })), false],
  ['403 echoing', json(403, (e) => ({ error: 'forbidden', reason: e })), false],
  ['200, results not an array', json(200, (e) => ({ results: e, last_seq: 1 })), false],
  ['200, last_seq an object', json(200, (e) => ({ results: [], last_seq: { echo: e } })), false],
  [
    '200, a row of the wrong form',
    json(200, (e) => ({ results: [{ id: 1, echo: e }], last_seq: 1 })),
    false,
  ],
  ['200, invalid JSON', json(200, (e) => `{"results":[{"id":${q(e)},}],"last_seq":1}`), false],
  ['200, text', json(200, (e) => e), false],
  [
    '200 cut short mid-body',
    (res, echo) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`{"results":[\n{"id":${q(echo)},"changes":[]},\n`);
      setImmediate(() => res.socket?.destroy());
    },
    false,
  ],
  ['GET /{db}: 200 of the wrong form', json(200, (e) => ({ echo: e, doc_count: 'x' })), true],
  ['GET /{db}: 500 echoing', json(500, (e) => ({ error: 'boom', reason: e })), true],
];

const AUTHS: [string, () => Parameters<typeof createDocDbClient>[0]][] = [
  [
    'basic auth',
    () => ({ url: server.url, auth: basicAuth({ username: USER, password: PASSWORD }) }),
  ],
  ['credentials in the URL', () => ({ url: server.url.replace('//', `//${USER}:${PASSWORD}@`) })],
  [
    'cookie auth',
    () => ({ url: server.url, auth: couchDbSessionAuth({ username: USER, password: PASSWORD }) }),
  ],
];

const cases = AUTHS.flatMap(([auth, options]) =>
  REPLIES.flatMap(([what, handler, setup]) =>
    [true, false]
      // Without validation a row of the wrong form is handed over as it is, not an error.
      .filter((validate) => validate || !what.includes('a row of the wrong form'))
      .map((validate) => [auth, what, validate, options, handler, setup] as const),
  ),
);

describe('no rendering of a follower error shows a credential', () => {
  it.each(cases)(
    '%s, %s (validateResponses %s)',
    async (_, __, validate, options, handler, setup) => {
      reply = handler;
      credentialsSeen = 0;
      const events: unknown[] = [];
      const client = createDocDbClient({
        ...options(),
        validateResponses: validate,
        logger: (event) => events.push(event),
      });
      let error: unknown;
      try {
        for await (const _ of new ChangesFollower({
          client,
          db: 'feed',
          errorTolerance: 0,
          ...(setup ? { includeDocs: true } : {}),
          sleep: async () => {},
        }).startOneOff()) {
          // drain
        }
      } catch (e) {
        error = e;
      }
      expect(isSdkError(error), String(error)).toBe(true);
      expect(credentialsSeen).toBeGreaterThan(0);
      const seen = visibleText(error, events);
      for (const secret of SECRETS) expect(seen).not.toContain(secret);
    },
  );
});

import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type LoopbackServer,
  startLoopbackServer,
  visibleText,
} from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toErrorXml } from './error-xml.js';
import { HttpPushAPI, type PushAPI, PushAPIVersion } from './index.js';

/*
 * The login and password (and their Basic token) never appear in anything a reader of an error
 * sees, even when the server echoes the request's headers back in its error bodies and headers.
 */

const LOGIN = 'sweep-login-7Q';
const PASSWORD = 'sweep-Pa55word-Z9';
const TOKEN = Buffer.from(`${LOGIN}:${PASSWORD}`).toString('base64');
const SECRETS = [LOGIN, PASSWORD, TOKEN];

type Reply = (req: IncomingMessage, res: ServerResponse, echo: string) => void;
let reply: Reply = () => {};
let lastAuthorization: string | undefined;
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    lastAuthorization = req.headers.authorization;
    req.resume();
    const echo = `${JSON.stringify(req.headers)} Authorization: ${req.headers.authorization ?? ''}`;
    reply(req, res, echo);
  });
});
afterAll(() => server.close());

const send =
  (status: number, type: string, body: (echo: string) => string): Reply =>
  (req, res, echo) => {
    res.writeHead(status, {
      'content-type': type,
      'x-echo-authorization': req.headers.authorization ?? '',
    });
    res.end(body(echo));
  };
const xml = (status: number, type: string) =>
  send(status, 'application/xml', (echo) =>
    toErrorXml({ type, shortMessage: echo, message: echo }),
  );

const CASES: [string, string, Reply, (api: PushAPI) => Promise<unknown>][] = [
  ['InvalidConnectorException', '401', send(401, 'text/plain', (e) => e), (a) => a.ping()],
  ['InvalidConnectorNameError', '400 XML', xml(400, 'InvalidConnectorNameError'), (a) => a.ping()],
  ['InvalidParameterError', '400 XML', xml(400, 'InvalidParameterError'), (a) => a.sync()],
  ['PushAPISessionMismatchException', '400 XML', xml(400, 'SessionMismatchError'), (a) => a.sync()],
  ['UnknownError', '500 XML', xml(500, 'UnknownError'), (a) => a.sync()],
  ['UnknownErrorException', '500 text', send(500, 'text/plain', (e) => e), (a) => a.sync()],
  [
    'UnknownErrorException',
    '405 HTML',
    send(405, 'text/html', (e) => `<p>${e}</p>`),
    (a) => a.sync(),
  ],
  [
    'ServerUnavailableException',
    '503 after retries',
    send(503, 'text/plain', (e) => e),
    (a) => a.ping(),
  ],
  [
    'ServerUnavailableException',
    'a reset mid-body',
    (_, res, echo) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100000' });
      res.write(echo);
      setImmediate(() => res.socket?.destroy());
    },
    (a) => a.countSyncedEntries('', 'RECURSIVE_DOCUMENTS'),
  ],
  [
    'InvalidResponseError',
    '200 echo to a read',
    send(200, 'text/plain', (e) => e),
    (a) => a.countSyncedEntries('', 'RECURSIVE_DOCUMENTS'),
  ],
  [
    'InvalidResponseError',
    '200 echo to a write',
    send(200, 'text/plain', (e) => e),
    (a) => a.sync(),
  ],
  [
    'InvalidResponseError',
    '200 echo to a status list',
    send(200, 'text/plain', (e) => `${e}\n`),
    (a) => a.getDocumentStatusList(['a']),
  ],
];

function expectNoSecret(error: unknown, events: unknown[]): void {
  const seen = visibleText(error, events);
  for (const secret of SECRETS) expect(seen).not.toContain(secret);
}

describe('no rendering of any error shows the credentials', () => {
  it.each(CASES)('%s (%s)', async (name, _, handler, call) => {
    reply = handler;
    lastAuthorization = undefined;
    const events: unknown[] = [];
    const api = new HttpPushAPI({
      version: PushAPIVersion.PAPI_V4,
      host: '127.0.0.1',
      port: server.port,
      connectorName: 'files',
      connectorType: 'fs',
      login: LOGIN,
      password: PASSWORD,
      retry: { limit: 1, sleep: async () => {} },
      logger: (event) => events.push(event),
    });
    const error = await call(api).catch((e: unknown) => e);
    expect((error as Error).name).toBe(name);
    // The server did receive (and echo) the credentials; the error shows what it echoed, redacted
    // (a body cut short is not kept at all).
    expect(lastAuthorization).toBe(`Basic ${TOKEN}`);
    if (!name.startsWith('ServerUnavailable'))
      expect(visibleText(error, events)).toContain('[REDACTED]');
    expectNoSecret(error, events);
  });

  it('refusing the server (connection refused) shows no credentials', async () => {
    const closed = await startLoopbackServer(() => {});
    await closed.close();
    const events: unknown[] = [];
    const api = new HttpPushAPI(
      PushAPIVersion.PAPI_V4,
      '127.0.0.1',
      closed.port,
      'files',
      'fs',
      LOGIN,
      PASSWORD,
    );
    const error = await api.ping().catch((e: unknown) => e);
    expect((error as Error).name).toBe('ServerUnavailableException');
    expectNoSecret(error, events);
  });

  it.each([
    ['a login with ":"', { login: `${LOGIN}:x`, password: PASSWORD }],
    ['a password with a control character', { login: LOGIN, password: `${PASSWORD}\u0000` }],
    ['a login without a password', { login: LOGIN, password: null }],
    ['a password without a login', { login: null, password: PASSWORD }],
    ['a login that is not a string', { login: [LOGIN], password: PASSWORD }],
  ])('refusing %s shows neither', (_, credentials) => {
    let error: unknown;
    try {
      new HttpPushAPI({
        version: PushAPIVersion.PAPI_V4,
        host: '127.0.0.1',
        port: server.port,
        connectorName: 'files',
        connectorType: 'fs',
        ...(credentials as object),
      });
    } catch (e) {
      error = e;
    }
    expect((error as Error).name).toBe('InvalidParameterError');
    expectNoSecret(error, []);
  });

  it('session errors raised by the client itself show none', async () => {
    reply = send(200, 'text/plain', () => '42');
    const api = new HttpPushAPI(
      PushAPIVersion.PAPI_V4,
      '127.0.0.1',
      server.port,
      'files',
      'fs',
      LOGIN,
      PASSWORD,
    );
    const notFound = await api.stopPushSession().catch((e: unknown) => e);
    await api.startPushSession();
    const exists = await api.startPushSession().catch((e: unknown) => e);
    expect([(notFound as Error).name, (exists as Error).name]).toEqual([
      'PushAPISessionNotFoundException',
      'PushAPISessionExistsException',
    ]);
    expectNoSecret(notFound, []);
    expectNoSecret(exists, []);
  });
});

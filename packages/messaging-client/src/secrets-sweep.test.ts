import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpLogEvent } from '@connectorkit/http-core';
import {
  createSelfSignedCertificate,
  type LoopbackServer,
  startLoopbackServer,
  visibleText,
} from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AmsMessage,
  AmsUser,
  ArgoMessagingService,
  isAmsBalancerException,
  isAmsConnectionException,
  isAmsServiceException,
  isAmsTimeoutException,
} from './index.js';

/*
 * A server that echoes every request header and the request line into its error bodies, its
 * response headers and its status text. Whatever error the package throws, nothing a reader sees
 * of it or of the log events holds the token (x-api-key), a token sent in the path
 * (getUserByToken), the token an x509 login got, a user token in an answer, or the client key.
 */

const TOKEN = 'ams-T0ken-5f3a9c2e';
const PATH_TOKEN = 'path-T0ken-81b7d4';
const X509_TOKEN = 'x509-T0ken-c0ffee42';
const USER_TOKEN = 'user-T0ken-9d8e7f';
const clientCert = createSelfSignedCertificate({ commonName: 'connector-host' });
const KEY_LINE = clientCert.key.split('\n')[1] ?? '';
const SECRETS = [TOKEN, PATH_TOKEN, X509_TOKEN, USER_TOKEN, KEY_LINE];

type Mode =
  | { kind: 'json'; status: number }
  | { kind: 'html'; status: number }
  | { kind: 'notJson' }
  | { kind: 'wrongShape' }
  | { kind: 'reset' }
  | { kind: 'stall' };

let mode: Mode = { kind: 'json', status: 404 };
let ams: LoopbackServer;
let authn: LoopbackServer;

function echo(req: IncomingMessage): string {
  const headers = Object.entries(req.headers).map(([name, value]) => `${name}=${String(value)}`);
  return `${req.method} ${req.url} ${headers.join(' ')}`;
}

function answer(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  const seen = echo(req);
  const headers = { 'x-echo': seen, 'set-cookie': `s=${seen}` };
  switch (mode.kind) {
    case 'json':
      res.writeHead(mode.status, seen, {
        ...headers,
        'content-type': 'application/json',
        ...(mode.status === 429 ? { 'retry-after': '3600' } : {}),
      });
      res.end(JSON.stringify({ error: { code: mode.status, message: seen, status: seen } }));
      return;
    case 'html':
      res.writeHead(mode.status, seen, { ...headers, 'content-type': 'text/html' });
      res.end(`<html><body>${seen}</body></html>`);
      return;
    case 'notJson':
      res.writeHead(200, seen, { ...headers, 'content-type': 'application/json' });
      res.end(`{"echo": ${seen}`);
      return;
    case 'wrongShape':
      res.writeHead(200, seen, { ...headers, 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          name: 5,
          token: USER_TOKEN,
          echo: seen,
          users: [{ name: 5, token: USER_TOKEN }],
          topics: seen,
          subscriptions: seen,
          receivedMessages: [{ ackId: seen }],
        }),
      );
      return;
    case 'reset':
      req.socket.destroy();
      return;
    case 'stall':
      return;
  }
}

beforeAll(async () => {
  ams = await startLoopbackServer(answer);
  const serverCert = createSelfSignedCertificate({ commonName: '127.0.0.1' });
  authn = await startLoopbackServer(
    (req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token: X509_TOKEN }));
    },
    { tls: { ...serverCert, requestCert: true } },
  );
  caCert = serverCert.cert;
  both = clients(events);
});
afterAll(async () => {
  await ams.close();
  await authn.close();
});
let caCert = '';
/** The log events of the client calls since the last `events.length = 0`. */
const events: HttpLogEvent[] = [];
let both: ReturnType<typeof clients>;

function clients(log: HttpLogEvent[], timeout = 5_000) {
  const common = {
    endpoint: ams.url,
    project: 'P',
    retry: { limit: 1, sleep: async () => {} },
    timeout,
    logger: (e: HttpLogEvent) => log.push(e),
  };
  return {
    token: new ArgoMessagingService({ ...common, token: TOKEN }),
    x509: new ArgoMessagingService({
      ...common,
      cert: clientCert.cert,
      key: clientCert.key,
      authnUrl: `${authn.url}/v1/service-types/ams/hosts/127.0.0.1:authx509`,
      tls: { ca: caCert },
    }),
  };
}

type Call = (client: ArgoMessagingService) => Promise<unknown>;
const ackId = 'projects/P/subscriptions/s:1';
const CALLS: Record<string, Call> = {
  getTopic: (c) => c.getTopic('t'),
  listTopics: (c) => c.listTopics(),
  createSub: (c) => c.createSub('s', 't'),
  publish: (c) => c.publish('t', new AmsMessage({ data: 'x' })),
  pullSub: (c) => c.pullSub('s'),
  ackSub: (c) => c.ackSub('s', [ackId]),
  modifyoffsetSub: (c) => c.modifyoffsetSub('s', 1),
  getUserByToken: (c) => c.getUserByToken(PATH_TOKEN),
  createUser: (c) => c.createUser(new AmsUser({ name: 'u', token: USER_TOKEN })),
  refreshUserToken: (c) => c.refreshUserToken('u'),
  listUsers: (c) => c.listUsers(),
  getProjectMember: (c) => c.getProjectMember('u'),
};

const ANSWER_EMPTY = new Set(['ackSub', 'modifyoffsetSub']);

const MODES: [string, Mode, (e: unknown) => boolean][] = [
  ['400 envelope', { kind: 'json', status: 400 }, isAmsServiceException],
  ['401 envelope', { kind: 'json', status: 401 }, isAmsServiceException],
  ['404 envelope', { kind: 'json', status: 404 }, isAmsServiceException],
  ['408 envelope', { kind: 'json', status: 408 }, isAmsTimeoutException],
  ['429 with a long Retry-After', { kind: 'json', status: 429 }, isAmsServiceException],
  ['500 envelope', { kind: 'json', status: 500 }, isAmsServiceException],
  ['502 balancer page', { kind: 'html', status: 502 }, isAmsBalancerException],
  ['504 balancer page', { kind: 'html', status: 504 }, isAmsBalancerException],
  ['500 HTML page', { kind: 'html', status: 500 }, isAmsBalancerException],
  ['200 not JSON', { kind: 'notJson' }, (e) => (e as Error).name === 'ResponseValidationError'],
  [
    '200 of the wrong shape',
    { kind: 'wrongShape' },
    (e) => (e as Error).name === 'ResponseValidationError',
  ],
  ['connection reset', { kind: 'reset' }, isAmsConnectionException],
];

function expectClean(error: unknown, events: readonly unknown[]) {
  const text = visibleText(error, events);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('no secret in any error or log event, whatever the server echoes', () => {
  for (const [label, m, guard] of MODES) {
    it(label, async () => {
      mode = m;
      for (const [name, call] of Object.entries(CALLS)) {
        for (const kind of ['token', 'x509'] as const) {
          events.length = 0;
          const error = await call(both[kind]).catch((e: unknown) => e);
          // Calls AMS answers with nothing accept any object: they resolve.
          const accepts = m.kind === 'wrongShape' && ANSWER_EMPTY.has(name);
          expect(accepts || guard(error), `${kind} ${name}: ${String(error)}`).toBe(true);
          expectClean(error, events);
          if (m.kind === 'json' || m.kind === 'html') {
            // The echo reached the error: the secrets were cut out, not never there.
            expect(visibleText(error)).toContain('[REDACTED]');
          }
        }
      }
    });
  }

  it('an attempt that times out', async () => {
    mode = { kind: 'stall' };
    for (const call of [CALLS.getTopic, CALLS.getUserByToken, CALLS.pullSub] as Call[]) {
      events.length = 0;
      const error = await call(clients(events, 30).token).catch((e: unknown) => e);
      expect(isAmsConnectionException(error)).toBe(true);
      expectClean(error, events);
    }
  });

  it('refused arguments and options never quote a secret', async () => {
    events.length = 0;
    const refusals = [
      () => new ArgoMessagingService({ endpoint: ams.url, project: 'P', token: `${TOKEN}\n` }),
      () =>
        new ArgoMessagingService({ endpoint: `https://u:${TOKEN}@h`, project: 'P', token: 't' }),
      () =>
        new ArgoMessagingService({
          endpoint: ams.url,
          project: 'P',
          cert: 5 as never,
          key: clientCert.key,
        }),
      () => both.token.getUserByToken(`${PATH_TOKEN}/x`),
      () =>
        new AmsUser({
          token: 5 as never,
          name: USER_TOKEN as never,
          projects: USER_TOKEN as never,
        }),
    ];
    for (const refuse of refusals) {
      let error: unknown;
      try {
        await refuse();
      } catch (e) {
        error = e;
      }
      expect((error as Error).name).toBe('InputValidationError');
      expectClean(error, events);
    }
  });

  it('the clients themselves show no secret, after logging in', () => {
    expectClean(both.token, events);
    expectClean(both.x509, events);
  });
});

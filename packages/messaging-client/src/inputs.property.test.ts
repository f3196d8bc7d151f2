import { isInputValidationError } from '@connectorkit/http-core';
import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AmsMessage,
  AmsSubscription,
  AmsTopic,
  AmsUser,
  ArgoMessagingService,
  isAmsException,
  subscribe,
} from './index.js';
import { createAmsSimulator } from './testing/index.js';

/*
 * Hostile values for every argument of every public call, from a table: the call either throws
 * an InputValidationError with no request at the counting server, or sends only well-formed
 * requests (a known route, encoded segments, JSON bodies without null, NaN or "undefined", no
 * 400 for a malformed request) and fails, if at all, with an AmsException.
 */

const TOKEN = 'tok-property';
const sim = createAmsSimulator({ token: TOKEN, project: 'P', pullWaitMs: 5 });
interface Seen {
  method: string;
  url: string;
  key: string | undefined;
  body: string;
  status: number;
  answer: string;
}
let seen: Seen[] = [];
let server: LoopbackServer;
let ams: ArgoMessagingService;

beforeAll(async () => {
  server = await startLoopbackServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const request = new Request(`http://x${req.url}`, {
      method: req.method ?? 'GET',
      headers: { 'x-api-key': String(req.headers['x-api-key'] ?? '') },
      ...(body ? { body } : {}),
    });
    const answer = await sim.handler(request);
    const text = await answer.text();
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      key: req.headers['x-api-key'] as string | undefined,
      body,
      status: answer.status,
      answer: text,
    });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(text);
  });
  ams = new ArgoMessagingService({ endpoint: server.url, token: TOKEN, project: 'P', retry: 0 });
  await ams.createTopic('t');
  await ams.createSub('s', 't');
  await ams.createUser(
    new AmsUser({ name: 'u1', projects: [{ project: 'P', roles: ['consumer'] }] }),
  );
});
afterAll(() => server.close());

const circular: Record<string, unknown> = {};
circular.self = circular;

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    Number.NaN,
    -1,
    0,
    1.5,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    2 ** 60,
    '',
    ' ',
    '.',
    '..',
    '\u0000',
    '\ud800',
    'a/b',
    'a b',
    'a"b',
    '\r\n',
    'x'.repeat(5000),
    true,
    [],
    {},
    [null],
    circular,
    new Date(Number.NaN),
    () => 1,
    Symbol('s'),
    10n,
  ),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);

/** A valid value or a hostile one. */
const or = (...valid: unknown[]): fc.Arbitrary<unknown> =>
  fc.oneof(fc.constantFrom<unknown>(...valid), hostile);
/** The client (made in beforeAll, so read when a value is drawn) or a hostile value. */
const client = fc.oneof(
  fc.constant(0).map(() => ams),
  hostile,
);
/** An options object whose fields are valid or hostile, or a hostile value in its place. */
const opts = (fields: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constant(undefined),
    hostile,
    fc.record(
      {
        signal: or(new AbortController().signal),
        retry: or(0, 1),
        retrysleep: or(0),
        retrybackoff: or(0),
        timeout: or(5_000),
        headers: or(
          { 'x-request-id': 'r-1' },
          { 'x-api-key': 'other' },
          { 'x-a': 'line\r\nbreak' },
        ),
        ...fields,
      },
      { requiredKeys: [] },
    ),
  );

const topic = or('t', 'missing', '/projects/P/topics/t', 'projects/P/topics/t');
const sub = or('s', 'nope', '/projects/P/subscriptions/s');
const user = or('u1', 'admin', 'ghost');
const project = or('P', 'Q');
const message = () => new AmsMessage({ data: 'x', attributes: { k: 'v' } });
const wholeOr = (...valid: number[]): fc.Arbitrary<unknown> => or(...valid);
const sub0 = () =>
  new AmsSubscription(ams, {
    name: '/projects/P/subscriptions/s',
    topic: 't',
    ackDeadlineSeconds: 10,
  });

type Run = (...args: unknown[]) => unknown;
const TABLE: Record<string, [fc.Arbitrary<unknown>[], Run]> = {
  ArgoMessagingService: [
    [
      fc.oneof(
        hostile,
        fc.record(
          {
            endpoint: or('http://127.0.0.1:1', 'host.example:8443'),
            project: or('P'),
            token: or('tok'),
            retry: or(0, false, { limit: 1 }),
            timeout: or(1000, false, { response: 10 }),
            authnPort: or(8443),
            maxMessageBytes: or(1000),
            logger: or(() => {}),
          },
          { requiredKeys: [] },
        ),
      ),
    ],
    (o) => new ArgoMessagingService(o as never),
  ],
  createTopic: [
    [topic, opts({ schema: or('projects/P/schemas/s') })],
    (a, b) => ams.createTopic(a as never, b as never),
  ],
  getTopic: [[topic, opts()], (a, b) => ams.getTopic(a as never, b as never)],
  deleteTopic: [[or('gone'), opts()], (a, b) => ams.deleteTopic(a as never, b as never)],
  hasTopic: [[topic, opts()], (a, b) => ams.hasTopic(a as never, b as never)],
  topic: [[topic, opts()], (a, b) => ams.topic(a as never, b as never)],
  listTopics: [
    [opts({ pageSize: wholeOr(0, 1), pageToken: or('', 'MA==') })],
    (a) => ams.listTopics(a as never),
  ],
  iterTopics: [[opts({ pageSize: wholeOr(1) })], (a) => ams.iterTopics(a as never)],
  getaclTopic: [[topic, opts()], (a, b) => ams.getaclTopic(a as never, b as never)],
  modifyaclTopic: [
    [topic, or([], ['u1']), opts()],
    (a, b, c) => ams.modifyaclTopic(a as never, b as never, c as never),
  ],
  createSub: [
    [
      or('s2'),
      topic,
      opts({
        ackDeadlineSeconds: wholeOr(0, 600),
        pushEndpoint: or('https://hook.example/x'),
        retryPolicyType: or('linear', 'slowstart'),
        retryPolicyPeriod: wholeOr(300),
        maxMessages: wholeOr(1),
        authorizationHeader: or('autogen', 'disabled'),
        base64Decode: or(true),
      }),
    ],
    (a, b, c) => ams.createSub(a as never, b as never, c as never),
  ],
  getSub: [[sub, opts()], (a, b) => ams.getSub(a as never, b as never)],
  deleteSub: [[or('gone'), opts()], (a, b) => ams.deleteSub(a as never, b as never)],
  hasSub: [[sub, opts()], (a, b) => ams.hasSub(a as never, b as never)],
  subscription: [
    [sub, topic, opts({ ackDeadlineSeconds: wholeOr(10) })],
    (a, b, c) => ams.subscription(a as never, b as never, c as never),
  ],
  listSubs: [[opts({ pageSize: wholeOr(0), pageToken: or('') })], (a) => ams.listSubs(a as never)],
  iterSubs: [
    [fc.oneof(fc.constant(undefined), topic), opts()],
    (a, b) => ams.iterSubs(a as never, b as never),
  ],
  pushconfigSub: [
    [sub, opts({ pushEndpoint: or('https://hook.example/x'), maxMessages: wholeOr(2) })],
    (a, b) => ams.pushconfigSub(a as never, b as never),
  ],
  modifyAckDeadline: [
    [sub, wholeOr(0, 30, 600), opts()],
    (a, b, c) => ams.modifyAckDeadline(a as never, b as never, c as never),
  ],
  getaclSub: [[sub, opts()], (a, b) => ams.getaclSub(a as never, b as never)],
  modifyaclSub: [
    [sub, or(['u1']), opts()],
    (a, b, c) => ams.modifyaclSub(a as never, b as never, c as never),
  ],
  getoffsetsSub: [
    [sub, fc.oneof(or('max', 'min', 'current'), opts()), opts()],
    (a, b, c) => ams.getoffsetsSub(a as never, b as never, c as never),
  ],
  modifyoffsetSub: [
    [sub, wholeOr(0, 1, 99), opts()],
    (a, b, c) => ams.modifyoffsetSub(a as never, b as never, c as never),
  ],
  timeToOffsetSub: [
    [sub, or(new Date(0), new Date('9999-12-31T23:59:59.999Z')), opts()],
    (a, b, c) => ams.timeToOffsetSub(a as never, b as never, c as never),
  ],
  setPullopt: [
    [or('maxMessages', 'returnImmediately'), or(1, '2', true, 'false')],
    (a, b) => ams.setPullopt(a as never, b as never),
  ],
  getPullopt: [[or('maxMessages', 'returnImmediately')], (a) => ams.getPullopt(a as never)],
  publish: [
    [
      topic,
      fc.oneof(
        fc.constant(message()),
        fc.constant([message(), message()]),
        hostile,
        fc.array(hostile, { maxLength: 2 }),
      ),
      opts(),
    ],
    (a, b, c) => ams.publish(a as never, b as never, c as never),
  ],
  pullSub: [
    [sub, opts({ num: wholeOr(1, 3), returnImmediately: or(true, false) })],
    (a, b) => ams.pullSub(a as never, b as never),
  ],
  ackSub: [
    [sub, or(['projects/P/subscriptions/s:0'], ['projects/P/subscriptions/s:7']), opts()],
    (a, b, c) => ams.ackSub(a as never, b as never, c as never),
  ],
  pullackSub: [
    [sub, opts({ num: wholeOr(1), maxResets: wholeOr(0, 2) })],
    (a, b) => ams.pullackSub(a as never, b as never),
  ],
  seekToTime: [
    [sub, or(new Date(0)), opts()],
    (a, b, c) => ams.seekToTime(a as never, b as never, c as never),
  ],
  seekToStart: [[sub, opts()], (a, b) => ams.seekToStart(a as never, b as never)],
  seekToEnd: [[sub, opts()], (a, b) => ams.seekToEnd(a as never, b as never)],
  createUser: [
    [or(new AmsUser({ name: 'u2', email: 'e@x.org' })), opts()],
    (a, b) => ams.createUser(a as never, b as never),
  ],
  getUser: [[user, opts()], (a, b) => ams.getUser(a as never, b as never)],
  getUserByToken: [
    [or(TOKEN, 'unknown-token', 'a/b?c'), opts()],
    (a, b) => ams.getUserByToken(a as never, b as never),
  ],
  getUserByUuid: [[or('uuid-1'), opts()], (a, b) => ams.getUserByUuid(a as never, b as never)],
  getUserProfile: [[opts()], (a) => ams.getUserProfile(a as never)],
  listUsers: [
    [opts({ details: or(false), pageSize: wholeOr(1), pageToken: or(''), project: project })],
    (a) => ams.listUsers(a as never),
  ],
  iterUsers: [[opts({ pageSize: wholeOr(2) })], (a) => ams.iterUsers(a as never)],
  updateUser: [
    [
      user,
      opts({
        firstName: or('A'),
        email: or('a@x.org'),
        serviceRoles: or([]),
        projects: or([{ project: 'P', roles: ['consumer'] }]),
      }),
    ],
    (a, b) => ams.updateUser(a as never, b as never),
  ],
  deleteUser: [[or('ghost'), opts()], (a, b) => ams.deleteUser(a as never, b as never)],
  refreshUserToken: [[or('ghost'), opts()], (a, b) => ams.refreshUserToken(a as never, b as never)],
  createProject: [
    [or('Q'), or('', 'd'), opts()],
    (a, b, c) => ams.createProject(a as never, b as never, c as never),
  ],
  getProject: [[project, opts()], (a, b) => ams.getProject(a as never, b as never)],
  updateProject: [
    [or('Q'), or({ description: 'x' }, {}), opts()],
    (a, b, c) => ams.updateProject(a as never, b as never, c as never),
  ],
  deleteProject: [[or('Gone'), opts()], (a, b) => ams.deleteProject(a as never, b as never)],
  addProjectMember: [
    [user, opts({ project, roles: or(['consumer']) })],
    (a, b) => ams.addProjectMember(a as never, b as never),
  ],
  createProjectMember: [
    [or('u3'), opts({ project, roles: or(['consumer']), email: or('m@x.org') })],
    (a, b) => ams.createProjectMember(a as never, b as never),
  ],
  getProjectMember: [
    [user, opts({ project })],
    (a, b) => ams.getProjectMember(a as never, b as never),
  ],
  removeProjectMember: [
    [or('ghost'), opts({ project })],
    (a, b) => ams.removeProjectMember(a as never, b as never),
  ],
  status: [[opts()], (a) => ams.status(a as never)],
  version: [[opts()], (a) => ams.version(a as never)],
  metrics: [[opts()], (a) => ams.metrics(a as never)],
  vaMetrics: [
    [opts({ projects: or(['P']), startDate: or(new Date(0)), endDate: or(new Date(0)) })],
    (a) => ams.vaMetrics(a as never),
  ],
  usageReport: [[opts({ projects: or(['P']) })], (a) => ams.usageReport(a as never)],
  publisher: [
    [
      topic,
      opts({
        maxMessages: wholeOr(1),
        maxBytes: wholeOr(1000),
        maxDelayMs: or(0),
        maxInFlight: wholeOr(1),
      }),
    ],
    (a, b) => ams.publisher(a as never, b as never),
  ],
  'publisher.publish': [
    [or('text', new Uint8Array([1]), message()), fc.oneof(fc.constant(undefined), or({ k: 'v' }))],
    (a, b) => ams.publisher('t', { maxDelayMs: 0 }).publish(a as never, b as never),
  ],
  subscribe: [
    [
      sub,
      or(() => {}),
      opts({
        concurrency: wholeOr(1),
        maxMessages: wholeOr(1),
        maxIdleMs: or(0),
        ackDeadlineSeconds: wholeOr(10),
        stopWhenEmpty: or(true),
      }),
    ],
    (a, b, c) => ams.subscribe(a as never, b as never, c as never),
  ],
  'subscribe()': [
    [client, sub, or(() => {})],
    (a, b, c) => subscribe(a as never, b as never, c as never),
  ],
  AmsMessage: [
    [
      fc.oneof(
        hostile,
        fc.record(
          {
            data: or('x', new Uint8Array(1), 'eA=='),
            attributes: or({ k: 'v' }),
            b64enc: or(true, false),
          },
          { requiredKeys: [] },
        ),
      ),
    ],
    (a) => new AmsMessage(a as never),
  ],
  'AmsMessage.setAttr': [[or('k'), or('v')], (a, b) => message().setAttr(a as never, b as never)],
  'AmsMessage.setData': [
    [or('x', new Uint8Array(2), 'eA=='), or(undefined, true, false)],
    (a, b) => message().setData(a as never, b as never),
  ],
  'AmsMessage.data=': [
    [or(new Uint8Array(2))],
    (a) => {
      message().data = a as never;
    },
  ],
  assignToken: [[or(TOKEN)], (a) => ams.assignToken(a as never)],
  'AmsMessage.toWire': [
    [fc.oneof(fc.constant(undefined), wholeOr(10, 200))],
    (a) => message().toWire(a as never),
  ],
  'AmsMessage.fromWire': [
    [
      fc.oneof(
        hostile,
        fc.record({ data: or('aGk='), attributes: or({ k: 'v' }) }, { requiredKeys: [] }),
      ),
    ],
    (a) => AmsMessage.fromWire(a as never),
  ],
  AmsUser: [
    [
      fc.oneof(
        hostile,
        fc.record({ name: or('u'), projects: or([]), token: or('t') }, { requiredKeys: [] }),
      ),
    ],
    (a) => new AmsUser(a as never),
  ],
  'AmsUser.fromJson': [
    [fc.oneof(hostile, fc.record({ name: or('u') }))],
    (a) => AmsUser.fromJson(a as never),
  ],
  AmsTopic: [
    [client, project, or('t')],
    (a, b, c) => new AmsTopic(a as never, b as never, c as never),
  ],
  'AmsTopic.acl': [
    [fc.oneof(fc.constant(undefined), or(['u1'])), opts()],
    (a, b) => new AmsTopic(ams, 'P', 't').acl(a as never, b as never),
  ],
  AmsSubscription: [
    [
      client,
      fc.oneof(
        hostile,
        fc.record({ name: or('s'), topic: or('t'), ackDeadlineSeconds: wholeOr(10) }),
      ),
    ],
    (a, b) => new AmsSubscription(a as never, b as never),
  ],
  'AmsSubscription.offsets': [
    [opts({ moveTo: wholeOr(0), offset: or('all', 'max', 'min', 'current') })],
    (a) => sub0().offsets(a as never),
  ],
  'AmsSubscription.acl': [
    [fc.oneof(fc.constant(undefined), or(['u1'])), opts()],
    (a, b) => sub0().acl(a as never, b as never),
  ],
};

/** Waits for whatever the call started: a promise, an iterator, a subscriber or a publisher. */
async function settle(value: unknown): Promise<void> {
  const v = (await value) as Record<string | symbol, unknown> | undefined;
  if (v && typeof v === 'object') {
    if (Symbol.asyncIterator in v) {
      let n = 0;
      for await (const _ of v as unknown as AsyncIterable<unknown>) if (++n > 20) break;
    } else if (typeof v.close === 'function' && 'done' in v) {
      await (v.close as () => Promise<unknown>)().catch(() => {});
    } else if (typeof v.flush === 'function') {
      await (v.flush as () => Promise<void>)();
    }
  }
}

const SEGMENT = /^[A-Za-z0-9_%.~-]+$/;
const SEMANTIC_400 = new Set(['Offset out of bounds', 'Invalid page token']);

function hasNullOrJunk(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value === 'string') return /^(undefined|NaN|null|\[object .*\])$/.test(value);
  if (typeof value === 'object') return Object.values(value as object).some(hasNullOrJunk);
  return false;
}

/** Every problem a request the client sent has; empty when it is well-formed. */
function problems(r: Seen): string[] {
  const found: string[] = [];
  const url = new URL(r.url, 'http://x');
  if (!['GET', 'POST', 'PUT', 'DELETE'].includes(r.method)) found.push(`method ${r.method}`);
  if (!url.pathname.startsWith('/v1/')) found.push('path outside /v1');
  for (const segment of url.pathname.split('/').slice(1)) {
    const [base = '', verb] = segment.split(':');
    const decoded = decodeURIComponent(base);
    if (
      !SEGMENT.test(base) ||
      decoded === '.' ||
      decoded === '..' ||
      (verb !== undefined && !/^[A-Za-z0-9]+$/.test(verb))
    ) {
      found.push(`segment ${segment}`);
    }
  }
  for (const [key, value] of url.searchParams) {
    if (hasNullOrJunk(value)) found.push(`query ${key}=${value}`);
  }
  if (r.key !== TOKEN) found.push('x-api-key');
  if (r.body !== '') {
    try {
      const json: unknown = JSON.parse(r.body);
      if (typeof json !== 'object' || json === null || Array.isArray(json))
        found.push('body not an object');
      else if (hasNullOrJunk(json)) found.push(`body ${r.body.slice(0, 80)}`);
    } catch {
      found.push('body not JSON');
    }
  }
  if (r.status === 404 && r.answer.startsWith('404 page not found')) found.push('unknown route');
  if (r.status === 400) {
    const message = (JSON.parse(r.answer) as { error: { message: string } }).error.message;
    if (!SEMANTIC_400.has(message)) found.push(`400 ${message}`);
  }
  return found;
}

describe('hostile arguments: refused with no request, or well-formed requests', () => {
  for (const [name, [args, run]] of Object.entries(TABLE)) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(fc.tuple(...args), async (values) => {
          seen = [];
          let error: unknown;
          try {
            await settle(run(...values));
          } catch (e) {
            error = e;
          }
          if (isInputValidationError(error)) {
            expect(seen).toEqual([]);
            return;
          }
          expect(seen.flatMap(problems)).toEqual([]);
          if (error !== undefined) expect(isAmsException(error), String(error)).toBe(true);
        }),
        { seed: 20_260_601, numRuns: 40 },
      );
    });
  }
});

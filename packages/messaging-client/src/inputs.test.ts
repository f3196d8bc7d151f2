import { type InputValidationError, isInputValidationError } from '@connectorkit/http-core';
import {
  type LoopbackServer,
  startLoopbackServer,
  toNodeHandler,
} from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AmsMessage,
  AmsSubscription,
  AmsTopic,
  AmsUser,
  ArgoMessagingService,
  type ArgoMessagingServiceOptions,
  isAmsMessageException,
  subscribe,
} from './index.js';
import { createAmsSimulator } from './testing/index.js';

/* Bad arguments are refused before any request, naming the field and the rule. */

const TOKEN = 'tok-inputs';
const sim = createAmsSimulator({ token: TOKEN, project: 'P' });
let requests = 0;
let server: LoopbackServer;
let ams: ArgoMessagingService;

beforeAll(async () => {
  const simulate = toNodeHandler(sim.handler);
  server = await startLoopbackServer((req, res) => {
    requests++;
    return simulate(req, res);
  });
  ams = new ArgoMessagingService({ endpoint: server.url, token: TOKEN, project: 'P', retry: 0 });
});
afterAll(() => server.close());
beforeEach(() => {
  requests = 0;
});

/** The error `run` throws or rejects with (undefined when it succeeds). */
async function refusal(run: () => unknown): Promise<InputValidationError> {
  let error: unknown;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  expect(isInputValidationError(error), String(error)).toBe(true);
  return error as InputValidationError;
}

const ackId = 'projects/P/subscriptions/s:1';

// [call, path of the problem, rule]
const CASES: Record<string, [() => unknown, string, RegExp]> = {
  'publish(t, null)': [() => ams.publish('t', null as never), 'messages', /AmsMessage/],
  'publish(t, [])': [() => ams.publish('t', []), 'messages', /at least one message/],
  'publish(t, [plain object])': [
    () => ams.publish('t', [{ data: 'x' } as never]),
    'messages.0',
    /must be an AmsMessage/,
  ],
  'new AmsMessage({ data: 123 })': [
    () => new AmsMessage({ data: 123 as never }),
    'AmsMessage.data',
    /string or a Uint8Array/,
  ],
  'new AmsMessage(null)': [() => new AmsMessage(null as never), 'AmsMessage', /object/],
  'new AmsMessage({ attributes: { k: 1 } })': [
    () => new AmsMessage({ attributes: { k: 1 as never } }),
    'AmsMessage.attributes.k',
    /string/,
  ],
  'setAttr(1, "v")': [
    () => new AmsMessage({ data: 'x' }).setAttr(1 as never, 'v'),
    'key',
    /string/,
  ],
  'setData(null)': [
    () => new AmsMessage({ data: 'x' }).setData(null as never),
    'AmsMessage.data',
    /string or a Uint8Array/,
  ],
  'timeToOffsetSub(s, Invalid Date)': [
    () => ams.timeToOffsetSub('s', new Date(Number.NaN)),
    'time',
    /valid Date/,
  ],
  'timeToOffsetSub(s, year 10000)': [
    () => ams.timeToOffsetSub('s', new Date('+010000-01-01T00:00:00Z')),
    'time',
    /0 to 9999/,
  ],
  'seekToTime(s, "2026")': [() => ams.seekToTime('s', '2026' as never), 'time', /valid Date/],
  "ackSub('s', 'x')": [() => ams.ackSub('s', 'x' as never), 'ackIds', /array/],
  "ackSub('s', [])": [() => ams.ackSub('s', []), 'ackIds', /at least one/],
  "ackSub('s', ['x'])": [() => ams.ackSub('s', ['x']), 'ackIds', /projects\/\{project\}/],
  'ackSub of another subscription': [
    () => ams.ackSub('other', [ackId]),
    'ackIds',
    /belong to the subscription \(projects\/P\/subscriptions\/other\)/,
  ],
  'pullSub num -1': [() => ams.pullSub('s', { num: -1 }), 'pullSub options.num', /1 or more/],
  'pullSub num NaN': [() => ams.pullSub('s', { num: Number.NaN }), 'pullSub options.num', /number/],
  'pullSub num 1.5': [() => ams.pullSub('s', { num: 1.5 }), 'pullSub options.num', /whole/],
  'pullSub null options': [() => ams.pullSub('s', null as never), 'pullSub options', /object/],
  'pullSub returnImmediately "yes"': [
    () => ams.pullSub('s', { returnImmediately: 'yes' as never }),
    'pullSub options.returnImmediately',
    /true or false/,
  ],
  'pullackSub maxResets -1': [
    () => ams.pullackSub('s', { maxResets: -1 }),
    'pullackSub options.maxResets',
    /0 or more/,
  ],
  'modifyoffsetSub -1': [() => ams.modifyoffsetSub('s', -1), 'offset', /0 or more/],
  'modifyoffsetSub NaN': [() => ams.modifyoffsetSub('s', Number.NaN), 'offset', /number/],
  'modifyAckDeadline 601': [() => ams.modifyAckDeadline('s', 601), 'seconds', /at most 600/],
  'createSub ackDeadlineSeconds Infinity': [
    () => ams.createSub('s', 't', { ackDeadlineSeconds: Number.POSITIVE_INFINITY }),
    'createSub options.ackDeadlineSeconds',
    /whole/,
  ],
  'createSub pushEndpoint http': [
    () => ams.createSub('s', 't', { pushEndpoint: 'http://hook' }),
    'createSub options.pushEndpoint',
    /https/,
  ],
  'subscription ackDeadlineSeconds -1': [
    () => ams.subscription('s', 't', { ackDeadlineSeconds: -1 }),
    'subscription options.ackDeadlineSeconds',
    /0 or more/,
  ],
  'listTopics pageSize -1': [
    () => ams.listTopics({ pageSize: -1 }),
    'listTopics options.pageSize',
    /0 or more/,
  ],
  'listSubs pageSize 0.5': [
    () => ams.listSubs({ pageSize: 0.5 }),
    'listSubs options.pageSize',
    /whole/,
  ],
  'listUsers pageSize NaN': [
    () => ams.listUsers({ pageSize: Number.NaN }),
    'listUsers options.pageSize',
    /number/,
  ],
  'publish retry -1': [
    () => ams.publish('t', new AmsMessage({ data: 'x' }), { retry: -1 }),
    'publish options.retry',
    /0 or more/,
  ],
  'pullSub retrysleep NaN': [
    () => ams.pullSub('s', { retrysleep: Number.NaN }),
    'pullSub options.retrysleep',
    /number/,
  ],
  'pullSub retrybackoff Infinity': [
    () => ams.pullSub('s', { retrybackoff: Number.POSITIVE_INFINITY }),
    'pullSub options.retrybackoff',
    /finite/,
  ],
  'getTopic signal "x"': [
    () => ams.getTopic('t', { signal: 'x' as never }),
    'getTopic options.signal',
    /AbortSignal/,
  ],
  'modifyaclTopic users null': [() => ams.modifyaclTopic('t', null as never), 'users', /array/],
  'modifyaclSub bad user name': [() => ams.modifyaclSub('s', ['a b']), 'users.0', /letters/],
  'getoffsetsSub which "all"': [() => ams.getoffsetsSub('s', 'all' as never), 'which', /max/],
  'getoffsetsSub null': [
    () => ams.getoffsetsSub('s', null as never),
    'getoffsetsSub options',
    /object/,
  ],
  'setPullopt maxMessages 0': [() => ams.setPullopt('maxMessages', 0), 'maxMessages', /1 or more/],
  'setPullopt unknown key': [() => ams.setPullopt('x' as never, 1), 'key', /maxMessages/],
  'getUserByToken("")': [() => ams.getUserByToken(''), 'token', /not be empty/],
  'getUserByUuid(5)': [() => ams.getUserByUuid(5 as never), 'uuid', /string/],
  'createUser(plain object)': [() => ams.createUser({ name: 'u' } as never), 'user', /AmsUser/],
  'createUser with projects mutated to null': [
    () => {
      const user = new AmsUser({ name: 'u' });
      user.projects = null as never;
      return ams.createUser(user);
    },
    'user.projects',
    /array/,
  ],
  'new AmsUser({ projects: "P" })': [
    () => new AmsUser({ projects: 'P' as never }),
    'AmsUser.projects',
    /array/,
  ],
  'AmsUser.fromJson([])': [() => AmsUser.fromJson([] as never), 'user JSON', /object/],
  'updateUser serviceRoles "admin"': [
    () => ams.updateUser('u', { serviceRoles: 'admin' as never }),
    'updateUser options.serviceRoles',
    /array/,
  ],
  'updateProject changes null': [() => ams.updateProject('Q', null as never), 'changes', /object/],
  'createProject description 5': [
    () => ams.createProject('Q', 5 as never),
    'description',
    /string/,
  ],
  'addProjectMember null options': [
    () => ams.addProjectMember('u', null as never),
    'addProjectMember options',
    /object/,
  ],
  'vaMetrics startDate Invalid Date': [
    () => ams.vaMetrics({ startDate: new Date('x') }),
    'vaMetrics options.startDate',
    /valid Date/,
  ],
  'usageReport projects "P"': [
    () => ams.usageReport({ projects: 'P' as never }),
    'usageReport options.projects',
    /array/,
  ],
  'createTopic schema "s"': [
    () => ams.createTopic('t', { schema: 's' }),
    'createTopic options.schema',
    /projects\/\{project\}\/schemas/,
  ],
  'publisher maxDelayMs Infinity': [
    () => ams.publisher('t', { maxDelayMs: Number.POSITIVE_INFINITY }),
    'publisher options.maxDelayMs',
    /finite/,
  ],
  'publisher maxBytes 0': [
    () => ams.publisher('t', { maxBytes: 0 }),
    'publisher options.maxBytes',
    /1 or more/,
  ],
  'publisher bad topic': [() => ams.publisher('a b'), 'topic', /letters/],
  'publisher.publish(42)': [
    () => ams.publisher('t').publish(42 as never),
    'message',
    /string or a Uint8Array/,
  ],
  'subscribe concurrency -1': [
    () => ams.subscribe('s', () => {}, { concurrency: -1 }),
    'subscribe options.concurrency',
    /1 or more/,
  ],
  'subscribe maxMessages NaN': [
    () => ams.subscribe('s', () => {}, { maxMessages: Number.NaN }),
    'subscribe options.maxMessages',
    /number/,
  ],
  'subscribe maxIdleMs -5': [
    () => ams.subscribe('s', () => {}, { maxIdleMs: -5 }),
    'subscribe options.maxIdleMs',
    /0 or more/,
  ],
  'subscribe handler missing': [() => subscribe(ams, 's', null as never), 'handler', /function/],
  'subscribe target null': [() => subscribe(null as never, 's', () => {}), 'target', /pullSub/],
  'new AmsTopic(ams, "P", "a/b")': [() => new AmsTopic(ams, 'P', 'a/b'), 'topic', /letters/],
  'new AmsSubscription(ams, {})': [
    () => new AmsSubscription(ams, {} as never),
    'subscription info.name',
    /Expected "name"/,
  ],
  'AmsSubscription.offsets moveTo -1': [
    () =>
      new AmsSubscription(ams, {
        name: '/projects/P/subscriptions/s',
        topic: '/projects/P/topics/t',
        ackDeadlineSeconds: 10,
      }).offsets({ moveTo: -1 }),
    'offsets options.moveTo',
    /0 or more/,
  ],
  'toWire maxBytes 0': [() => new AmsMessage({ data: 'x' }).toWire(0), 'maxBytes', /1 or more/],
};

describe('every public call refuses a bad argument before any request', () => {
  for (const [name, [run, path, rule]] of Object.entries(CASES)) {
    it(name, async () => {
      const error = await refusal(run);
      expect(error.issues.map((i) => i.path)).toContain(path);
      expect(error.message).toMatch(rule);
      expect(requests).toBe(0);
    });
  }
});

describe('the client options are checked when the client is made', () => {
  const base: ArgoMessagingServiceOptions = {
    endpoint: 'http://127.0.0.1:1',
    token: 't',
    project: 'P',
  };
  const BAD: Record<string, [Partial<ArgoMessagingServiceOptions> | null, string]> = {
    'options null': [null, 'ArgoMessagingService options'],
    'endpoint not a URL': [{ endpoint: 'not a url' }, 'ArgoMessagingService options.endpoint'],
    'endpoint ftp': [{ endpoint: 'ftp://host' }, 'ArgoMessagingService options.endpoint'],
    'endpoint with credentials': [
      { endpoint: 'https://user:pw@host' },
      'ArgoMessagingService options.endpoint',
    ],
    'endpoint with a query': [
      { endpoint: 'https://host/?x=1' },
      'ArgoMessagingService options.endpoint',
    ],
    'endpoint port 70000': [{ endpoint: 'host:70000' }, 'ArgoMessagingService options.endpoint'],
    'endpoint with a newline': [{ endpoint: 'ho\nst' }, 'ArgoMessagingService options.endpoint'],
    'project with a slash': [{ project: 'a/b' }, 'ArgoMessagingService options.project'],
    'project empty': [{ project: '' }, 'ArgoMessagingService options.project'],
    'token with a newline': [{ token: 'a\nb' }, 'ArgoMessagingService options.token'],
    'retry -1': [{ retry: -1 }, 'ArgoMessagingService options.retry'],
    'retry.limit NaN': [{ retry: { limit: Number.NaN } }, 'ArgoMessagingService options.retry'],
    'retry.baseDelay -1': [
      { retry: { baseDelay: -1 } },
      'ArgoMessagingService options.retry.baseDelay',
    ],
    'retry.maxDelay Infinity': [
      { retry: { maxDelay: Number.POSITIVE_INFINITY } },
      'ArgoMessagingService options.retry.maxDelay',
    ],
    'timeout -1': [{ timeout: -1 }, 'ArgoMessagingService options.timeout'],
    'timeout NaN': [{ timeout: Number.NaN }, 'ArgoMessagingService options.timeout'],
    'timeout.response Infinity': [
      { timeout: { response: Number.POSITIVE_INFINITY } },
      'ArgoMessagingService options.timeout',
    ],
    'authnPort 0': [{ authnPort: 0 }, 'ArgoMessagingService options.authnPort'],
    'authnUrl http': [{ authnUrl: 'http://authn' }, 'ArgoMessagingService options.authnUrl'],
    'maxMessageBytes 0': [{ maxMessageBytes: 0 }, 'ArgoMessagingService options.maxMessageBytes'],
    'logger "x"': [{ logger: 'x' as never }, 'ArgoMessagingService options.logger'],
  };
  for (const [name, [change, path]] of Object.entries(BAD)) {
    it(name, async () => {
      const error = await refusal(
        () => new ArgoMessagingService((change === null ? null : { ...base, ...change }) as never),
      );
      expect(error.issues.some((i) => i.path === path || i.path.startsWith(`${path}.`))).toBe(true);
    });
  }

  it('accepts the documented forms of endpoint', () => {
    for (const endpoint of [
      'msg.argo.grnet.gr',
      'msg.argo.grnet.gr:8443',
      'https://msg.argo.grnet.gr',
      'http://127.0.0.1:8080/',
      '[::1]:443',
    ]) {
      expect(new ArgoMessagingService({ ...base, endpoint }).endpoint).toBe(endpoint);
    }
  });

  it('never quotes a refused token', async () => {
    const error = await refusal(() => new ArgoMessagingService({ ...base, token: 'S3cret tok\n' }));
    expect(JSON.stringify(error) + error.message + error.stack).not.toContain('S3cret');
  });
});

it('a message rule broken (no data, a quote in an attribute, too large) is an AmsMessageException and an input error', async () => {
  for (const run of [
    () => new AmsMessage({}),
    () => new AmsMessage({ data: 'x', attributes: { k: 'a"b' } }),
    () => ams.publish('t', new AmsMessage({ data: new Uint8Array(1_200_000) })),
  ]) {
    const error = await refusal(run);
    expect(isAmsMessageException(error)).toBe(true);
    expect(error.issues.length).toBe(1);
  }
  expect(requests).toBe(0);
});

import { isResponseValidationError } from '@connectorkit/http-core';
import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AmsMessage, AmsUser, ArgoMessagingService } from './index.js';

/*
 * A 200 of the wrong shape is a ResponseValidationError for every operation: never a value
 * handed to the caller, never a TypeError later. Empty answers stay accepted where AMS sends them.
 */

let answer = '';
let requests = 0;
let server: LoopbackServer;
let ams: ArgoMessagingService;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    requests++;
    req.resume();
    res.writeHead(200, answer === '' ? {} : { 'content-type': 'application/json' });
    res.end(answer);
  });
  ams = new ArgoMessagingService({ endpoint: server.url, token: 'tok', project: 'P', retry: 0 });
});
afterAll(() => server.close());
beforeEach(() => {
  requests = 0;
});

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
/** Wrong for every operation. */
const ALWAYS_WRONG = ['null', '[1,2,3]', '"text"', '42', 'true', '{bad', deep(20_000)];

const drain = async (items: AsyncIterable<unknown>) => {
  for await (const _ of items);
};

/** Operations that return a value, with bodies that are wrong for them besides ALWAYS_WRONG. */
const VALUE_CALLS: Record<string, [() => Promise<unknown>, string[]]> = {
  getTopic: [() => ams.getTopic('t'), ['', '{}', '{"name":7}', `{"name":${deep(50)}}`]],
  createTopic: [() => ams.createTopic('t'), ['', '{}', '{"name":null}']],
  hasTopic: [() => ams.hasTopic('t'), ['{}']],
  topic: [() => ams.topic('t'), ['{}']],
  listTopics: [
    () => ams.listTopics(),
    ['""', '{"topics":"x"}', '{"topics":[{}]}', '{"topics":[1]}'],
  ],
  iterTopics: [() => drain(ams.iterTopics()), ['{"topics":[{"name":1}]}']],
  getaclTopic: [
    () => ams.getaclTopic('t'),
    ['{"authorized_users":"bob"}', '{"authorized_users":[1]}'],
  ],
  getSub: [() => ams.getSub('s'), ['{}', '{"name":"/projects/P/subscriptions/s","topic":"t"}']],
  createSub: [
    () => ams.createSub('s', 't'),
    ['{}', '{"name":"s","topic":"t","ackDeadlineSeconds":"10"}'],
  ],
  subscription: [() => ams.subscription('s', 't'), ['{}']],
  listSubs: [
    () => ams.listSubs(),
    ['{"subscriptions":{}}', '{"subscriptions":[],"totalSize":"2"}'],
  ],
  iterSubs: [() => drain(ams.iterSubs()), ['{"subscriptions":[null]}']],
  getaclSub: [() => ams.getaclSub('s'), ['{"authorized_users":{}}']],
  pushconfigSub: [() => ams.pushconfigSub('s'), ['{}']],
  getoffsetsSub: [
    () => ams.getoffsetsSub('s'),
    ['{}', '{"max":-1,"min":0,"current":0}', '{"max":"3","min":0,"current":0}'],
  ],
  timeToOffsetSub: [() => ams.timeToOffsetSub('s', new Date(0)), ['{}', '{"offset":1.5}']],
  seekToStart: [() => ams.seekToStart('s'), ['{"max":1}']],
  publish: [
    () => ams.publish('t', [new AmsMessage({ data: 'a' }), new AmsMessage({ data: 'b' })]),
    ['', '{}', '{"messageIds":["0"]}', '{"messageIds":[0,1]}'],
  ],
  pullSub: [
    () => ams.pullSub('s'),
    [
      '',
      '{}',
      '{"receivedMessages":null}',
      '{"receivedMessages":[{"ackId":1}]}',
      '{"receivedMessages":[{"ackId":"a","message":{"data":5}}]}',
      '{"receivedMessages":[{"ackId":"a","message":{"attributes":[1]}}]}',
    ],
  ],
  pullackSub: [() => ams.pullackSub('s'), ['{"receivedMessages":"x"}']],
  getUser: [() => ams.getUser('u'), ['{}', '{"name":"u","projects":[{"roles":[]}]}']],
  createUser: [() => ams.createUser(new AmsUser({ name: 'u' })), ['{}']],
  getUserByToken: [() => ams.getUserByToken('some-token'), ['{}']],
  getUserByUuid: [() => ams.getUserByUuid('uuid-1'), ['{}']],
  getUserProfile: [() => ams.getUserProfile(), ['{}', '{"name":"u","service_roles":"admin"}']],
  listUsers: [() => ams.listUsers(), ['{"users":"x"}', '{"users":[{}]}']],
  iterUsers: [() => drain(ams.iterUsers()), ['{"users":[{"name":"u","email":3}]}']],
  updateUser: [() => ams.updateUser('u', { email: 'e@x.org' }), ['{}']],
  refreshUserToken: [() => ams.refreshUserToken('u'), ['{}', '{"name":"u","token":5}']],
  createProject: [() => ams.createProject('Q'), ['{}']],
  getProject: [() => ams.getProject('Q'), ['{}', '{"name":"Q","description":1}']],
  updateProject: [() => ams.updateProject('Q', { description: 'd' }), ['{}']],
  addProjectMember: [() => ams.addProjectMember('u'), ['{}']],
  createProjectMember: [() => ams.createProjectMember('u'), ['{}']],
  getProjectMember: [() => ams.getProjectMember('u'), ['{}']],
  status: [() => ams.status(), ['{}', '{"status":1}']],
  version: [() => ams.version(), []],
  metrics: [() => ams.metrics(), []],
  vaMetrics: [() => ams.vaMetrics(), []],
  usageReport: [() => ams.usageReport(), []],
};

/** Operations AMS answers with an empty body (ack: `{}`). */
const EMPTY_CALLS: Record<string, () => Promise<unknown>> = {
  deleteTopic: () => ams.deleteTopic('t'),
  modifyaclTopic: () => ams.modifyaclTopic('t', ['bob']),
  deleteSub: () => ams.deleteSub('s'),
  modifyaclSub: () => ams.modifyaclSub('s', ['bob']),
  modifyAckDeadline: () => ams.modifyAckDeadline('s', 30),
  modifyoffsetSub: () => ams.modifyoffsetSub('s', 3),
  ackSub: () => ams.ackSub('s', ['projects/P/subscriptions/s:3']),
  deleteUser: () => ams.deleteUser('u'),
  deleteProject: () => ams.deleteProject('Q'),
  removeProjectMember: () => ams.removeProjectMember('u'),
};

async function outcome(call: () => Promise<unknown>, body: string): Promise<unknown> {
  answer = body;
  requests = 0;
  return call().then(
    (value) => ({ resolved: value }),
    (error: unknown) => error,
  );
}

describe('a 200 of the wrong shape is a ResponseValidationError', () => {
  for (const [name, [call, wrong]] of Object.entries(VALUE_CALLS)) {
    it(name, async () => {
      for (const body of [...ALWAYS_WRONG, ...wrong]) {
        const error = await outcome(call, body);
        expect(isResponseValidationError(error), `${name} answered ${body.slice(0, 40)}`).toBe(
          true,
        );
        expect(requests).toBeGreaterThan(0);
      }
    });
  }

  for (const [name, call] of Object.entries(EMPTY_CALLS)) {
    it(`${name}: an empty body or an object is accepted, anything else refused`, async () => {
      for (const body of ['', '{}', '{"extra":1}']) {
        expect(await outcome(call, body), `${name} answered ${body}`).toEqual({
          resolved: name === 'ackSub' ? true : undefined,
        });
      }
      for (const body of ALWAYS_WRONG) {
        const error = await outcome(call, body);
        expect(isResponseValidationError(error), `${name} answered ${body.slice(0, 40)}`).toBe(
          true,
        );
      }
    });
  }

  it('well-formed answers of the documented shapes still read as before', async () => {
    expect(await outcome(() => ams.getaclTopic('t'), '{"authorized_users":null}')).toEqual({
      resolved: [],
    });
    const pulled = (await outcome(
      () => ams.pullSub('s'),
      '{"receivedMessages":[{"ackId":"projects/P/subscriptions/s:0","message":{"messageId":"0","data":"aGk=","publishTime":"2026-01-01T00:00:00.000000001Z"}}]}',
    )) as { resolved: { ackId: string; message: AmsMessage }[] };
    expect(pulled.resolved[0]?.message.text()).toBe('hi');
    expect(pulled.resolved[0]?.message.attributes).toEqual({});
    expect(await outcome(() => ams.version(), '{"build_time":"x","extra":{"a":[1]}}')).toEqual({
      resolved: { build_time: 'x', extra: { a: [1] } },
    });
  });

  it('says what was wrong and where', async () => {
    const error = await outcome(() => ams.getoffsetsSub('s'), '{"max":"3","min":0,"current":0}');
    expect((error as Error).message).toMatch(/:offsets returned an unexpected body: max: /);
    const notJson = await outcome(() => ams.getTopic('t'), '{bad');
    expect((notJson as Error).message).toMatch(/invalid JSON/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAmsSimulator } from './index.js';
import {
  AMS_ERRORS,
  type AmsErrorKey,
  AUTHN_ERRORS,
  renderMessage,
  type SimErrorEntry,
} from './sim-errors.js';

// The reference's wording, copied verbatim into reference-errors.md (§4's table, §12's line).
const reference = readFileSync(new URL('./reference-errors.md', import.meta.url), 'utf8');
const ticked = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');

/** §4's rows: code, status and every backticked phrase of the row. */
const rows = reference
  .split('\n')
  .filter((line) => /^\| \d{3} \|/.test(line))
  .map((line) => {
    const [code = '', status = '', messages = '', when = ''] = line.split(' | ');
    return {
      code: Number(code.replace('|', '').trim()),
      status: ticked(status)[0] ?? '',
      messages: ticked(messages),
      phrases: [...ticked(messages), ...ticked(when)],
    };
  });

/** §12's line: the JSON example, then `404 \`NOT FOUND\` (\`Host was not found\`, …)` groups. */
const authnLine =
  reference.split('\n').find((line) => line.startsWith('- Errors use the same')) ?? '';
const authnRows = [
  ...[...authnLine.matchAll(/"code":(\d+),"message":"([^"]+)","status":"([^"]+)"/g)].map((m) => ({
    code: Number(m[1]),
    status: m[3] ?? '',
    phrases: [m[2] ?? ''],
  })),
  ...[...authnLine.matchAll(/(\d{3}) `([A-Z ]+)`(?: \(([^)]*)\))?/g)].map((m) => ({
    code: Number(m[1]),
    status: m[2] ?? '',
    phrases: ticked(m[3] ?? ''),
  })),
];

const everyPhrase = new Set([
  ...rows.flatMap((r) => r.phrases),
  ...authnRows.flatMap((r) => r.phrases),
]);

/** §4 messages the simulator never answers with, and why. */
const NOT_SIMULATED: Record<string, string> = {
  'Push functionality is currently disabled': 'the simulator stores push configs (push is on)',
};

describe('the error table against the reference', () => {
  it('parses the copied reference (a broken copy would check nothing)', () => {
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(rows.every((r) => Number.isInteger(r.code) && r.status !== '')).toBe(true);
    expect(authnRows.map((r) => r.code).sort()).toEqual([400, 404, 422, 500]);
  });

  const checkTable = (
    table: Record<string, SimErrorEntry>,
    against: Array<{ code: number; status: string; phrases: string[] }>,
  ) => {
    for (const [key, item] of Object.entries(table)) {
      const message = renderMessage(item, item.example);
      if (item.source === 'reference') {
        const row = against.find(
          (r) => r.code === item.code && r.status === item.status && r.phrases.includes(message),
        );
        expect(
          row,
          `${key}: ${item.code} ${item.status} "${message}" is in the reference`,
        ).toBeDefined();
      } else {
        // Wording the reference does not have must say so: were it there, it would be checked.
        expect(everyPhrase.has(message), `${key}: "${message}" is marked ${item.source}`).toBe(
          false,
        );
      }
    }
  };

  it('every AMS entry from the reference has its code, status and words; the others are not in it', () => {
    checkTable(AMS_ERRORS, rows);
  });

  it('every x509 login entry from the reference has its code, status and words', () => {
    checkTable(AUTHN_ERRORS, authnRows);
  });

  it("every message of the reference's table is in the simulator's table, or said why not", () => {
    const ours = new Set(
      Object.values(AMS_ERRORS).map((item) => renderMessage(item, item.example)),
    );
    for (const message of rows.flatMap((r) => r.messages).filter((m) => m !== '…')) {
      expect(ours.has(message) || message in NOT_SIMULATED, message).toBe(true);
    }
  });
});

type Call = (method: string, path: string, body?: string, token?: string) => Promise<Response>;
interface Trigger {
  values?: Record<string, string>;
  run(call: Call, sim: ReturnType<typeof createAmsSimulator>): Promise<Response>;
}
const S = '/projects/P/subscriptions/s';
const T = '/projects/P/topics/t';
const req =
  (method: string, path: string, body?: string, token?: string): Trigger['run'] =>
  (call) =>
    call(method, path, body, token);

/** One request (or a few) per entry that gets the simulator to answer with it. */
const TRIGGERS: Record<AmsErrorKey, Trigger | string> = {
  invalidName: { values: { var: 'topic' }, run: req('GET', '/projects/P/topics/bad.name') },
  invalidTopicName: {
    run: req('PUT', '/projects/P/subscriptions/s2', '{"topic":"/projects/P/topics/t"}'),
  },
  invalidRequestBody: { run: req('PUT', '/projects/P/topics/t2', 'not json') },
  invalidMessageArguments: { run: req('POST', `${T}:publish`, '{"messages":') },
  invalidPullArguments: { run: req('POST', `${S}:pull`, '{"maxMessages":1}') },
  invalidAckParameter: { run: req('POST', `${S}:acknowledge`, '[') },
  invalidAckId: { run: req('POST', `${S}:acknowledge`, '{"ackIds":[]}') },
  invalidOffsetArguments: { run: req('POST', `${S}:modifyOffset`, '{"offset":"x"}') },
  offsetOutOfBounds: { run: req('POST', `${S}:modifyOffset`, '{"offset":99}') },
  invalidAckDeadline: { run: req('POST', `${S}:modifyAckDeadline`, '{"ackDeadlineSeconds":601}') },
  invalidSubscriptionArguments: { run: req('PUT', '/projects/P/subscriptions/s3', '{') },
  invalidZuluTime: { run: req('GET', `${S}:timeToOffset?time=2026-01-01T00:00:00Z`) },
  invalidPageSize: { run: req('GET', '/projects/P/topics?pageSize=x') },
  invalidPageToken: { run: req('GET', '/projects/P/topics?pageToken=zzz') },
  invalidTopicAcl: { run: req('POST', `${T}:modifyAcl`, '{') },
  invalidSubscriptionAcl: { run: req('POST', `${S}:modifyAcl`, '{"authorized_users":[1]}') },
  invalidUserArguments: { run: req('POST', '/users/u1', '{') },
  invalidProjectArguments: { run: req('PUT', '/projects/P', '{') },
  pushEndpointNotHttps: {
    run: req(
      'POST',
      `${S}:modifyPushConfig`,
      '{"pushConfig":{"type":"http_endpoint","pushEndpoint":"http://hook.example"}}',
    ),
  },
  invalidPushConfig: { run: req('POST', `${S}:modifyPushConfig`, '{') },
  unsupportedPushType: {
    run: req('POST', `${S}:modifyPushConfig`, '{"pushConfig":{"type":"pigeon"}}'),
  },
  invalidDate: { run: req('GET', '/metrics/va_metrics?start_date=2026-1-1') },
  unauthorized: { run: req('GET', T, undefined, '') },
  forbidden: { run: req('PUT', '/projects/P/topics/t4', undefined, 'pub-tok') },
  topicNotFound: { run: req('GET', '/projects/P/topics/none') },
  subscriptionNotFound: { run: req('GET', '/projects/P/subscriptions/none') },
  projectNotFound: { run: req('GET', '/projects/NOPE/topics/t') },
  usersNotFound: {
    values: { users: 'ghost,spook' },
    run: req('POST', `${T}:modifyAcl`, '{"authorized_users":["pub","ghost","spook"]}'),
  },
  userNotFound: { run: req('GET', '/users/ghost') },
  membershipProjectNotFound: {
    run: req('POST', '/users/u2', '{"projects":[{"project":"NOPE","roles":[]}]}'),
  },
  ackTimeout: {
    async run(call, sim) {
      await call('POST', `${T}:publish`, '{"messages":[{"data":"YQ=="}]}');
      await call('POST', `${S}:pull`, '{"maxMessages":"1"}');
      sim.clock.advance(11_000);
      return call('POST', `${S}:acknowledge`, '{"ackIds":["projects/P/subscriptions/s:0"]}');
    },
  },
  topicExists: { run: req('PUT', T) },
  subscriptionExists: { run: req('PUT', S, '{"topic":"projects/P/topics/t"}') },
  projectExists: { run: req('POST', '/projects/P', '{}') },
  userExists: { run: req('POST', '/users/pub', '{}') },
  topicGone: {
    async run(call) {
      await call('PUT', '/projects/P/topics/gone');
      await call('PUT', '/projects/P/subscriptions/orphan', '{"topic":"projects/P/topics/gone"}');
      await call('DELETE', '/projects/P/topics/gone');
      return call('POST', '/projects/P/subscriptions/orphan:pull', '{}');
    },
  },
  timestampOutOfBounds: { run: req('GET', `${S}:timeToOffset?time=2999-01-01T00:00:00.000Z`) },
  messageTooLarge: {
    run: (call) =>
      call('POST', `${T}:publish`, JSON.stringify({ messages: [{ data: 'A'.repeat(1_500_001) }] })),
  },
  noAckPending: {
    run: req('POST', `${S}:acknowledge`, '{"ackIds":["projects/P/subscriptions/s:0"]}'),
  },
  wrongAck: {
    async run(call) {
      await call('POST', `${T}:publish`, '{"messages":[{"data":"YQ=="}]}');
      await call('POST', `${S}:pull`, '{"maxMessages":"1"}');
      return call('POST', `${S}:acknowledge`, '{"ackIds":["projects/P/subscriptions/s:5"]}');
    },
  },
  backendError: 'answered only when a handler fails unexpectedly (a simulator bug)',
};

describe('the routes answer from the table', () => {
  for (const [key, trigger] of Object.entries(TRIGGERS)) {
    if (typeof trigger === 'string') continue;
    it(`${key}`, async () => {
      const sim = createAmsSimulator({
        project: 'P',
        token: 'k',
        users: [
          { name: 'pub', token: 'pub-tok', projects: [{ project: 'P', roles: ['publisher'] }] },
        ],
      });
      const call: Call = (method, path, body, token = 'k') =>
        sim.fetch(`http://ams.test/v1${path}`, {
          method,
          headers: token ? { 'x-api-key': token } : {},
          ...(body !== undefined ? { body } : {}),
        });
      await call('PUT', T);
      await call('PUT', S, '{"topic":"projects/P/topics/t"}');
      const answer = await trigger.run(call, sim);
      const item = AMS_ERRORS[key as AmsErrorKey];
      expect({ status: answer.status, body: await answer.json() }).toEqual({
        status: item.code,
        body: {
          error: {
            code: item.code,
            message: renderMessage(item, trigger.values),
            status: item.status,
          },
        },
      });
    });
  }

  it('every entry has a trigger, or a reason it has none', () => {
    expect(Object.keys(TRIGGERS).sort()).toEqual(Object.keys(AMS_ERRORS).sort());
  });
});

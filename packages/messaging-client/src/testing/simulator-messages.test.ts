import { expect, it } from 'vitest';
import { createAmsSimulator } from './index.js';

function start(options: Parameters<typeof createAmsSimulator>[0] = {}) {
  const sim = createAmsSimulator({ project: 'P', token: 'k', ...options });
  const call = async (method: string, path: string, body?: string) => {
    const res = await sim.fetch(`http://ams.test/v1/projects/P${path}`, {
      method,
      headers: { 'x-api-key': 'k' },
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  };
  return { sim, call };
}
const err = (code: number, message: string, status = 'INVALID_ARGUMENT') => ({
  error: { code, message, status },
});
const PULL = '{"maxMessages":"2","returnImmediately":"true"}';

it('ack errors: invalid id 400, wrong ack 500, offsets out of bounds 400, bad Zulu time 400, past the end 409', async () => {
  const { call } = start();
  await call('PUT', '/topics/t');
  await call('PUT', '/subscriptions/s', '{"topic":"projects/P/topics/t"}');
  expect(
    (
      await call(
        'POST',
        '/subscriptions/s:acknowledge',
        '{"ackIds":["projects/P/subscriptions/s:0"]}',
      )
    ).json,
  ).toEqual(err(500, 'no ack pending', 'INTERNAL_SERVER_ERROR'));
  await call(
    'POST',
    '/topics/t:publish',
    '{"messages":[{"data":"YQ=="},{"data":"Yg=="},{"data":"Yw=="}]}',
  );
  await call('POST', '/subscriptions/s:pull', PULL);
  expect(
    (
      await call(
        'POST',
        '/subscriptions/s:acknowledge',
        '{"ackIds":["projects/P/subscriptions/other:0"]}',
      )
    ).json,
  ).toEqual(err(400, 'Invalid ack id'));
  expect(
    (
      await call(
        'POST',
        '/subscriptions/s:acknowledge',
        '{"ackIds":["projects/P/subscriptions/s:2"]}',
      )
    ).json,
  ).toEqual(err(500, 'wrong ack', 'INTERNAL_SERVER_ERROR'));
  expect((await call('POST', '/subscriptions/s:modifyOffset', '{"offset":9}')).json).toEqual(
    err(400, 'Offset out of bounds'),
  );
  expect((await call('GET', '/subscriptions/s:offsets')).json).toEqual({
    max: 3,
    min: 0,
    current: 0,
  });
  expect(
    (await call('GET', '/subscriptions/s:timeToOffset?time=2026-01-01T00:00:00Z')).json,
  ).toEqual(err(400, 'Time is not in valid Zulu format.'));
  expect(
    (await call('GET', '/subscriptions/s:timeToOffset?time=2999-01-01T00:00:00.000Z')).json,
  ).toEqual(
    err(409, "Timestamp is out of bounds for the subscription's topic/partition", 'CONFLICT'),
  );
  expect(
    (await call('POST', '/subscriptions/s:modifyAckDeadline', '{"ackDeadlineSeconds":601}')).status,
  ).toBe(400);
});

it('reproduces the out-of-bounds offset bug only when asked', async () => {
  const { call } = start({ storeOutOfBoundsOffset: true });
  await call('PUT', '/topics/t');
  await call('PUT', '/subscriptions/s', '{"topic":"projects/P/topics/t"}');
  expect((await call('POST', '/subscriptions/s:modifyOffset', '{"offset":5}')).status).toBe(400);
  expect((await call('GET', '/subscriptions/s:offsets')).json).toMatchObject({ current: 5 });
});

it('a message over the broker limit is a 413 and the ones before it stay stored', async () => {
  const { call } = start({ maxMessageBytes: 10 });
  await call('PUT', '/topics/t');
  await call('PUT', '/subscriptions/s', '{"topic":"projects/P/topics/t"}');
  const body = '{"messages":[{"data":"YQ=="},{"data":"QUFBQUFBQUFBQUFBQUFB"}]}';
  expect((await call('POST', '/topics/t:publish', body)).json).toEqual(
    err(413, 'Message size is too large'),
  );
  expect((await call('GET', '/subscriptions/s:offsets')).json).toEqual({
    max: 1,
    min: 0,
    current: 0,
  });
});

it('a returnImmediately "false" pull waits for maxMessages, an empty one returns at once', async () => {
  const { call } = start({ pullWaitMs: 10_000 });
  await call('PUT', '/topics/t');
  await call('PUT', '/subscriptions/s', '{"topic":"projects/P/topics/t"}');
  const wait = '{"maxMessages":"2","returnImmediately":"false"}';
  expect((await call('POST', '/subscriptions/s:pull', wait)).json).toEqual({
    receivedMessages: [],
  });
  await call('POST', '/topics/t:publish', '{"messages":[{"data":"YQ=="}]}');
  const pending = call('POST', '/subscriptions/s:pull', wait);
  await call('POST', '/topics/t:publish', '{"messages":[{"data":"Yg=="}]}');
  const { json } = await pending;
  expect((json as { receivedMessages: unknown[] }).receivedMessages).toHaveLength(2);
});

it('a subscription starts at the topic max and carries the full empty pushConfig', async () => {
  const { call } = start();
  await call('PUT', '/topics/t');
  await call('POST', '/topics/t:publish', '{"messages":[{"data":"msg 1"}]}');
  const sub = await call(
    'PUT',
    '/subscriptions/s',
    '{"topic":"projects/P/topics/t","ackDeadlineSeconds":0}',
  );
  expect(sub.json).toMatchObject({
    ackDeadlineSeconds: 10,
    pushConfig: { verified: false, mattermostUrl: '', base64Decode: false },
  });
  expect(sub.json).toHaveProperty('createdOn');
  expect((await call('GET', '/subscriptions/s:offsets')).json).toEqual({
    max: 1,
    min: 0,
    current: 1,
  });
  expect((await call('PUT', '/subscriptions/s', '{"topic":"projects/P/topics/t"}')).json).toEqual(
    err(409, 'Subscription already exists', 'ALREADY_EXISTS'),
  );
});

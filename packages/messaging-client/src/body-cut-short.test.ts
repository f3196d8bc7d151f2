import { afterEach, expect, it } from 'vitest';
import { AmsMessage, AmsUser, ArgoMessagingService, isAmsConnectionException } from './index.js';
import { createAmsSimulator } from './testing/index.js';

/*
 * A 200 whose body is cut off mid-way (the connection reset after a few bytes): the body is read
 * inside http-core's attempt, so an idempotent call is retried; a call that must not be repeated
 * fails with AmsConnectionException, never with `TypeError: terminated`.
 */

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function setup() {
  const sim = createAmsSimulator({ project: 'P', token: 'tok-cut' });
  const server = await sim.listen();
  closers.push(server.close);
  const ams = new ArgoMessagingService({
    endpoint: server.url,
    token: 'tok-cut',
    project: 'P',
    retry: { limit: 2, sleep: async () => {} },
  });
  await ams.createTopic('t');
  await ams.createSub('s', 't');
  return { sim, ams };
}

const cut = { kind: 'truncate' as const };

it('retries reads, publish, pull and the offset calls whose answer was cut short', async () => {
  const { sim, ams } = await setup();
  sim.faults.next(cut);
  expect((await ams.getTopic('t')).name).toBe('/projects/P/topics/t');
  sim.faults.next(cut);
  expect(await ams.publish('t', new AmsMessage({ data: 'a' }))).toEqual(['0']);
  sim.faults.next(cut, cut);
  const pulled = await ams.pullSub('s');
  expect(pulled.map((p) => p.message.text())).toEqual(['a']);
  sim.faults.next(cut);
  expect(await ams.listTopics()).toMatchObject({ totalSize: 1 });
  sim.faults.next(cut);
  expect(await ams.getoffsetsSub('s')).toEqual({ max: 1, min: 0, current: 0 });
  sim.faults.next(cut);
  await ams.modifyoffsetSub('s', 1);
  sim.faults.next(cut);
  expect(await ams.getUserProfile()).toMatchObject({ name: 'admin' });
  expect(sim.faults.stats()).toMatchObject({ truncate: 8 });
});

it('does not repeat a call that is not idempotent: an AmsConnectionException names the route', async () => {
  const { sim, ams } = await setup();
  sim.faults.next(cut);
  const error = await ams
    .createUser(new AmsUser({ name: 'u1', projects: [{ project: 'P', roles: ['consumer'] }] }))
    .catch((e: unknown) => e);
  expect(isAmsConnectionException(error)).toBe(true);
  expect(error).toMatchObject({ route: 'user_create' });
  expect(sim.faults.stats()).toMatchObject({ truncate: 1 });
  expect(sim.state.users.has('u1')).toBe(false);
  // Three cuts in a row exhaust the retries of an idempotent call: the same exception.
  sim.faults.next(cut, cut, cut);
  const exhausted = await ams.getTopic('t').catch((e: unknown) => e);
  expect(isAmsConnectionException(exhausted)).toBe(true);
  expect(exhausted).toMatchObject({ route: 'topic_get' });
});

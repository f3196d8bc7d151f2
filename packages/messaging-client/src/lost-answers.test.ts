import { afterEach, expect, it } from 'vitest';
import { AmsUser, ArgoMessagingService, isAmsConnectionException } from './index.js';
import { createAmsSimulator } from './testing/index.js';

/*
 * AMS applied the call, then its answer was lost: the retry of a create finds what the first
 * attempt made (409), the retry of a delete finds nothing (404). Both resolve as the first
 * attempt did. A rename is not repeated at all: the retry would address the old name.
 */

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function setup() {
  const sim = createAmsSimulator({ project: 'P', token: 'tok-lost' });
  const server = await sim.listen();
  closers.push(server.close);
  const ams = new ArgoMessagingService({
    endpoint: server.url,
    token: 'tok-lost',
    project: 'P',
    retry: { limit: 2, sleep: async () => {} },
  });
  const lose = (method: string, suffix: string) =>
    sim.lostAnswers.next(1, (m, path) => m === method && path.endsWith(suffix));
  return { sim, ams, lose };
}

it('a create whose answer was lost resolves with what it made', async () => {
  const { sim, ams, lose } = await setup();
  lose('PUT', '/topics/t');
  expect(await ams.createTopic('t')).toMatchObject({ name: '/projects/P/topics/t' });
  lose('PUT', '/subscriptions/s');
  expect(await ams.createSub('s', 't', { ackDeadlineSeconds: 30 })).toMatchObject({
    name: '/projects/P/subscriptions/s',
    topic: '/projects/P/topics/t',
    ackDeadlineSeconds: 30,
  });
  expect(sim.lostAnswers.stats()).toEqual({ other: 2 });
  // A 409 on the first attempt is still an error: the resource was there before.
  await expect(ams.createTopic('t')).rejects.toMatchObject({ status: 409, retryCount: 0 });
  // So is a subscription found on another topic after a retry.
  await ams.createTopic('other');
  lose('PUT', '/subscriptions/s2');
  await ams.createSub('s2', 'other');
  await expect(ams.createSub('s2', 't')).rejects.toMatchObject({ status: 409 });
});

it('a delete whose answer was lost resolves; a delete of nothing still fails', async () => {
  const { sim, ams, lose } = await setup();
  await ams.createTopic('t');
  await ams.createSub('s', 't');
  await ams.createUser(
    new AmsUser({ name: 'u1', projects: [{ project: 'P', roles: ['consumer'] }] }),
  );
  await ams.createProject('Q');
  lose('DELETE', '/subscriptions/s');
  await ams.deleteSub('s');
  lose('DELETE', '/topics/t');
  await ams.deleteTopic('t');
  lose('DELETE', '/users/u1');
  await ams.deleteUser('u1');
  lose('DELETE', '/projects/Q');
  await ams.deleteProject('Q');
  expect(sim.lostAnswers.stats()).toEqual({ other: 4 });
  expect(await ams.hasTopic('t')).toBe(false);
  await expect(ams.deleteTopic('t')).rejects.toMatchObject({ status: 404, retryCount: 0 });
});

it('a rename whose answer was lost is not repeated: the outcome is unknown, not a 404', async () => {
  const { sim, ams, lose } = await setup();
  await ams.createUser(
    new AmsUser({ name: 'u1', projects: [{ project: 'P', roles: ['consumer'] }] }),
  );
  lose('PUT', '/users/u1');
  const renamed = await ams.updateUser('u1', { username: 'u2' }).catch((e: unknown) => e);
  expect(isAmsConnectionException(renamed)).toBe(true);
  expect(sim.state.users.has('u2')).toBe(true);
  await ams.createProject('Q');
  lose('PUT', '/projects/Q');
  const project = await ams.updateProject('Q', { name: 'R' }).catch((e: unknown) => e);
  expect(isAmsConnectionException(project)).toBe(true);
  // Without a rename the update is repeated like any PUT.
  lose('PUT', '/users/u2');
  expect(await ams.updateUser('u2', { email: 'e@x.org' })).toMatchObject({ email: 'e@x.org' });
});

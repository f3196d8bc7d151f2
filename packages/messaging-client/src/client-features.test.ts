import { type InputValidationError, isInputValidationError } from '@connectorkit/http-core';
import { afterEach, expect, it } from 'vitest';
import { AmsMessage, AmsUser, ArgoMessagingService, isAmsMessageException } from './index.js';
import { createAmsSimulator } from './testing/index.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

it('an ack whose response was lost resolves once the offsets show it landed', async () => {
  const sim = createAmsSimulator({ project: 'P', token: 'k' });
  let dropNextAck = true;
  const ams = new ArgoMessagingService({
    endpoint: 'http://ams.test',
    token: 'k',
    project: 'P',
    retry: { limit: 2, sleep: async () => {} },
    fetch: async (input, init) => {
      const response = await sim.fetch(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith(':acknowledge') && dropNextAck) {
        dropNextAck = false;
        throw new TypeError('fetch failed'); // the service applied the ack; the answer was lost
      }
      return response;
    },
  });
  await ams.createTopic('t');
  await ams.createSub('s', 't');
  await ams.publish('t', [new AmsMessage({ data: 'a' }), new AmsMessage({ data: 'b' })]);
  const pulled = await ams.pullSub('s', { num: 2 });
  await expect(
    ams.ackSub(
      's',
      pulled.map((p) => p.ackId),
    ),
  ).resolves.toBe(true);
  expect(sim.offsets('s', 'P')).toEqual({ max: 2, min: 0, current: 2 });
});

it('seeks by time, to start and to end, and finds offsets by time in UTC with milliseconds', async () => {
  let now = Date.parse('2026-01-01T00:00:00.000Z');
  const sim = createAmsSimulator({ project: 'P', token: 'k', now: () => now });
  const ams = new ArgoMessagingService({
    endpoint: 'http://ams.test',
    token: 'k',
    project: 'P',
    fetch: sim.fetch,
  });
  await ams.createTopic('t');
  await ams.createSub('s', 't');
  for (let i = 0; i < 4; i++) {
    await ams.publish('t', new AmsMessage({ data: `m${i}` }));
    now += 60_000;
  }
  expect(await ams.timeToOffsetSub('s', new Date('2026-01-01T00:02:00.000Z'))).toBe(2);
  expect(await ams.seekToTime('s', new Date('2026-01-01T00:01:30.000Z'))).toBe(2);
  expect((await ams.pullSub('s'))[0]?.message.text()).toBe('m2');
  expect(await ams.seekToTime('s', new Date('2027-01-01T00:00:00.000Z'))).toBe(4);
  expect(await ams.seekToStart('s')).toBe(0);
  const sub = await (await ams.topic('t')).subscription('s');
  expect(await sub.offsets()).toEqual({ max: 4, min: 0, current: 0 });
  expect(await sub.offsets({ moveTo: 3 })).toMatchObject({ current: 3 });
  expect(await ams.seekToEnd('s')).toBe(4);
  expect(await ams.pullSub('s')).toEqual([]);
});

it('pages users with pageToken and details=true, and manages projects and members', async () => {
  const sim = createAmsSimulator({ project: 'P', token: 'k' });
  const ams = new ArgoMessagingService({
    endpoint: 'http://ams.test',
    token: 'k',
    project: 'P',
    fetch: sim.fetch,
  });
  for (const name of ['u1', 'u2', 'u3']) {
    await ams.createUser(
      new AmsUser({
        name,
        email: `${name}@x.org`,
        projects: [{ project: 'P', roles: ['consumer'] }],
      }),
    );
  }
  const page = await ams.listUsers({ pageSize: 2 });
  expect(page.users.map((u) => u.name)).toEqual(['u3', 'u2']);
  expect(page.totalSize).toBe(4);
  const all: string[] = [];
  for await (const user of ams.iterUsers({ pageSize: 1 })) all.push(user.name);
  expect(all).toEqual(['u3', 'u2', 'u1', 'admin']);
  const updated = await ams.updateUser('u1', { email: 'new@x.org' });
  expect(updated).toMatchObject({
    email: 'new@x.org',
    projects: [{ project: 'P', roles: ['consumer'] }],
  });
  const refreshed = await ams.refreshUserToken('u1');
  expect((await ams.getUserByToken(refreshed.token)).name).toBe('u1');
  expect((await ams.getUserByUuid(refreshed.uuid)).name).toBe('u1');
  expect((await ams.getUserProfile()).name).toBe('admin');
  await ams.createProject('Q', 'second');
  expect(await ams.getProject('Q')).toMatchObject({ name: 'Q', description: 'second' });
  await ams.addProjectMember('u2', { project: 'Q', roles: ['publisher'] });
  expect((await ams.getProjectMember('u2', { project: 'Q' })).projects).toContainEqual(
    expect.objectContaining({ project: 'Q', roles: ['publisher'] }),
  );
  await ams.createProjectMember('u9', { project: 'Q', roles: ['consumer'], email: 'u9@x.org' });
  await ams.removeProjectMember('u2', { project: 'Q' });
  await expect(ams.getProjectMember('u2', { project: 'Q' })).rejects.toMatchObject({ status: 404 });
  await ams.deleteUser('u3');
  await expect(ams.getUser('u3')).rejects.toMatchObject({ status: 404 });
  expect(await ams.status()).toMatchObject({ status: 'ok' });
  expect(
    await ams.vaMetrics({
      projects: ['P'],
      startDate: new Date('2026-01-01'),
      endDate: new Date('2026-01-02'),
    }),
  ).toMatchObject({
    projects: [{ project: 'P' }],
  });
  expect(String(new AmsUser({ name: 'x', token: 'hidden-tok' }).toJson())).not.toContain(
    'hidden-tok',
  );
});

it('batches publishes by count and refuses a message over 1.5 MB before sending', async () => {
  const sim = createAmsSimulator({ project: 'P', token: 'k' });
  let requests = 0;
  const ams = new ArgoMessagingService({
    endpoint: 'http://ams.test',
    token: 'k',
    project: 'P',
    fetch: (input, init) => {
      requests++;
      return sim.fetch(input, init);
    },
  });
  await ams.createTopic('t');
  requests = 0;
  const publisher = ams.publisher('t', { maxMessages: 10, maxDelayMs: 1 });
  const ids = await Promise.all(
    Array.from({ length: 25 }, (_, i) => publisher.publish(`m${i}`, { i: String(i) })),
  );
  await publisher.flush();
  expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => String(i)));
  expect(requests).toBe(3);
  const big = await publisher.publish(new Uint8Array(1_200_000)).catch((e: unknown) => e);
  expect(isAmsMessageException(big)).toBe(true);
  expect(requests).toBe(3);
});

it('a batching publisher keeps at most maxInFlight requests open, whatever the producer does', async () => {
  const sim = createAmsSimulator({ project: 'P', token: 'k' });
  let open = 0;
  let mostOpen = 0;
  let requests = 0;
  const ams = new ArgoMessagingService({
    endpoint: 'http://ams.test',
    token: 'k',
    project: 'P',
    fetch: async (input, init) => {
      requests++;
      mostOpen = Math.max(mostOpen, ++open);
      try {
        // A macrotask per request, as a network round trip has: the producer's loop runs first.
        await new Promise((resolve) => setImmediate(resolve));
        return await sim.fetch(input, init);
      } finally {
        open--;
      }
    },
  });
  await ams.createTopic('t');
  requests = 0;
  mostOpen = 0;
  const publisher = ams.publisher('t', { maxMessages: 10, maxInFlight: 2 });
  // A producer that never awaits: 20 full batches are cut in one go.
  const ids = Array.from({ length: 200 }, (_, i) => publisher.publish(`m${i}`));
  await publisher.flush();
  // Every message published once (two batches in flight may land in either order).
  const got = (await Promise.all(ids)).map(Number).sort((a, b) => a - b);
  expect(got).toEqual(Array.from({ length: 200 }, (_, i) => i));
  expect(requests).toBe(20);
  expect(mostOpen).toBe(2);
  // Publisher options that would stall or flood it are refused before any request.
  requests = 0;
  for (const bad of [{ maxInFlight: 0 }, { maxMessages: 2.5 }, { maxDelayMs: -1 }]) {
    const error = (() => {
      try {
        ams.publisher('t', bad);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isInputValidationError(error)).toBe(true);
    const [field] = Object.keys(bad);
    expect((error as InputValidationError).issues[0]?.path).toBe(`publisher options.${field}`);
  }
  expect(requests).toBe(0);
});

it("publish and pull take the seed's retry knobs: attempts = retry + 1", async () => {
  const sim = createAmsSimulator({ project: 'P', token: 'k' });
  const server = await sim.listen();
  closers.push(server.close);
  const ams = new ArgoMessagingService({
    endpoint: server.url,
    token: 'k',
    project: 'P',
    retry: false,
  });
  await ams.createTopic('t');
  await ams.createSub('s', 't');
  const page = {
    kind: 'status' as const,
    status: 503,
    body: '<html>503</html>',
    contentType: 'text/html',
  };
  sim.faults.next(page, page);
  await expect(
    ams.publish('t', new AmsMessage({ data: 'a' }), { retry: 2, retrysleep: 0 }),
  ).resolves.toEqual(['0']);
  sim.faults.next(page, page);
  const failed = await ams.pullSub('s', { retry: 1, retrybackoff: 0 }).catch((e: unknown) => e);
  expect(failed).toMatchObject({ status: 503, retryCount: 1, errorMessage: '<html>503</html>' });
  expect((await ams.pullSub('s'))[0]?.message.text()).toBe('a');
});

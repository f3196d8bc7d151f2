import { afterEach, expect, it } from 'vitest';
import { AmsMessage, ArgoMessagingService, isAmsServiceException } from './index.js';
import { createAmsSimulator } from './testing/index.js';

/* A 429 is retried on every call, after the wait its Retry-After asks for (sleep injected). */

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function setup() {
  const sim = createAmsSimulator({ project: 'P', token: 'tok-429' });
  const server = await sim.listen();
  closers.push(server.close);
  const slept: number[] = [];
  let requests = 0;
  const ams = new ArgoMessagingService({
    endpoint: server.url,
    token: 'tok-429',
    project: 'P',
    retry: {
      limit: 2,
      sleep: async (ms) => {
        slept.push(ms);
      },
    },
    logger: (event) => {
      if (event.type === 'request') requests++;
    },
  });
  await ams.createTopic('t');
  await ams.createSub('s', 't');
  requests = 0;
  const tooMany = (retryAfter: number) => ({ kind: 'status' as const, status: 429, retryAfter });
  return { sim, ams, slept, tooMany, requests: () => requests };
}

it('retries a 429 on reads, publish, pull and ack, waiting as long as Retry-After says', async () => {
  const { sim, ams, slept, tooMany, requests } = await setup();
  sim.faults.next(tooMany(7));
  expect((await ams.getTopic('t')).name).toBe('/projects/P/topics/t');
  sim.faults.next(tooMany(3), tooMany(4));
  expect(await ams.publish('t', new AmsMessage({ data: 'a' }))).toEqual(['0']);
  // The seed's knobs (60 s between attempts) give way to the server's Retry-After.
  sim.faults.next(tooMany(2));
  const [pulled] = await ams.pullSub('s', { retry: 1, retrysleep: 60 });
  sim.faults.next(tooMany(1));
  await expect(ams.ackSub('s', [pulled?.ackId ?? ''])).resolves.toBe(true);
  expect(slept).toEqual([7000, 3000, 4000, 2000, 1000]);
  expect(requests()).toBe(4 + 5);
  expect(sim.offsets('s')).toEqual({ max: 1, min: 0, current: 1 });
});

it('gives up with a 429 AmsServiceException when Retry-After asks for more than a minute', async () => {
  const { sim, ams, slept, tooMany, requests } = await setup();
  sim.faults.next(tooMany(3600));
  const error = await ams.getTopic('t').catch((e: unknown) => e);
  expect(isAmsServiceException(error)).toBe(true);
  expect(error).toMatchObject({ status: 429, retryCount: 0 });
  expect(slept).toEqual([]);
  expect(requests()).toBe(1);
});

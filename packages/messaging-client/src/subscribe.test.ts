import { seededRandom } from '@connectorkit/http-core/testing';
import { afterEach, expect, it } from 'vitest';
import { AmsMessage, ArgoMessagingService, isAmsConnectionException } from './index.js';
import { balancerFault, createAmsSimulator } from './testing/index.js';

const TOKEN = 'sub-S3cret-tok';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function setup() {
  const sim = createAmsSimulator({
    token: TOKEN,
    project: 'P',
    faults: { random: seededRandom(7) },
  });
  const server = await sim.listen();
  closers.push(server.close);
  const lines: string[] = [];
  const ams = new ArgoMessagingService({
    endpoint: server.url,
    token: TOKEN,
    project: 'P',
    retry: { limit: 4, sleep: async () => {} },
    warn: (m) => lines.push(m),
    logger: (e) => lines.push(JSON.stringify(e)),
  });
  await ams.createTopic('t');
  await ams.createSub('s', 't');
  return { sim, ams, lines };
}

it('processes every message at least once and acks them all through balancer errors and resets', async () => {
  const { sim, ams, lines } = await setup();
  const total = 400;
  const publisher = ams.publisher('t', { maxMessages: 50 });
  const ids = await Promise.all(
    Array.from({ length: total }, (_, i) => publisher.publish(`m${i}`)),
  );
  expect(new Set(ids).size).toBe(total);
  sim.faults.setRate(0.25, [
    balancerFault(502),
    balancerFault(503),
    balancerFault(504),
    { kind: 'reset' },
  ]);
  const seen = new Set<string>();
  const errors: string[] = [];
  const subscriber = ams.subscribe('s', (m) => void seen.add(m.text()), {
    maxMessages: 40,
    concurrency: 4,
    sleep: async () => {},
    onError: (e) => errors.push(String(e)),
  });
  while (sim.offsets('s').current < total) await new Promise((r) => setTimeout(r, 5));
  const report = await subscriber.close();
  sim.faults.setRate(0);
  const stats = sim.faults.stats();
  const injected = ['status:502', 'status:503', 'status:504', 'reset'].map((k) => stats[k] ?? 0);
  expect(injected.every((n) => n > 0)).toBe(true);
  expect(seen.size).toBe(total);
  expect(report.processed).toBeGreaterThanOrEqual(total);
  expect(await ams.getoffsetsSub('s')).toEqual({ max: total, min: 0, current: total });
  expect([...lines, ...errors].join('\n')).not.toContain(TOKEN);
});

it('leaves a failed message and those after it for the next pull, acking only the contiguous prefix', async () => {
  const { ams } = await setup();
  await ams.publish(
    't',
    [0, 1, 2, 3].map((n) => new AmsMessage({ data: String(n) })),
  );
  let failOnce = true;
  const handled: string[] = [];
  const subscriber = ams.subscribe(
    's',
    (m) => {
      if (m.text() === '2' && failOnce) {
        failOnce = false;
        throw new Error('transient');
      }
      handled.push(m.text());
    },
    { concurrency: 1, stopWhenEmpty: true, sleep: async () => {}, onError: () => {} },
  );
  const report = await subscriber.done;
  expect(handled).toEqual(['0', '1', '3', '2', '3']);
  expect(report).toEqual({ processed: 5, failed: 1, acked: 4 });
});

it('pullackSub pulls again after an ack timeout, and gives up after maxResets', async () => {
  let now = 1_700_000_000_000;
  const sim = createAmsSimulator({ token: TOKEN, project: 'P', now: () => now });
  const server = await sim.listen();
  closers.push(server.close);
  const ams = new ArgoMessagingService({ endpoint: server.url, token: TOKEN, project: 'P' });
  await ams.createTopic('t');
  await ams.createSub('s', 't', { ackDeadlineSeconds: 1 });
  await ams.publish('t', new AmsMessage({ data: 'x' }));
  // Each pull is followed by a clock jump past the deadline, so every ack gets 408.
  sim.faults.setRate(0);
  const slow = new ArgoMessagingService({
    endpoint: server.url,
    token: TOKEN,
    project: 'P',
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      if (String(input instanceof Request ? input.url : input).endsWith(':pull')) now += 3_000;
      return res;
    },
  });
  await expect(slow.pullackSub('s', { maxResets: 2 })).rejects.toMatchObject({ status: 408 });
  const [message] = await ams.pullackSub('s');
  expect(message?.text()).toBe('x');
  expect(await ams.getoffsetsSub('s', 'current')).toBe(1);
});

it('warns before the ack deadline, stops on abort, and a stalled call ends as AmsConnectionException', async () => {
  const { sim, ams, lines } = await setup();
  await ams.publish('t', new AmsMessage({ data: 'slow' }));
  const controller = new AbortController();
  const subscriber = ams.subscribe(
    's',
    async () => {
      await new Promise((r) => setTimeout(r, 30));
      controller.abort();
    },
    { ackDeadlineSeconds: 0, signal: controller.signal, sleep: async () => {} },
  );
  expect(await subscriber.done).toEqual({ processed: 1, failed: 0, acked: 1 });
  expect(lines.some((l) => l.includes('ack deadline'))).toBe(true);
  sim.faults.next({ kind: 'stall' });
  const extra = await sim.listen();
  closers.push(extra.close);
  const hurried = new ArgoMessagingService({
    endpoint: extra.url,
    token: TOKEN,
    project: 'P',
    timeout: 50,
    retry: false,
  });
  const stalled = await hurried.getTopic('t').catch((e: unknown) => e);
  expect(isAmsConnectionException(stalled)).toBe(true);
  sim.faults.clear();
});

it('stops with the error when the subscription is missing or forbidden', async () => {
  const { ams } = await setup();
  const subscriber = ams.subscribe('ghost', () => {}, { sleep: async () => {} });
  await expect(subscriber.done).rejects.toMatchObject({
    status: 404,
    errorMessage: "Subscription doesn't exist",
  });
});

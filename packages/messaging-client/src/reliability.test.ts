import { inspect } from 'node:util';
import type { HttpLogEvent } from '@connectorkit/http-core';
import { seededRandom } from '@connectorkit/http-core/testing';
import { afterEach, expect, it } from 'vitest';
import { AmsMessage, ArgoMessagingService } from './index.js';
import { balancerFault, createAmsSimulator } from './testing/index.js';

const TOKEN = 'rel-T0ken-7c1e9';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

type Call = 'publish' | 'pull' | 'acknowledge';
const MESSAGE_CALL = /:(publish|pull|acknowledge)$/;
const isKind = (kind: string) => (_method: string, path: string) => path.endsWith(`:${kind}`);
const FAULTS = [
  balancerFault(502),
  balancerFault(503),
  balancerFault(504),
  { kind: 'reset' as const },
];

async function setup() {
  // Faults only on the message calls. While a call has a budget, queued faults go to it alone;
  // once `random` is on, every message call may get a random one.
  const budget: Record<Call, number> = { publish: 0, pull: 0, acknowledge: 0 };
  const faultsOn = { budget, random: false };
  const sim = createAmsSimulator({
    token: TOKEN,
    project: 'P',
    authOption: 'header',
    faults: {
      random: seededRandom(11),
      match: (req) => {
        const call = MESSAGE_CALL.exec(req.url?.split('?')[0] ?? '')?.[1] as Call | undefined;
        if (call === undefined) return false;
        if (budget[call] > 0) {
          budget[call]--;
          return true;
        }
        return faultsOn.random;
      },
    },
  });
  const server = await sim.listen();
  closers.push(server.close);
  const events: HttpLogEvent[] = [];
  const lines: string[] = [];
  const ams = new ArgoMessagingService({
    endpoint: server.url,
    token: TOKEN,
    project: 'P',
    retry: { limit: 4, sleep: async () => {} },
    warn: (m) => lines.push(m),
    logger: (e) => {
      events.push(e);
      lines.push(JSON.stringify(e));
    },
  });
  await ams.createTopic('t');
  await ams.createSub('s', 't', { ackDeadlineSeconds: 60 });
  return { sim, ams, events, lines, faultsOn };
}

it('with balancer pages, resets and lost answers on publish, pull and ack, subscribe() processes and acks every message; no token anywhere', async () => {
  const { sim, ams, events, lines, faultsOn } = await setup();
  const errors: unknown[] = [];
  const seen = new Map<string, number>();
  const published: string[] = [];
  const publisher = ams.publisher('t', { maxMessages: 20, maxDelayMs: 1 });
  // An at-least-once producer: a message whose publish failed after every retry is sent again.
  const publishOne = async (i: number): Promise<void> => {
    for (;;) {
      try {
        published.push(await publisher.publish(`m${i}`, { n: String(i) }));
        return;
      } catch (error) {
        errors.push(error);
      }
    }
  };

  // Each kind of fault, deterministically, on each message call: 4 faults, then the 5th attempt.
  faultsOn.budget.publish = 4;
  sim.faults.next(...FAULTS);
  await publishOne(0);
  faultsOn.budget.pull = 4;
  faultsOn.budget.acknowledge = 4;
  sim.faults.next(...FAULTS, ...FAULTS);
  const subscriber = ams.subscribe(
    's',
    (m) => {
      seen.set(m.messageId, (seen.get(m.messageId) ?? 0) + 1);
    },
    { maxMessages: 50, concurrency: 4, maxIdleMs: 5, onError: (e) => errors.push(e) },
  );
  while (sim.offsets('s').current < 1) await new Promise((r) => setTimeout(r, 2));

  // Then random faults while publishing and consuming at once, plus one lost answer of each kind.
  sim.lostAnswers.next(1, isKind('publish'));
  sim.lostAnswers.next(1, isKind('pull'));
  sim.lostAnswers.next(1, isKind('acknowledge'));
  sim.lostAnswers.setRate(0.1);
  sim.faults.setRate(0.2, FAULTS);
  faultsOn.random = true;
  const total = 1000;
  await Promise.all(Array.from({ length: total - 1 }, (_, i) => publishOne(i + 1)));
  // Every publish has returned, so `max` is final; the consumer is done once the cursor reaches it.
  const acked = () => sim.offsets('s').current === sim.offsets('s').max;
  while (!acked()) await new Promise((r) => setTimeout(r, 2));
  const report = await subscriber.close();
  sim.faults.clear();
  sim.lostAnswers.clear();

  // Every kind of fault reached every message call (the retries say which call and why).
  const reasons = (call: string) =>
    new Set(events.flatMap((e) => (e.type === 'retry' && e.url.endsWith(call) ? [e.reason] : [])));
  for (const call of [':publish', ':pull', ':acknowledge']) {
    expect([...reasons(call)]).toEqual(
      expect.arrayContaining(['502', '503', '504', 'NetworkError']),
    );
  }
  expect(sim.lostAnswers.stats()).toMatchObject({
    publish: expect.any(Number),
    pull: expect.any(Number),
    acknowledge: expect.any(Number),
  });

  // None lost: every id a publish returned was processed; every stored message (retried publishes
  // may store duplicates) was processed and the cursor is at the end.
  expect(new Set(published).size).toBe(total);
  const offsets = await ams.getoffsetsSub('s');
  expect(offsets.current).toBe(offsets.max);
  expect(offsets.max).toBeGreaterThanOrEqual(total);
  expect(published.filter((id) => !seen.has(id))).toEqual([]);
  expect(seen.size).toBe(offsets.max);
  expect(report.processed).toBeGreaterThanOrEqual(offsets.max);
  expect(report.failed).toBe(0);

  // No token in any log line, warning, error message or inspected error, publisher or client;
  // among the errors, one of each kind a caller meets once the retries have run out.
  faultsOn.budget.pull = 5;
  sim.faults.next(...Array.from({ length: 5 }, () => balancerFault(503)));
  const balancer = await ams.pullSub('s').catch((e: unknown) => e);
  faultsOn.budget.publish = 5;
  sim.faults.next(...Array.from({ length: 5 }, () => ({ kind: 'reset' as const })));
  const connection = await ams.publish('t', new AmsMessage({ data: 'x' })).catch((e: unknown) => e);
  const service = await ams.ackSub('s', ['projects/P/subscriptions/s:9']).catch((e: unknown) => e);
  expect(balancer).toMatchObject({ name: 'AmsBalancerException', status: 503, retryCount: 4 });
  expect(connection).toMatchObject({ name: 'AmsConnectionException', route: 'topic_publish' });
  expect(service).toMatchObject({
    name: 'AmsServiceException',
    status: 500,
    serviceCode: 'INTERNAL_SERVER_ERROR',
    envelopeCode: 500,
  });
  errors.push(balancer, connection, service);
  expect(lines.length).toBeGreaterThan(100);
  const texts = [
    ...lines,
    ...errors.flatMap((e) => [
      String(e),
      (e as Error).message,
      inspect(e, { depth: 10, showHidden: true }),
      JSON.stringify(e),
    ]),
    inspect(ams, { depth: 10, showHidden: true }),
    inspect(publisher, { depth: 10 }),
    inspect(subscriber, { depth: 10 }),
  ];
  for (const text of texts) expect(text).not.toContain(TOKEN);
});

it('an answer lost after AMS applied it: a retried publish stores twice, a retried ack resolves from the offsets', async () => {
  const { sim, ams, events } = await setup();
  sim.lostAnswers.next(1, isKind('publish'));
  const ids = await ams.publish('t', new AmsMessage({ data: 'once' }));
  expect(ids).toEqual(['1']); // the first attempt stored offset 0, its answer never came
  expect(sim.offsets('s')).toEqual({ max: 2, min: 0, current: 0 });

  const pulled = await ams.pullSub('s', { num: 10 });
  expect(pulled.map((p) => p.message.text())).toEqual(['once', 'once']);
  sim.lostAnswers.next(1, isKind('acknowledge'));
  await expect(
    ams.ackSub(
      's',
      pulled.map((p) => p.ackId),
    ),
  ).resolves.toBe(true);
  // The retry got 500 "no ack pending" (the first ack had landed); the offsets showed it.
  const acks = events.filter((e) => e.type === 'response' && e.url.endsWith(':acknowledge'));
  expect(acks.map((e) => (e.type === 'response' ? e.status : 0))).toEqual([500]);
  expect(sim.offsets('s')).toEqual({ max: 2, min: 0, current: 2 });
  expect(sim.lostAnswers.stats()).toEqual({ publish: 1, acknowledge: 1 });

  // Without a retry the lost ack is a connection error, and the cursor has still moved.
  await ams.publish('t', new AmsMessage({ data: 'again' }));
  const [next] = await ams.pullSub('s');
  sim.lostAnswers.next(1, isKind('acknowledge'));
  const lost = await ams.ackSub('s', [next?.ackId ?? ''], { retry: 0 }).catch((e: unknown) => e);
  expect(lost).toMatchObject({ name: 'AmsConnectionException', route: 'sub_ack' });
  expect(sim.offsets('s').current).toBe(3);
});

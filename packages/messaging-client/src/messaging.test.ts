import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AmsMessage,
  ArgoMessagingService,
  isAmsBalancerException,
  isAmsServiceException,
  isAmsTimeoutException,
} from './index.js';
import { type AmsSimulatorOptions, balancerFault, createAmsSimulator } from './testing/index.js';

const TOKEN = 'tok-S3cret-9f2';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function setup(options: AmsSimulatorOptions = {}) {
  const sim = createAmsSimulator({ token: TOKEN, project: 'P', ...options });
  const server = await sim.listen();
  closers.push(server.close);
  const warnings: string[] = [];
  const ams = new ArgoMessagingService({
    endpoint: server.url,
    token: TOKEN,
    project: 'P',
    retry: { limit: 3, sleep: async () => {} },
    warn: (m) => warnings.push(m),
  });
  return { sim, ams, url: server.url, warnings };
}

describe('topics, subscriptions, publish, pull and ack over loopback HTTP', () => {
  it('publishes base64 data with attributes and pulls it back decoded; names carry a leading slash', async () => {
    const { ams } = await setup();
    expect((await ams.createTopic('orders')).name).toBe('/projects/P/topics/orders');
    const sub = await ams.createSub('indexer', 'orders', { ackDeadlineSeconds: 30 });
    expect(sub).toMatchObject({ topic: '/projects/P/topics/orders', ackDeadlineSeconds: 30 });
    const ids = await ams.publish('orders', [
      new AmsMessage({ data: 'héllo', attributes: { kind: 'order' } }),
      new AmsMessage({ data: new Uint8Array([1, 2, 3]) }),
    ]);
    expect(ids).toEqual(['0', '1']);
    const pulled = await ams.pullSub('indexer', { num: 10 });
    expect(pulled.map((p) => p.ackId)).toEqual([
      'projects/P/subscriptions/indexer:0',
      'projects/P/subscriptions/indexer:1',
    ]);
    expect(pulled[0]?.message.text()).toBe('héllo');
    expect(pulled[0]?.message.attributes).toEqual({ kind: 'order' });
    expect(pulled[0]?.message.publishTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect([...(pulled[1]?.message.data ?? [])]).toEqual([1, 2, 3]);
    expect(await ams.hasTopic('orders')).toBe(true);
    expect(await ams.hasSub('nope')).toBe(false);
  });

  it('pull reads from the committed cursor; ack is cumulative; a repeated ack is 500 "no ack pending"', async () => {
    const { ams } = await setup();
    await ams.createTopic('t');
    await ams.createSub('s', 't');
    await ams.publish(
      't',
      [1, 2, 3].map((n) => new AmsMessage({ data: String(n) })),
    );
    const pulled = await ams.pullSub('s', { num: 3 });
    const again = await ams.pullSub('s', { num: 3 });
    expect(again.map((p) => p.message.messageId)).toEqual(['0', '1', '2']);
    await ams.ackSub('s', [pulled[1]?.ackId ?? '']);
    expect(await ams.getoffsetsSub('s')).toEqual({ max: 3, min: 0, current: 2 });
    const repeated = await ams.ackSub('s', [pulled[1]?.ackId ?? '']).catch((e: unknown) => e);
    expect(isAmsServiceException(repeated) && !isAmsBalancerException(repeated)).toBe(true);
    expect(repeated).toMatchObject({
      status: 500,
      statusText: 'Internal Server Error',
      serviceCode: 'INTERNAL_SERVER_ERROR',
      envelopeStatus: 'INTERNAL_SERVER_ERROR',
      envelopeCode: 500,
      errorMessage: 'no ack pending',
      retryCount: 0,
    });
  });

  it('an ack after the deadline (whole seconds, injected clock) is AmsTimeoutException; the messages come again', async () => {
    let now = 1_700_000_000_000;
    const { ams } = await setup({ now: () => now });
    await ams.createTopic('t');
    await ams.createSub('s', 't', { ackDeadlineSeconds: 5 });
    await ams.publish('t', new AmsMessage({ data: 'x' }));
    const [first] = await ams.pullSub('s');
    now += 5_999;
    const late = await ams.ackSub('s', [first?.ackId ?? '']).catch((e: unknown) => e);
    expect(late).toBe(true);
    await ams.publish('t', new AmsMessage({ data: 'y' }));
    const [second] = await ams.pullSub('s');
    now += 6_000;
    const timedOut = await ams.ackSub('s', [second?.ackId ?? '']).catch((e: unknown) => e);
    expect(isAmsTimeoutException(timedOut)).toBe(true);
    expect((await ams.pullSub('s'))[0]?.message.messageId).toBe('1');
  });

  it('maps the envelope and balancer pages, and keeps the token out of errors', async () => {
    const { sim, ams, url } = await setup();
    const missing = await ams.getTopic('ghost').catch((e: unknown) => e);
    expect(missing).toMatchObject({
      status: 404,
      statusText: 'Not Found',
      serviceCode: 'NOT_FOUND',
      serviceMessage: "Topic doesn't exist",
      envelopeCode: 404,
      envelopeStatus: 'NOT_FOUND',
      errorMessage: "Topic doesn't exist",
      route: 'topic_get',
    });
    sim.faults.next(balancerFault(502), balancerFault(502), balancerFault(502), balancerFault(502));
    const balancer = await ams.getTopic('ghost').catch((e: unknown) => e);
    expect(isAmsBalancerException(balancer)).toBe(true);
    expect(balancer).toMatchObject({
      status: 502,
      statusText: 'Bad Gateway',
      serviceCode: undefined,
      envelopeCode: 502,
      envelopeStatus: '',
      retryCount: 3,
      attempts: 4,
    });
    const stranger = new ArgoMessagingService({
      endpoint: url,
      token: 'tok-Wrong-1x',
      project: 'P',
    });
    const denied = await stranger.listTopics().catch((e: unknown) => e);
    expect(denied).toMatchObject({ status: 401, errorMessage: 'Unauthorized' });
    for (const error of [missing, balancer, denied, ams, stranger]) {
      const text = `${inspect(error, { depth: 8 })}${JSON.stringify(error)}${String(error)}`;
      expect(text).not.toMatch(/tok-S3cret-9f2|tok-Wrong-1x/);
    }
  });

  it('refuses bad names and bad messages before any request', async () => {
    const { ams } = await setup();
    await expect(ams.createTopic('bad name!')).rejects.toThrow(/topic/);
    expect(() => new AmsMessage({})).toThrow(/data or attributes/);
    expect(() => new AmsMessage({ data: 'x', attributes: { k: 'a"b' } })).toThrow(/attribute/);
  });
});

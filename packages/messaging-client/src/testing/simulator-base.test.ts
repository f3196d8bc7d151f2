import {
  createFaultInjector,
  createSimulatorClock,
  startLoopbackServer,
} from '@connectorkit/http-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { AmsMessage, ArgoMessagingService } from '../index.js';
import { balancerFault, createAmsSimulator, type SimulatorListening } from './index.js';

const open: SimulatorListening[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) await server.close();
});
const TOPIC = 'http://ams.test/v1/projects/P/topics/t?key=k';

describe('AMS simulator on the shared simulator base', () => {
  it('listen() resolves to url, port, close, connection counts and certificate (cert kept)', async () => {
    const sim = createAmsSimulator({ project: 'P', token: 'k' });
    const server = await sim.listen();
    open.push(server);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.certificate).toBeUndefined();
    const ams = new ArgoMessagingService({ endpoint: server.url, token: 'k', project: 'P' });
    await ams.createTopic('t');
    expect(server.totalConnections()).toBeGreaterThan(0);
    expect(server.connectionCount()).toBeLessThanOrEqual(server.totalConnections());

    const secure = await sim.listen({ tls: true });
    open.push(secure);
    const authn = await sim.listenAuthn();
    open.push(authn);
    expect(secure.url).toBe(`https://127.0.0.1:${secure.port}`);
    expect(secure.certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(secure.cert).toBe(secure.certificate);
    expect(authn.certificate).toBe(secure.certificate);
    expect(authn.totalConnections()).toBe(0);
    const overTls = new ArgoMessagingService({
      endpoint: secure.url,
      token: 'k',
      project: 'P',
      tls: { ca: secure.certificate ?? '' },
    });
    await overTls.createTopic('over-tls');
    expect(sim.state.topics.has('P/over-tls')).toBe(true);
  });

  it('fetch runs in process through the faults and lost answers', async () => {
    const sim = createAmsSimulator({ project: 'P', token: 'k' });
    sim.faults.next(balancerFault(502));
    const refused = await sim.fetch(TOPIC, { method: 'PUT' });
    expect(refused.status).toBe(502);
    expect(refused.headers.get('content-type')).toBe('text/html');
    expect((await sim.fetch(TOPIC, { method: 'PUT' })).status).toBe(200);

    const ams = new ArgoMessagingService({
      endpoint: 'http://ams.test',
      token: 'k',
      project: 'P',
      fetch: sim.fetch,
      retry: false,
    });
    await ams.createSub('s', 't');
    sim.lostAnswers.next(1, (_method, path) => path.endsWith(':publish'));
    const publish = sim.fetch(`${TOPIC.replace('?', ':publish?')}`, {
      method: 'POST',
      body: JSON.stringify({ messages: [{ data: btoa('once') }] }),
    });
    await expect(publish).rejects.toThrow('fetch failed');
    expect(sim.lostAnswers.stats()).toEqual({ publish: 1 });
    expect(sim.offsets('s')).toMatchObject({ max: 1, current: 0 });
    expect((await ams.pullSub('s'))[0]?.message.text()).toBe('once');
  });

  it('takes faults as an injector or as options', async () => {
    const injector = createFaultInjector();
    expect(createAmsSimulator({ faults: injector }).faults).toBe(injector);
    const sim = createAmsSimulator({
      project: 'P',
      token: 'k',
      faults: { rate: 1, pool: [{ kind: 'status', status: 503 }] },
    });
    expect((await sim.fetch(TOPIC, { method: 'PUT' })).status).toBe(503);
  });

  it('handler is a node:http handler with the faults, and still answers one web Request alone', async () => {
    const sim = createAmsSimulator({ project: 'P', token: 'k' });
    const server = await startLoopbackServer(sim.handler);
    try {
      sim.faults.failNext(1, 503);
      const url = TOPIC.replace('http://ams.test', server.url);
      expect((await fetch(url, { method: 'PUT' })).status).toBe(503);
      expect((await fetch(url, { method: 'PUT' })).status).toBe(200);
    } finally {
      await server.close();
    }
    sim.faults.failNext(1, 503);
    const alone = await sim.handler(new Request(TOPIC));
    expect(alone.status).toBe(200);
    expect(await alone.json()).toMatchObject({ name: '/projects/P/topics/t' });
  });

  it('closing a listening server clears its pending faults and lost answers', async () => {
    const sim = createAmsSimulator({ project: 'P', token: 'k' });
    const server = await sim.listen();
    sim.faults.failNext(3, 503);
    sim.lostAnswers.next(1);
    expect((await sim.fetch(TOPIC, { method: 'PUT' })).status).toBe(503);
    await server.close();
    expect((await sim.fetch(TOPIC, { method: 'PUT' })).status).toBe(200);
  });

  it('runs on the clock it is given', async () => {
    const clock = createSimulatorClock(Date.parse('2026-01-01T00:00:00Z'));
    const sim = createAmsSimulator({ project: 'P', token: 'k', clock });
    expect(sim.clock).toBe(clock);
    clock.advance(60_000);
    const ams = new ArgoMessagingService({
      endpoint: 'http://ams.test',
      token: 'k',
      project: 'P',
      fetch: sim.fetch,
    });
    await ams.createTopic('t');
    await ams.createSub('s', 't');
    await ams.publish('t', new AmsMessage({ data: 'a' }));
    const [received] = await ams.pullSub('s');
    expect(received?.message.publishTime).toMatch(/^2026-01-01T00:01:00\.000/);
    expect(createAmsSimulator({ clock: () => 0 }).clock.now()).toBe(0);
  });
});

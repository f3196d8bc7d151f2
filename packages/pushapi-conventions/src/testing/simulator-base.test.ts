import { get as httpsGet } from 'node:https';
import { createFaultInjector, createSimulatorClock } from '@connectorkit/http-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpPushAPI, PushAPIVersion } from '../index.js';
import { createPapiSimulator, type SimulatorListening } from './index.js';

const open: SimulatorListening[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) await server.close();
});
const PING = '/papi/4/connectors/files/ping';
const overFetch = (fetch: typeof globalThis.fetch) =>
  new HttpPushAPI({
    version: PushAPIVersion.PAPI_V4,
    host: 'papi.test',
    port: 8080,
    connectorName: 'files',
    connectorType: 'fs',
    fetch,
  });

describe('PAPI simulator on the shared simulator base', () => {
  it('listen() resolves to url, port, close, connection counts, and the host HttpPushAPI takes', async () => {
    const sim = createPapiSimulator({ connectorName: 'files' });
    const server = await sim.listen();
    open.push(server);
    expect(server).toMatchObject({ url: `http://127.0.0.1:${server.port}`, host: '127.0.0.1' });
    expect(server.certificate).toBeUndefined();
    const api = new HttpPushAPI(PushAPIVersion.PAPI_V4, server.host, server.port, 'files', 'fs');
    await api.ping();
    expect(server.totalConnections()).toBeGreaterThan(0);
    expect(server.connectionCount()).toBeLessThanOrEqual(server.totalConnections());
  });

  it('tls: true serves HTTPS with a certificate to trust', async () => {
    const sim = createPapiSimulator({ connectorName: 'files' });
    const server = await sim.listen({ tls: true });
    open.push(server);
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);
    const status = await new Promise<number>((resolve, reject) => {
      httpsGet(`${server.url}${PING}`, { ca: server.certificate }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(204);
  });

  it('a client given sim.fetch runs in process, through the faults', async () => {
    const sim = createPapiSimulator({ connectorName: 'files' });
    const api = overFetch(sim.fetch);
    await api.addDocument({ uri: 'docs/a.txt', stamp: 's1' });
    expect(await api.getDocumentStatus('docs/a.txt')).toEqual({
      uri: 'docs/a.txt',
      exist: true,
      stamp: 's1',
    });
    sim.faults.failNext(1, 503);
    expect((await sim.fetch(`http://papi.test${PING}`)).status).toBe(503);
    expect((await sim.fetch(`http://papi.test${PING}`)).status).toBe(204);
  });

  it('takes faults as an injector or as options, and refuses anything else', async () => {
    const injector = createFaultInjector();
    expect(createPapiSimulator({ faults: injector }).faults).toBe(injector);
    const sim = createPapiSimulator({
      connectorName: 'files',
      faults: { rate: 1, pool: [{ kind: 'status', status: 502 }] },
    });
    expect((await sim.fetch(`http://papi.test${PING}`)).status).toBe(502);
    expect(() => createPapiSimulator({ faults: 'often' as never })).toThrow(
      /faults: must be a fault injector \(createFaultInjector\) or its options/,
    );
  });

  it('measures indexing delays on the clock it is given', async () => {
    const clock = createSimulatorClock(Date.parse('2026-01-01T00:00:00Z'));
    const sim = createPapiSimulator({ connectorName: 'files', clock, indexingDelayMs: 5_000 });
    expect(sim.clock).toBe(clock);
    const api = overFetch(sim.fetch);
    await api.addDocument({ uri: 'docs/a.txt', stamp: 's1' });
    const serial = await api.setCheckpoint('c1', '', true);
    await api.triggerIndexingJob();
    expect(await api.areDocumentsSearchable(serial)).toBe(false);
    clock.advance(5_000);
    expect(await api.areDocumentsSearchable(serial)).toBe(true);
    expect(() => createPapiSimulator({ clock: 5 as never })).toThrow(
      /clock: must be a function returning ms or a SimulatorClock/,
    );
  });
});

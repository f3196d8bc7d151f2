import { get as httpsGet, request as httpsRequest } from 'node:https';
import { createFaultInjector, createSimulatorClock } from '@connectorkit/http-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentBuilder } from '../document-builder.js';
import { PushSource } from '../push-source.js';
import { createCoveoSimulator, type SimulatorListening } from './index.js';

const open: SimulatorListening[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) await server.close();
});
const auth = { authorization: 'Bearer sim-api-key' };
const FILES = '/push/v1/organizations/simorg/files';

/** POST /files over HTTPS, trusting `ca`; resolves with the container's upload URL. */
const uploadUriOverTls = (url: string, ca: string) =>
  new Promise<string>((resolve, reject) => {
    const req = httpsRequest(`${url}${FILES}`, { method: 'POST', headers: auth, ca }, (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve(JSON.parse(text).uploadUri));
    });
    req.on('error', reject);
    req.end();
  });

describe('Coveo simulator on the shared simulator base', () => {
  it('listen() resolves to url, port, close, connectionCount, totalConnections', async () => {
    const sim = createCoveoSimulator();
    const server = await sim.listen();
    open.push(server);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.certificate).toBeUndefined();
    const source = new PushSource('sim-api-key', 'simorg', { baseUrl: server.url });
    await source.setSourceStatus('push-source', 'REBUILD');
    expect(sim.sourceStatus('push-source')).toBe('REBUILD');
    expect(server.totalConnections()).toBeGreaterThan(0);
    expect(server.connectionCount()).toBeLessThanOrEqual(server.totalConnections());
  });

  it('tls: true serves HTTPS with a certificate to trust, and hands out https upload URLs', async () => {
    const sim = createCoveoSimulator();
    const server = await sim.listen({ tls: true });
    open.push(server);
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);
    const uploadUri = await uploadUriOverTls(server.url, server.certificate ?? '');
    expect(uploadUri.startsWith(`${server.url}/upload/`)).toBe(true);
    const status = await new Promise<number>((resolve, reject) => {
      httpsGet(uploadUri, { ca: server.certificate }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(405); // served there: only PUT is signed
  });

  it('a source given sim.fetch pushes through file containers in process, faults included', async () => {
    const sim = createCoveoSimulator();
    const source = new PushSource('sim-api-key', 'simorg', {
      fetch: sim.fetch,
      retry: { sleep: async () => {} },
    });
    sim.faults.failNext(1, 503);
    await source.batchUpdateDocuments('push-source', {
      addOrUpdate: [new DocumentBuilder('https://ex.com/a', 'A').withData('body A')],
    });
    expect(sim.documents('push-source').get('https://ex.com/a')).toMatchObject({ data: 'body A' });
    expect(sim.faults.stats()['status:503']).toBe(1);
    // The client talked to Coveo's own HTTPS hosts: the upload URL kept their scheme and host.
    const container = await (
      await sim.fetch(`https://api.cloud.coveo.com${FILES}`, {
        method: 'POST',
        headers: auth,
      })
    ).json();
    expect(container.uploadUri).toMatch(/^https:\/\/api\.cloud\.coveo\.com\/upload\//);
    expect(sim.requests()).toContain(`PUT /upload/${sim.fileIds()[0]}`);
  });

  it('takes faults as an injector or as options', async () => {
    const injector = createFaultInjector();
    expect(createCoveoSimulator({ faults: injector }).faults).toBe(injector);
    const sim = createCoveoSimulator({
      faults: { rate: 1, pool: [{ kind: 'status', status: 502 }] },
    });
    const answer = await sim.fetch(`http://sim.test${FILES}`, { method: 'POST', headers: auth });
    expect(answer.status).toBe(502);
  });

  it('runs on the clock it is given: an upload URL expires an hour later on it', async () => {
    const clock = createSimulatorClock(Date.parse('2026-01-01T00:00:00Z'));
    const sim = createCoveoSimulator({ clock });
    expect(sim.clock).toBe(clock);
    const { uploadUri, requiredHeaders } = await (
      await sim.fetch(`http://sim.test${FILES}`, { method: 'POST', headers: auth })
    ).json();
    sim.clock.advance(61 * 60_000);
    const late = await sim.fetch(uploadUri, {
      method: 'PUT',
      headers: requiredHeaders,
      body: '{}',
    });
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('<Code>AccessDenied</Code>');
    const later = createCoveoSimulator({ clock: () => 0 });
    later.clock.advance(1_000);
    expect(later.clock.now()).toBe(1_000);
  });
});

import {
  createFaultInjector,
  type LoopbackServer,
  startLoopbackServer,
} from '@connectorkit/http-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  exceptionFor,
  FakePushAPI,
  HttpPushAPI,
  isInvalidParameterError,
  isPushAPIException,
  isUnknownErrorException,
  PushAPIFactory,
  PushAPIVersion,
  toErrorXml,
  UnknownError,
  UnknownErrorException,
} from './index.js';
import { createPapiSimulator } from './testing/index.js';

/*
 * The recommendation's factory and exceptions, each used the way a connector uses it: through
 * the simulator on loopback, with the requests counted at the server.
 */

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function simulator(options: Parameters<typeof createPapiSimulator>[0] = {}) {
  const sim = createPapiSimulator({ connectorName: 'files', ...options });
  let requests = 0;
  const server = await startLoopbackServer((req, res) => {
    requests++;
    return sim.handler(req, res);
  });
  closers.push(server.close);
  return { sim, server, requests: () => requests };
}

describe('PushAPIFactory.createFake', () => {
  it('makes a FakePushAPI that shares a state with the simulator an HttpPushAPI talks to', async () => {
    let now = 0;
    const { sim, server, requests } = await simulator({ now: () => now, indexingDelayMs: 1_000 });
    const fake = PushAPIFactory.createFake({ state: sim.state, autoIndexOnTrigger: false });
    expect(fake).toBeInstanceOf(FakePushAPI);
    expect(fake.sessionId).toBe(sim.state.sessionId);
    await fake.addDocument({ uri: 'docs/a', stamp: '1' });
    await fake.updateDocumentList([{ uri: 'docs/a', stamp: '2', metas: { t: 'x' } }], [['t']]);
    expect(fake.getOperationStatus('docs/a')).toBe('Pushed');
    const serial = await fake.setCheckpoint('c', '', true);
    expect(requests()).toBe(0);

    const http = PushAPIFactory.createHttp(
      PushAPIVersion.PAPI_V4,
      '127.0.0.1',
      server.port,
      'files',
      'fs',
    );
    expect(await http.getDocumentStatus('docs/a')).toEqual({
      uri: 'docs/a',
      exist: true,
      stamp: '2',
    });
    // autoIndexOnTrigger: false: the fake's trigger does nothing; runIndexingJob does it, and the
    // simulator's clock decides when it is done.
    await fake.triggerIndexingJob();
    expect(await http.areDocumentsSearchable(serial)).toBe(false);
    fake.runIndexingJob();
    expect(await http.areDocumentsSearchable(serial)).toBe(false);
    now += 1_000;
    expect(await http.areDocumentsSearchable(serial)).toBe(true);
    expect(fake.getOperationStatus('docs/a')).toBe('Searchable');
    expect(requests()).toBe(4);
  });

  it('makes an independent fake without options', async () => {
    const a = PushAPIFactory.createFake();
    const b = PushAPIFactory.createFake();
    await a.addDocument({ uri: 'x' });
    expect((await b.getDocumentStatus('x')).exist).toBe(false);
    expect((await a.getDocumentStatus('x')).exist).toBe(true);
  });
});

describe('PushAPIFactory.createHttp, positional (version, host, port, name, type, login, password)', () => {
  it('authenticates with the login and password, the port as a number or as text', async () => {
    const { server, requests } = await simulator({ login: 'papi', password: 'pw-1' });
    for (const port of [server.port, String(server.port)]) {
      const api = PushAPIFactory.createHttp(
        PushAPIVersion.PAPI_V4,
        '127.0.0.1',
        port,
        'files',
        'fs',
        'papi',
        'pw-1',
      );
      expect(api).toBeInstanceOf(HttpPushAPI);
      await api.startPushSession();
      await api.addDocument({ uri: 'a' });
      await api.stopPushSession();
    }
    expect(requests()).toBe(4);
  });

  it('without credentials (null) sends none, and the server refuses them', async () => {
    const { server, requests } = await simulator({ login: 'papi', password: 'pw-1' });
    const api = PushAPIFactory.createHttp(
      PushAPIVersion.PAPI_V4,
      '127.0.0.1',
      server.port,
      'files',
      'fs',
      null,
      null,
    );
    await expect(api.ping()).rejects.toMatchObject({ httpStatus: 401 });
    expect(requests()).toBe(1);
  });

  it('refuses a login without a password, or a version other than PAPI_V4, before any request', async () => {
    const { server, requests } = await simulator();
    const attempts = [
      () =>
        PushAPIFactory.createHttp(
          PushAPIVersion.PAPI_V4,
          '127.0.0.1',
          server.port,
          'files',
          'fs',
          'me',
        ),
      () => PushAPIFactory.createHttp('PAPI_V3' as never, '127.0.0.1', server.port, 'files', 'fs'),
      () => PushAPIFactory.createHttp(PushAPIVersion.PAPI_V4, '127.0.0.1', 0, 'files', 'fs'),
    ];
    for (const attempt of attempts) {
      let error: unknown;
      try {
        attempt();
      } catch (e) {
        error = e;
      }
      expect(isInvalidParameterError(error)).toBe(true);
    }
    expect(requests()).toBe(0);
  });
});

describe('UnknownError', () => {
  let server: LoopbackServer;
  async function answering(status: number, body: string) {
    server = await startLoopbackServer((req, res) => {
      req.resume();
      res.writeHead(status, { 'content-type': 'application/xml; charset=utf-8' });
      res.end(body);
    });
    closers.push(server.close);
    return new HttpPushAPI({
      version: PushAPIVersion.PAPI_V4,
      host: '127.0.0.1',
      port: server.port,
      connectorName: 'files',
      connectorType: 'fs',
      retry: false,
    });
  }

  it.each([400, 500])('a %i whose <error> says UnknownError is an UnknownError', async (status) => {
    const api = await answering(
      status,
      toErrorXml({ type: 'UnknownError', shortMessage: 'disk full', message: 'the index is full' }),
    );
    const error = await api.sync().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownError);
    expect(error).toBeInstanceOf(UnknownErrorException);
    expect(isUnknownErrorException(error) && isPushAPIException(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'UnknownError',
      type: 'UnknownError',
      shortMessage: 'disk full',
      httpStatus: status,
      message: 'UnknownError: disk full',
    });
  });

  it('another type is an UnknownErrorException, not an UnknownError', async () => {
    const api = await answering(
      400,
      toErrorXml({ type: 'QuotaError', shortMessage: 'over quota', message: '' }),
    );
    const error = await api.sync().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownErrorException);
    expect(error).not.toBeInstanceOf(UnknownError);
    expect(exceptionFor({ type: 'UnknownError', shortMessage: '', message: 'm' })).toBeInstanceOf(
      UnknownError,
    );
  });
});

describe('an enumeration closed early', () => {
  it('releases its cursor, and closes quietly when the release itself fails', async () => {
    const faults = createFaultInjector();
    const { sim, server, requests } = await simulator({ faults });
    sim.state.add({ uri: 'a' });
    sim.state.add({ uri: 'b' });
    sim.state.add({ uri: 'c' });
    sim.state.sync();
    const api = new HttpPushAPI({
      version: PushAPIVersion.PAPI_V4,
      host: '127.0.0.1',
      port: server.port,
      connectorName: 'files',
      connectorType: 'fs',
      retry: false,
    });
    const first = api.enumerateSyncedEntries('', 'RECURSIVE_DOCUMENTS');
    expect(await first.nextBatch(1)).toHaveLength(1);
    await first.close();
    expect(sim.openCursors()).toBe(0);
    const second = api.enumerateSyncedEntries('', 'RECURSIVE_DOCUMENTS');
    expect(await second.nextBatch(1)).toHaveLength(1);
    faults.failNext(1, 503);
    await expect(second.close()).resolves.toBeUndefined();
    expect(sim.openCursors()).toBe(1);
    expect(await second.next()).toBeNull();
    expect(requests()).toBe(4);
  });
});

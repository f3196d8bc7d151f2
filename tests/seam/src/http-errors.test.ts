import { STATUS_CODES } from 'node:http';
import { ChangesFollower } from '@connectorkit/changes-follower';
import { createDocDbClient, isDocDbError } from '@connectorkit/doc-db-client';
import { createCouchDbSimulator } from '@connectorkit/doc-db-client/testing';
import { createHttpClient, type HttpError, isHttpError } from '@connectorkit/http-core';
import {
  createFaultInjector,
  createSimulatorServer,
  type FaultInjector,
  toNodeHandler,
} from '@connectorkit/http-core/testing';
import { ArgoMessagingService, isAmsServiceException } from '@connectorkit/messaging-client';
import { createAmsSimulator } from '@connectorkit/messaging-client/testing';
import { isPushApiError, PushSource } from '@connectorkit/push-client';
import { createCoveoSimulator } from '@connectorkit/push-client/testing';
import { HttpPushAPI, isPushAPIException, PushAPIVersion } from '@connectorkit/pushapi-conventions';
import { createPapiSimulator } from '@connectorkit/pushapi-conventions/testing';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * Issue #14, "one error model": the same table of failures against every package's simulator,
 * over loopback, retries off. Whatever SDK-familiar class a package throws, a failed exchange is
 * `isHttpError(e) && e.status === N`, with the same fields and the same meanings.
 */

/** One package under test: a call that meets a real 404, a call to inject faults into, its guard. */
interface Row {
  /** A call of the package that the service answers 404 (something missing). */
  missing(): Promise<unknown>;
  /** Any call of the package; the simulator's fault injector answers it. */
  call(): Promise<unknown>;
  /** The simulator's shared fault injector (`createSimulatorServer`'s `faults`). */
  faults: FaultInjector;
  /** The package's own guard for its error answers. */
  guard(error: unknown): boolean;
}

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers) await close();
});

async function listening<S extends { listen(): Promise<{ url: string; close(): Promise<void> }> }>(
  simulator: S,
) {
  const server = await simulator.listen();
  closers.push(server.close);
  return server;
}

const ROWS: Record<string, () => Promise<Row>> = {
  'http-core': async () => {
    const sim = createSimulatorServer({
      handler: toNodeHandler(() => new Response('{"error":"not_found"}', { status: 404 })),
    });
    const { url } = await listening(sim);
    const http = createHttpClient({ baseUrl: url, retry: false });
    return {
      missing: () => http.get('/missing'),
      call: () => http.get('/anything'),
      faults: sim.faults,
      guard: isHttpError,
    };
  },
  'doc-db-client': async () => {
    const sim = createCouchDbSimulator();
    const { url } = await listening(sim);
    const db = createDocDbClient({ url, retry: false });
    await db.putDatabase({ db: 'products' });
    return {
      missing: () => db.getDocument({ db: 'products', docId: 'missing' }),
      call: () => db.getServerInformation(),
      faults: sim.faults,
      guard: isDocDbError,
    };
  },
  'changes-follower': async () => {
    const sim = createCouchDbSimulator();
    const { url } = await listening(sim);
    const client = createDocDbClient({ url, retry: false });
    await client.putDatabase({ db: 'feed' });
    const drain = async (db: string) => {
      // A follower stops at once on a terminal status; with no tolerance, on any other too.
      const follower = new ChangesFollower({ client, db, errorTolerance: 0 });
      for await (const batch of follower.startOneOff().batches()) await batch.markProcessed();
    };
    return {
      missing: () => drain('no-such-db'),
      call: () => drain('feed'),
      faults: sim.faults,
      guard: isDocDbError,
    };
  },
  'messaging-client': async () => {
    const sim = createAmsSimulator({ project: 'P', token: 'seam-token' });
    const { url } = await listening(sim);
    const ams = new ArgoMessagingService({
      endpoint: url,
      token: 'seam-token',
      project: 'P',
      retry: false,
    });
    return {
      missing: () => ams.getTopic('missing'),
      call: () => ams.listTopics(),
      faults: sim.faults,
      guard: isAmsServiceException,
    };
  },
  'push-client': async () => {
    const sim = createCoveoSimulator({ apiKeys: ['seam-key'], organizationId: 'org1' });
    const { url } = await listening(sim);
    const source = new PushSource('seam-key', 'org1', { baseUrl: url, retry: false });
    return {
      missing: () => source.setSourceStatus('no-such-source', 'IDLE'),
      call: () => source.setSourceStatus('no-such-source', 'REBUILD'),
      faults: sim.faults,
      guard: isPushApiError,
    };
  },
  'pushapi-conventions': async () => {
    const sim = createPapiSimulator({ connectorName: 'files' });
    const server = await sim.listen();
    closers.push(server.close);
    const papi = new HttpPushAPI({
      version: PushAPIVersion.PAPI_V4,
      host: server.host,
      port: server.port,
      connectorName: 'files',
      connectorType: 'fs',
      retry: false,
    });
    return {
      // PAPI names no resource in its paths that could be missing: its 404 is the server's.
      missing: () => {
        sim.faults.failNext(1, 404);
        return papi.ping();
      },
      call: () => papi.ping(),
      faults: sim.faults,
      guard: isPushAPIException,
    };
  },
};

async function rejection(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('the call should have failed');
}

function expectHttpError(error: unknown, status: number, guard: (e: unknown) => boolean) {
  expect(isHttpError(error), String(error)).toBe(true);
  const e = error as HttpError;
  expect(e.status).toBe(status);
  expect(e.statusText).toBe(STATUS_CODES[status]);
  expect(['string', 'undefined']).toContain(typeof e.serviceCode);
  expect(['string', 'undefined']).toContain(typeof e.serviceMessage);
  expect([e.retryCount, e.attempts]).toEqual([0, 1]);
  expect(typeof e.isRetryable).toBe('boolean');
  expect(e.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  expect(guard(error)).toBe(true);
  expect(error).toBeInstanceOf(Error);
}

describe.each(Object.keys(ROWS))('%s: a failed exchange is an HttpError', (name) => {
  const row = (ROWS[name] as () => Promise<Row>)();

  it('404 from the service', async () => {
    const { missing, guard } = await row;
    expectHttpError(await rejection(missing), 404, guard);
  });

  it.each([409, 429, 500])('%i injected by the simulator', async (status) => {
    const { call, faults, guard } = await row;
    const injected = () => Object.values(faults.stats()).reduce((sum, n) => sum + n, 0);
    const before = injected();
    faults.failNext(1, status);
    const error = await rejection(call);
    expectHttpError(error, status, guard);
    expect(injected()).toBe(before + 1);
  });
});

describe('the simulators share one fault injector shape', () => {
  it('an injector given to one simulator is the one it uses', async () => {
    const faults = createFaultInjector();
    for (const sim of [
      createCouchDbSimulator({ faults }),
      createAmsSimulator({ project: 'P', token: 't', faults }),
      createCoveoSimulator({ faults }),
      createPapiSimulator({ faults }),
    ]) {
      expect(sim.faults).toBe(faults);
    }
  });
});

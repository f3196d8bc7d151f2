import { createHttpClient, isHttpError } from '@connectorkit/http-core';
import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConflictError,
  createDocDbClient,
  type DocDbClient,
  DocDbError,
  isConflictError,
  isDocDbError,
  isNotFoundError,
  NotFoundError,
} from './index.js';
import { createCouchDbSimulator } from './testing/index.js';

/*
 * One error model (issue #14): against the simulator with retries off, every failed exchange is
 * an http-core HttpError with its status, the reason phrase, CouchDB's code and message, and the
 * package's own class and guard; a 404 and a 409 as the server answers them, and 409, 429, 500
 * injected with the simulator's shared fault injector.
 */

const sim = createCouchDbSimulator();
let server: LoopbackServer;
let client: DocDbClient;

beforeAll(async () => {
  server = await startLoopbackServer(sim.handler);
  client = createDocDbClient({ url: server.url, retry: false });
  await client.putDatabase({ db: 'errors' });
});
afterAll(() => server.close());

async function failure(call: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isHttpError(error), String(error)).toBe(true);
  return error as Record<string, unknown>;
}

function expectModel(error: Record<string, unknown>, status: number, statusText: string): void {
  expect(error).toMatchObject({ status, statusText, retryCount: 0, attempts: 1 });
  expect(['string', 'undefined']).toContain(typeof error.serviceCode);
  expect(typeof error.isRetryable).toBe('boolean');
  expect(isDocDbError(error)).toBe(true);
  expect(error).toBeInstanceOf(DocDbError);
  // CouchDB's own names for the envelope, the same text as the service fields.
  expect(error.error).toBe(error.serviceCode ?? '');
  expect(error.reason).toBe(error.serviceMessage ?? '');
}

describe('every failed exchange is an HttpError of the package’s class', () => {
  it('404: a missing document', async () => {
    const error = await failure(client.getDocument({ db: 'errors', docId: 'missing' }));
    expectModel(error, 404, 'Not Found');
    expect(error).toMatchObject({ serviceCode: 'not_found', serviceMessage: 'missing' });
    // CouchDB's own request id header, declared by the profile (http-core names no service).
    expect(error.requestId).toEqual(expect.any(String));
    expect(error.requestId).toBe((error.headers as Record<string, string>)['x-couch-request-id']);
    expect(isNotFoundError(error)).toBe(true);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.name).toBe('NotFoundError');
  });

  it('409: a write with a stale _rev', async () => {
    const first = await client.putDocument({ db: 'errors', docId: 'doc', document: { n: 1 } });
    await client.putDocument({ db: 'errors', docId: 'doc', document: { _rev: first.rev, n: 2 } });
    const error = await failure(
      client.putDocument({ db: 'errors', docId: 'doc', document: { _rev: first.rev, n: 3 } }),
    );
    expectModel(error, 409, 'Conflict');
    expect(error).toMatchObject({ serviceCode: 'conflict', isRetryable: false });
    expect(isConflictError(error)).toBe(true);
    expect(error).toBeInstanceOf(ConflictError);
  });

  it.each([
    [409, 'Conflict', isConflictError],
    [429, 'Too Many Requests', isDocDbError],
    [500, 'Internal Server Error', isDocDbError],
  ] as const)('%i injected with faults.failNext', async (status, statusText, guard) => {
    sim.faults.failNext(1, status);
    const error = await failure(client.getDatabaseInformation({ db: 'errors' }));
    expectModel(error, status, statusText);
    expect(error).toMatchObject({ serviceCode: 'injected_fault' });
    expect(guard(error)).toBe(true);
    expect(isNotFoundError(error)).toBe(false);
  });

  it('a shared http-core client gets CouchDB’s envelope and classes laid over it', async () => {
    const shared = createHttpClient({ baseUrl: server.url, retry: false });
    const db = createDocDbClient({ http: shared });
    const error = await failure(db.getDocument({ db: 'errors', docId: 'missing' }));
    expectModel(error, 404, 'Not Found');
    expect(isNotFoundError(error)).toBe(true);
    expect(error.serviceCode).toBe('not_found');
    // The shared client itself is left as it was.
    const plain = await failure(shared.get('/errors/missing'));
    expect(isDocDbError(plain)).toBe(false);
  });
});

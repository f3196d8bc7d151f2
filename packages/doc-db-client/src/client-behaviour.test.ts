import { inspect } from 'node:util';
import { basicAuth, isInputValidationError } from '@connectorkit/http-core';
import {
  createFaultInjector,
  type LoopbackServer,
  recordCalls,
  startLoopbackServer,
  toNodeHandler,
} from '@connectorkit/http-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocDbClient, isNotFoundError, isUnauthorizedError } from './index.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A tiny CouchDB stand-in that counts writes, for retry and idempotency rules. */
async function countingServer() {
  const faults = createFaultInjector();
  const posts: string[] = [];
  const server = await startLoopbackServer(
    faults.wrap(
      toNodeHandler(async (request) => {
        const url = new URL(request.url);
        if (request.method === 'POST' && url.pathname === '/db') {
          posts.push(await request.text());
          return Response.json({ ok: true, id: `id-${posts.length}`, rev: '1-a' }, { status: 201 });
        }
        if (url.pathname === '/db/missing')
          return Response.json({ error: 'not_found', reason: 'missing' }, { status: 404 });
        if (url.pathname === '/db/secret')
          return Response.json(
            { error: 'unauthorized', reason: `bad ${request.headers.get('authorization')}` },
            { status: 401 },
          );
        return Response.json({ db_name: 'db', doc_count: 0, update_seq: '0-x' });
      }),
    ),
  );
  servers.push(server);
  return { server, faults, posts };
}

const fastRetry = { limit: 3, sleep: async () => {} };

describe('bad input is rejected before any request', () => {
  const calls = recordCalls(async () => new Response('{}'));
  const client = createDocDbClient({ url: 'http://127.0.0.1:9', fetch: calls });
  const cases: [string, () => Promise<unknown>, string][] = [
    [
      'a document that is not an object',
      () => client.putDocument({ db: 'ok', docId: 'x', document: 42 as never }),
      'document',
    ],
    ['an invalid database name', () => client.getDatabaseInformation({ db: 'Bad Name!' }), 'db'],
    [
      'a missing rev on delete',
      () => client.deleteDocument({ db: 'ok', docId: 'x', rev: undefined as never }),
      'rev',
    ],
    ['a malformed rev', () => client.deleteDocument({ db: 'ok', docId: 'x', rev: 'nope' }), 'rev'],
    ['a reserved document id', () => client.getDocument({ db: 'ok', docId: '_design/x' }), 'docId'],
    [
      'docs that are not an array of objects',
      () => client.postBulkDocs({ db: 'ok', docs: [1, 2] as never }),
      'docs',
    ],
    [
      'a selector that is not an object',
      () => client.postFind({ db: 'ok', selector: 'all' as never }),
      'selector',
    ],
  ];
  it.each(cases)('%s', async (_name, run, field) => {
    const error = await run().catch((e: unknown) => e);
    expect(isInputValidationError(error)).toBe(true);
    expect((error as Error).message).toContain(field);
    expect(calls.calls).toHaveLength(0);
  });
});

describe('retries', () => {
  it('retries reads on 429 and 503, and a POST without _id only on 429', async () => {
    const { server, faults, posts } = await countingServer();
    const client = createDocDbClient({ url: server.url, retry: fastRetry });
    faults.failNext(2, 429);
    await expect(client.getDatabaseInformation({ db: 'db' })).resolves.toMatchObject({
      db_name: 'db',
    });
    faults.next({ kind: 'status', status: 503 });
    await expect(client.postDocument({ db: 'db', document: { a: 1 } })).rejects.toMatchObject({
      status: 503,
      attempts: 1,
    });
    expect(posts).toHaveLength(0);
    faults.next({ kind: 'status', status: 503 });
    await expect(
      client.postDocument({ db: 'db', document: { _id: 'chosen', a: 1 } }),
    ).resolves.toMatchObject({ ok: true });
    faults.next({ kind: 'reset' });
    await expect(client.postDocument({ db: 'db', document: { a: 2 } })).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
    });
    expect(posts).toHaveLength(1);
  });

  it('types errors from the envelope and keeps credentials out of them', async () => {
    const { server } = await countingServer();
    const client = createDocDbClient({
      url: server.url,
      auth: basicAuth({ username: 'u', password: 'Sup3r-secret' }),
    });
    const missing = await client
      .getDocument({ db: 'db', docId: 'missing' })
      .catch((e: unknown) => e);
    expect(isNotFoundError(missing)).toBe(true);
    expect(missing).toMatchObject({ error: 'not_found', reason: 'missing', status: 404 });
    const denied = await client.getDocument({ db: 'db', docId: 'secret' }).catch((e: unknown) => e);
    expect(isUnauthorizedError(denied)).toBe(true);
    const shown = `${inspect(denied, { depth: 5 })}${JSON.stringify(denied)}`;
    expect(shown).not.toContain('Sup3r-secret');
    expect(shown).not.toContain(Buffer.from('u:Sup3r-secret').toString('base64'));
  });

  it('builds from CLOUDANT_* variables and names every bad one', () => {
    const client = createDocDbClient.fromEnvironment('CLOUDANT', {
      env: {
        CLOUDANT_URL: 'http://127.0.0.1:5984',
        CLOUDANT_AUTH_TYPE: 'COUCHDB_SESSION',
        CLOUDANT_USERNAME: 'a',
        CLOUDANT_PASSWORD: 'b',
      },
    });
    expect(client.responseTimeoutMs).toBe(150_000);
    expect(() =>
      createDocDbClient.fromEnvironment('CLOUDANT', { env: { CLOUDANT_AUTH_TYPE: 'BASIC' } }),
    ).toThrow(/CLOUDANT_URL: is required.*CLOUDANT_USERNAME.*CLOUDANT_PASSWORD/);
  });
});

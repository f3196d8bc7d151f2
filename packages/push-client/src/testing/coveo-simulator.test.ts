import { afterEach, describe, expect, it } from 'vitest';
import { DocumentBuilder } from '../document-builder.js';
import { partialUpdate } from '../partial-update/partial-update.js';
import { PushSource } from '../push-source.js';
import type { CoveoSimulatorOptions } from './index.js';
import { errorCode, startSimulator } from './simulator-harness.test-util.js';
import { WIRE_CASES } from './wire-cases.test-util.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function start(options: CoveoSimulatorOptions = {}) {
  const harness = await startSimulator(options);
  closers.push(harness.close);
  return harness;
}
const code = errorCode;

describe('Coveo simulator', () => {
  it("takes our client's batches through file containers, and the seed partial update through its Search API", async () => {
    let now = 1_000;
    const { sim, url } = await start({ indexingDelayMs: 5_000, now: () => now });
    const source = new PushSource('push-key', 'org1', { baseUrl: url });
    await source.batchUpdateDocuments('push-source', {
      addOrUpdate: [
        new DocumentBuilder('https://ex.com/a', 'A')
          .withData('body A')
          .withMetadata({ sku: 'A1', ec_stock: 3 }),
        new DocumentBuilder('https://ex.com/b', 'B').withMetadata({ sku: 'B1', ec_stock: 5 }),
      ],
    });
    expect(sim.documents('push-source').size).toBe(2);
    const settings = {
      api_key_search: 'search-key',
      api_key_push: 'push-key',
      source_id: 'push-source',
      org_id: 'org1',
      key_field: 'sku',
    };
    // Indexing is asynchronous: before the delay the items cannot be found.
    expect(
      await partialUpdate(settings, [{ key: 'A1', metadata: { ec_stock: 0 } }], { baseUrl: url }),
    ).toEqual({ A1: 'Not found' });
    now += 5_000;
    const answer = await partialUpdate(
      settings,
      [
        { key: 'A1', metadata: { ec_stock: 0 } },
        { key: 'Z9', metadata: { ec_stock: 1 } },
      ],
      { baseUrl: url },
    );
    expect(answer).toEqual({ A1: 'Found and updated', Z9: 'Not found' });
    expect(sim.documents('push-source').get('https://ex.com/a')).toMatchObject({
      ec_stock: 0,
      sku: 'A1',
    });
  });

  it('answers 401 UNAUTHORIZED / INVALID_TOKEN, 403 ACCESS_DENIED for a key without the privilege or another organization, 404 for an unknown source', async () => {
    const { call } = await start();
    const noKey = await call('POST', '/files', { key: null });
    expect([noKey.status, await code(noKey)]).toEqual([401, 'UNAUTHORIZED']);
    const wrongKey = await call('POST', '/files', { key: 'nope' });
    expect([wrongKey.status, await code(wrongKey)]).toEqual([401, 'INVALID_TOKEN']);
    expect(wrongKey.headers.get('x-request-id')).toMatch(/\S/);
    const searchKeyPushing = await call('POST', '/files', { key: 'search-key' });
    expect([searchKeyPushing.status, await code(searchKeyPushing)]).toEqual([403, 'ACCESS_DENIED']);
    const searchKeySearching = await call('POST', '/rest/search/v2', {
      key: 'search-key',
      body: { aq: '@uri=="x"' },
    });
    expect(searchKeySearching.status).toBe(200);
    const otherOrg = await fetch(
      `${new URL(searchKeyPushing.url).origin}/push/v1/organizations/other/files`,
      { method: 'POST', headers: { authorization: 'Bearer push-key' } },
    );
    expect([otherOrg.status, await code(otherOrg)]).toEqual([403, 'ACCESS_DENIED']);
    const unknown = await call('DELETE', '/sources/nope/documents?documentId=x://1');
    expect([unknown.status, await code(unknown)]).toEqual([404, 'SOURCE_NOT_FOUND']);
  });

  it('consumes a file container once: committing it again is a 404 FILE_NOT_FOUND', async () => {
    const harness = await start();
    const { sim, call } = harness;
    const container = await harness.container();
    await harness.upload(container, { addOrUpdate: [{ documentId: 'x://1', title: 'One' }] });
    const commit = `/sources/push-source/documents/batch?fileId=${container.fileId}`;
    expect((await call('PUT', commit)).status).toBe(202);
    expect(sim.documents('push-source').get('x://1')?.title).toBe('One');
    const again = await call('PUT', commit);
    expect([again.status, await code(again)]).toEqual([404, 'FILE_NOT_FOUND']);
    expect(sim.fileIds()).toEqual([container.fileId]);
    expect(sim.requestCounts()).toMatchObject({
      'POST /files': 1,
      'PUT /upload/{fileId}': 1,
      'PUT /documents/batch': 2,
    });
  });

  it('answers 429 TOO_MANY_REQUESTS with and without Retry-After, and 429 TOO_MANY_DOCUMENTS_DAILY past the daily quota', async () => {
    const { sim, call } = await start({ dailyDocumentQuota: 2, now: () => 86_400_000 * 3 });
    sim.throttleNext(1, { retryAfter: 3 });
    sim.throttleNext(1);
    const first = await call('POST', '/files');
    expect([first.status, first.headers.get('retry-after'), await code(first)]).toEqual([
      429,
      '3',
      'TOO_MANY_REQUESTS',
    ]);
    const second = await call('POST', '/files');
    expect([second.status, second.headers.get('retry-after'), await code(second)]).toEqual([
      429,
      null,
      'TOO_MANY_REQUESTS',
    ]);
    const put = (id: string) =>
      call('PUT', `/sources/push-source/documents?documentId=${id}`, { body: { title: id } });
    expect((await put('x://1')).status).toBe(202);
    expect((await put('x://2')).status).toBe(202);
    const over = await put('x://3');
    expect([over.status, over.headers.get('retry-after'), await code(over)]).toEqual([
      429,
      null,
      'TOO_MANY_DOCUMENTS_DAILY',
    ]);
    expect([...sim.documents('push-source').keys()]).toEqual(['x://1', 'x://2']);
  });

  it('answers 412 DOCUMENT_LIMIT_EXCEEDED past the index item limit, and 400 ORGANIZATION_IS_PAUSED while paused', async () => {
    const { sim, batch, call } = await start({ documentLimit: 2 });
    const docs = (...ids: string[]) => ({ addOrUpdate: ids.map((documentId) => ({ documentId })) });
    expect(
      (await batch('/sources/push-source/documents/batch', docs('x://1', 'x://2'))).status,
    ).toBe(202);
    const full = await batch('/sources/push-source/documents/batch', docs('x://1', 'x://3'));
    expect([full.status, await code(full)]).toEqual([412, 'DOCUMENT_LIMIT_EXCEEDED']);
    sim.pause();
    const paused = await call('POST', '/files');
    expect([paused.status, await code(paused)]).toEqual([400, 'ORGANIZATION_IS_PAUSED']);
    sim.pause(false);
    expect((await call('POST', '/files')).status).toBe(201);
    expect([...sim.documents('push-source').keys()]).toEqual(['x://1', 'x://2']);
  });

  it('lets a browser page of another origin call it: preflights answered, headers exposed', async () => {
    const h = await start();
    h.sim.faults.failNext(1, 503);
    const preflight = await fetch(`${h.url}/push/v1/organizations/org1/files`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://page.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://page.example');
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type',
    );
    // The preflight took no queued fault: the next request gets it, with CORS headers.
    const faulted = await fetch(`${h.url}/push/v1/organizations/org1/files`, {
      method: 'POST',
      headers: { origin: 'http://page.example', authorization: 'Bearer push-key' },
    });
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('access-control-allow-origin')).toBe('http://page.example');
    const created = await fetch(`${h.url}/push/v1/organizations/org1/files`, {
      method: 'POST',
      headers: { origin: 'http://page.example', authorization: 'Bearer push-key' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-expose-headers')).toMatch(
      /x-request-id|content-type/,
    );
    const plain = await h.call('POST', '/files');
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    expect(h.sim.requestCounts()['POST /files']).toBe(2);
  });

  it('applies a request whose answer it then loses (the connection drops)', async () => {
    const { sim, call } = await start();
    sim.loseAnswers({ next: 1 });
    await expect(
      call('PUT', '/sources/push-source/documents?documentId=x://1', { body: { title: 'T' } }),
    ).rejects.toThrow();
    expect(sim.documents('push-source').get('x://1')?.title).toBe('T');
    expect(sim.lostAnswers()).toBe(1);
    expect(
      (await call('PUT', '/sources/push-source/documents?documentId=x://2', { body: {} })).status,
    ).toBe(202);
  });
});

describe('Coveo simulator: documented shapes', () => {
  it.each(WIRE_CASES)('refuses $wrong with $status $code, and applies nothing', async (c) => {
    // Strict mode: container content is refused at the commit, not taken and rejected later.
    const h = await start({ limits: { containerBytes: 100_000 }, strictBatches: true });
    const res = await c.send(h);
    expect([res.status, await code(res)]).toEqual([c.status, c.code]);
    expect(h.sim.documents('push-source').size).toBe(0);
    expect(h.sim.documents('catalog-source').size).toBe(0);
    expect(h.sim.securityIdentities('p')).toEqual([]);
    expect(h.sim.rejected()).toEqual([]);
  });

  it('accepts the documented variants: Pascal-case batch and identity keys, permission levels, compressed data, metadata dictionaries', async () => {
    const { sim, call, batch } = await start();
    // Identity types in any case: the official JS client sends User, Group, VirtualGroup.
    const level = {
      name: 'level',
      permissionSets: [
        {
          allowAnonymous: false,
          allowedPermissions: [
            { identity: 'g', identityType: 'GROUP', securityProvider: 'p' },
            { identity: 'u', identityType: 'user' },
            { identity: 'v', identityType: 'VirtualGroup' },
          ],
        },
      ],
    };
    const pascal = {
      AddOrUpdate: [
        { DocumentId: 'x://1', Title: 'One', permissions: [level], stock: { s1: 1, s2: [2] } },
        { documentId: 'x://2', compressedBinaryData: 'eA==', compressionType: 'GZIP' },
      ],
      Delete: [{ DocumentId: 'x://0', DeleteChildren: true }],
    };
    expect((await batch('/sources/push-source/documents/batch', pascal)).status).toBe(202);
    expect(sim.documents('push-source').get('x://1')).toMatchObject({
      documentId: 'x://1',
      title: 'One',
      stock: { s1: 1, s2: [2] },
    });
    // The Python client's dataclasses serialize with Pascal-case keys.
    const python = { Identity: { Name: 'team', Type: 'GROUP', AdditionalInfo: { Dept: 'x' } } };
    expect((await call('PUT', '/providers/p/permissions', { body: python })).status).toBe(202);
    expect(sim.securityIdentities('p')[0]?.body).toEqual({
      identity: { name: 'team', type: 'GROUP', additionalInfo: { Dept: 'x' } },
    });
  });
});

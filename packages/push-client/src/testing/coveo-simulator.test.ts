import { afterEach, describe, expect, it } from 'vitest';
import { DocumentBuilder } from '../document-builder.js';
import { partialUpdate } from '../partial-update/partial-update.js';
import { PushSource } from '../push-source.js';
import { createCoveoSimulator } from './index.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function start(options: Parameters<typeof createCoveoSimulator>[0] = {}) {
  const sim = createCoveoSimulator({
    apiKeys: ['push-key', 'search-key'],
    organizationId: 'org1',
    ...options,
  });
  const server = await sim.listen();
  closers.push(server.close);
  return { sim, url: server.url };
}

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

  it('refuses a wrong key, an unknown organization and a consumed file container with the documented codes', async () => {
    const { url } = await start();
    const wrongKey = await fetch(`${url}/push/v1/organizations/org1/files`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrongKey.status).toBe(401);
    expect(await wrongKey.json()).toMatchObject({ errorCode: 'INVALID_TOKEN' });
    const otherOrg = await fetch(`${url}/push/v1/organizations/other/files`, {
      method: 'POST',
      headers: { authorization: 'Bearer push-key' },
    });
    expect(otherOrg.status).toBe(403);
    const container = (await (
      await fetch(`${url}/push/v1/organizations/org1/files`, {
        method: 'POST',
        headers: { authorization: 'Bearer push-key' },
      })
    ).json()) as { uploadUri: string; fileId: string };
    expect(
      (
        await fetch(container.uploadUri, {
          method: 'PUT',
          body: JSON.stringify({ addOrUpdate: [{ documentId: 'x://1' }] }),
        })
      ).status,
    ).toBe(200);
    const batch = `${url}/push/v1/organizations/org1/sources/push-source/documents/batch?fileId=${container.fileId}`;
    expect(
      (await fetch(batch, { method: 'PUT', headers: { authorization: 'Bearer push-key' } })).status,
    ).toBe(202);
    const again = await fetch(batch, {
      method: 'PUT',
      headers: { authorization: 'Bearer push-key' },
    });
    expect(again.status).toBe(404);
  });

  it('answers injected 429s, and 413 past the 6 MB request limit', async () => {
    const { sim, url } = await start();
    sim.faults.failNext(1, 429, { retryAfter: 0 });
    expect(
      (
        await fetch(`${url}/push/v1/organizations/org1/files`, {
          method: 'POST',
          headers: { authorization: 'Bearer push-key' },
        })
      ).status,
    ).toBe(429);
    const big = 'x'.repeat(6 * 1024 * 1024 + 10);
    const tooLarge = await fetch(
      `${url}/push/v1/organizations/org1/sources/push-source/documents?documentId=x://big`,
      {
        method: 'PUT',
        headers: { authorization: 'Bearer push-key' },
        body: JSON.stringify({ data: big }),
      },
    );
    expect(tooLarge.status).toBe(413);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { DocumentBuilder } from '../document-builder.js';
import { PushSource } from '../push-source.js';
import { type CoveoSimulator, createCoveoSimulator, routeCoveoFetch } from '../testing/index.js';
import { partialUpdate } from './partial-update.js';
import type { PartialUpdateSettings } from './seed-schemas.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function seeded(
  docs: DocumentBuilder[],
  sourceId = 'src',
): Promise<{ sim: CoveoSimulator; url: string }> {
  const sim = createCoveoSimulator({
    apiKeys: [],
    keyPrivileges: { 'push-key': ['push'], 'search-key': ['search'] },
    organizationId: 'org1',
    sources: [
      { id: 'src', type: 'PUSH' },
      { id: 'other', type: 'PUSH' },
    ],
  });
  const server = await sim.listen();
  closers.push(server.close);
  if (docs.length > 0)
    await new PushSource('push-key', 'org1', { baseUrl: server.url }).batchUpdateDocuments(
      sourceId,
      {
        addOrUpdate: docs,
      },
    );
  return { sim, url: server.url };
}

const settings: PartialUpdateSettings = {
  api_key_search: 'search-key',
  api_key_push: 'push-key',
  source_id: 'src',
  org_id: 'org1',
  key_field: 'sku',
};

describe('partialUpdate settings, over HTTP', () => {
  it.each([
    ['', '', 'platform.cloud.coveo.com', 'push.cloud.coveo.com/v1/organizations/org1'],
    ['', 'push', 'platform.cloud.coveo.com', 'api.cloud.coveo.com/push/v1/organizations/org1'],
    ['eu', '', 'platform-eu.cloud.coveo.com', 'push-eu.cloud.coveo.com/v1/organizations/org1'],
    [
      'eu',
      'push',
      'platform-eu.cloud.coveo.com',
      'api-eu.cloud.coveo.com/push/v1/organizations/org1',
    ],
    [
      'ap',
      'push',
      'platform-au.cloud.coveo.com',
      'api-au.cloud.coveo.com/push/v1/organizations/org1',
    ],
    ['ca', '', 'platform-ca.cloud.coveo.com', 'push-ca.cloud.coveo.com/v1/organizations/org1'],
    [
      'ca',
      'push',
      'platform-ca.cloud.coveo.com',
      'api-ca.cloud.coveo.com/push/v1/organizations/org1',
    ],
  ] as const)(
    'region %j with type_source %j searches %s and pushes to %s',
    async (region, type, search, push) => {
      const { sim, url } = await seeded([
        new DocumentBuilder('https://ex.com/a', 'A').withMetadata({ sku: 'A1', price: 1 }),
      ]);
      const seen: string[] = [];
      const routed = routeCoveoFetch(url);
      const fetch: typeof globalThis.fetch = (input, init) => {
        const u = new URL(input instanceof Request ? input.url : String(input));
        seen.push(`${init?.method ?? 'GET'} ${u.host}${u.pathname}`);
        return routed(input, init);
      };
      const answer = await partialUpdate(
        { ...settings, region, type_source: type },
        [{ key: 'A1', metadata: { price: 2 } }],
        { fetch, retry: false },
      );
      expect(answer).toEqual({ A1: 'Found and updated' });
      expect(sim.documents('src').get('https://ex.com/a')).toMatchObject({ price: 2 });
      // The item has no body, so no quick view; the upload URL is the simulator's own.
      expect(seen.filter((l) => !l.includes('127.0.0.1'))).toEqual([
        `POST ${search}/rest/search/v2`,
        `POST ${push}/files`,
        `PUT ${push}/sources/src/documents/batch`,
      ]);
    },
  );

  it('ANDs additional_query with the key query, an OR in it kept inside its parentheses', async () => {
    const { sim, url } = await seeded([
      new DocumentBuilder('https://ex.com/a', 'A').withMetadata({
        sku: 'A1',
        brand: 'acme',
        price: 1,
      }),
      new DocumentBuilder('https://ex.com/b', 'B').withMetadata({
        sku: 'B1',
        brand: 'zeta',
        price: 1,
      }),
    ]);
    await new PushSource('push-key', 'org1', { baseUrl: url }).addOrUpdateDocument(
      'other',
      new DocumentBuilder('https://ex.com/other-a', 'A elsewhere').withMetadata({
        sku: 'A1',
        price: 1,
      }),
    );
    const answer = await partialUpdate(
      { ...settings, additional_query: '@source=="src" (@brand==acme OR @brand==nobody)' },
      [
        { key: 'A1', metadata: { price: 5 } },
        { key: 'B1', metadata: { price: 5 } },
      ],
      { baseUrl: url },
    );
    // B1 is a zeta item: the OR does not widen the key query.
    expect(answer).toEqual({ A1: 'Found and updated', B1: 'Not found' });
    expect(sim.documents('src').get('https://ex.com/a')).toMatchObject({ price: 5 });
    expect(sim.documents('src').get('https://ex.com/b')).toMatchObject({ price: 1 });
    expect(sim.documents('other').get('https://ex.com/other-a')).toMatchObject({ price: 1 });
    expect([...sim.documents('src').keys()].sort()).toEqual([
      'https://ex.com/a',
      'https://ex.com/b',
    ]);
  });

  it('keys items by uri when key_field is not given', async () => {
    const { sim, url } = await seeded([
      new DocumentBuilder('https://ex.com/a', 'A').withMetadata({ sku: 'A1' }),
      new DocumentBuilder('https://ex.com/a/child', 'Child').withMetadata({ sku: 'A2' }),
    ]);
    const { key_field: _, ...byUri } = settings;
    const answer = await partialUpdate(
      byUri,
      [
        { key: 'https://ex.com/a', metadata: { sku: 'A1-new' } },
        { key: 'https://ex.com/zzz', metadata: { sku: 'Z' } },
      ],
      { baseUrl: url },
    );
    expect(answer).toEqual({
      'https://ex.com/a': 'Found and updated',
      'https://ex.com/zzz': 'Not found',
    });
    expect(sim.documents('src').get('https://ex.com/a')).toMatchObject({ sku: 'A1-new' });
    expect(sim.documents('src').get('https://ex.com/a/child')).toMatchObject({ sku: 'A2' });
  });

  it('replaces dictionary metadata (ec_stock per store) and carries the other dictionaries', async () => {
    const { sim, url } = await seeded([
      new DocumentBuilder('https://ex.com/p1', 'P1').withMetadata({
        sku: 'P1',
        ec_stock: { store1: 3, store2: 5 },
        ec_price_by_store: { store1: 9.5 },
      }),
    ]);
    const answer = await partialUpdate(
      settings,
      [{ key: 'P1', metadata: { ec_stock: { store1: 0, store3: 7 } } }],
      { baseUrl: url },
    );
    expect(answer).toEqual({ P1: 'Found and updated' });
    expect(sim.documents('src').get('https://ex.com/p1')).toMatchObject({
      ec_stock: { store1: 0, store3: 7 },
      ec_price_by_store: { store1: 9.5 },
    });
    expect(sim.rejected()).toEqual([]);
  });
});

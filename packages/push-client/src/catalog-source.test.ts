import { isInputValidationError } from '@connectorkit/http-core';
import { createFaultInjector, type FaultInjector } from '@connectorkit/http-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogSource } from './catalog-source.js';
import { DocumentBuilder } from './document-builder.js';
import type { PartialUpdate } from './stream/partial-update-operators.js';
import { createCoveoSimulator } from './testing/index.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

async function setup(faults?: FaultInjector) {
  const sim = createCoveoSimulator({
    apiKeys: ['key-123'],
    organizationId: 'org1',
    sources: [{ id: 'cat', type: 'CATALOG' }],
    ...(faults ? { faults } : {}),
  });
  const server = await sim.listen();
  close = server.close;
  const items = sim.documents('cat');
  return { sim, items, catalog: new CatalogSource('key-123', 'org1', { baseUrl: server.url }) };
}

const product = (i: number) =>
  new DocumentBuilder(`product://${i}`, `Product ${i}`).withMetadata({
    price: i,
    colors: ['red'],
  });

describe('CatalogSource', () => {
  it('loads a catalog through a stream (one chunk per batch) and returns the orderingId', async () => {
    const { sim, items, catalog } = await setup();
    const report = await catalog.batchStreamDocuments(
      'cat',
      { addOrUpdate: Array.from({ length: 50 }, (_, i) => product(i)) },
      { maxBatchBytes: 3_000 },
    );
    expect(items.size).toBe(50);
    expect(report.batches.length).toBeGreaterThan(2);
    expect(report.orderingId).toEqual(expect.any(Number));
    expect(report.closed).toBe(true);
    const counts = sim.requestCounts();
    expect(counts['POST /stream/{id}/chunk']).toBe(report.batches.length);
    expect([counts['POST /stream/open'], counts['POST /stream/{id}/close']]).toEqual([1, 1]);
  });

  it('applies the five partial-update operators and returns each batch orderingId', async () => {
    const { items, catalog } = await setup();
    await catalog.batchUpdateDocuments('cat', {
      addOrUpdate: [product(1).withMetadataValue('stock', { s1: 1, s2: 2 })],
    });
    const updates: PartialUpdate[] = [
      { documentId: 'product://1', operator: 'fieldValueReplace', field: 'price', value: 99 },
      { documentId: 'product://1', operator: 'arrayAppend', field: 'colors', value: ['blue'] },
      { documentId: 'product://1', operator: 'arrayRemove', field: 'colors', value: ['red'] },
      { documentId: 'product://1', operator: 'dictionaryPut', field: 'stock', value: { s3: 3 } },
      { documentId: 'product://1', operator: 'dictionaryRemove', field: 'stock', value: 's1' },
    ];
    const report = await catalog.partialUpdateDocuments('cat', updates);
    expect(report.totals.partialUpdatesSent).toBe(5);
    expect(report.batches[0]?.orderingId).toEqual(expect.any(Number));
    expect(items.get('product://1')).toMatchObject({
      price: 99,
      colors: ['blue'],
      stock: { s2: 2, s3: 3 },
    });
  });

  it('checks each operator value before sending anything', async () => {
    const { sim, catalog } = await setup();
    const bad = [
      { documentId: 'p', operator: 'arrayAppend', field: 'colors', value: 'blue' },
    ] as unknown as PartialUpdate[];
    const error = await catalog.partialUpdateDocuments('cat', bad).catch((e: unknown) => e);
    expect(isInputValidationError(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /partialUpdate\[0\]\.value: arrayAppend and arrayRemove take an array/,
    );
    const wrongOp = [
      { documentId: 'p', operator: 'append', field: 'x', value: [] },
    ] as unknown as PartialUpdate[];
    await expect(catalog.partialUpdateDocuments('cat', wrongOp)).rejects.toThrow(
      /operator must be/,
    );
    expect(sim.requests()).toEqual([]);
  });

  it('shallow-merges, and deletes older than a date', async () => {
    const { sim, items, catalog } = await setup();
    await catalog.batchUpdateDocuments('cat', {
      addOrUpdate: [product(1).withMetadataValue('brand', 'acme'), product(2)],
    });
    await catalog.shallowMergeDocuments('cat', [
      new DocumentBuilder('product://1', 'Renamed').withMetadataValue('price', 5),
    ]);
    expect(items.get('product://1')).toMatchObject({
      title: 'Renamed',
      price: 5,
      brand: 'acme',
    });
    await catalog.deleteOlderThan('cat', new Date('2024-01-01T00:00:00Z'));
    expect(sim.requests().at(-1)).toBe(
      'POST /push/v1/organizations/org1/sources/cat/stream/deleteolderthan/1704067200000',
    );
    // Both items were written now, after that date: nothing is older.
    expect([...items.keys()]).toEqual(['product://1', 'product://2']);
    await catalog.deleteOlderThan('cat', Date.now() + 60_000);
    expect(items.size).toBe(0);
  });

  it('creates Push and Catalog sources on the platform host', async () => {
    const { sim, catalog } = await setup();
    const created = await catalog.create('Products', 'SHARED');
    expect(created).toMatchObject({
      id: expect.any(String),
      sourceType: 'CATALOG',
      streamEnabled: true,
      name: 'Products',
      sourceVisibility: 'SHARED',
    });
    expect(sim.requests().at(-1)).toBe('POST /rest/organizations/org1/sources');
    // The new source exists: a stream update to it lands.
    await catalog.batchUpdateDocuments(created.id, { addOrUpdate: [product(1)] });
    expect(sim.documents(created.id).has('product://1')).toBe(true);
  });

  it('never closes a load stream after a failed chunk (closing would delete the missing items)', async () => {
    let chunks = 0;
    const faults = createFaultInjector({
      match: (req) => req.method === 'POST' && (req.url ?? '').endsWith('/chunk') && ++chunks === 2,
    });
    faults.next({
      kind: 'status',
      status: 403,
      body: JSON.stringify({ errorCode: 'ACCESS_DENIED', message: 'denied' }),
    });
    const { sim, items, catalog } = await setup(faults);
    await catalog.batchUpdateDocuments('cat', {
      addOrUpdate: [new DocumentBuilder('product://keep', 'Keep')],
    });
    const report = await catalog.batchStreamDocuments(
      'cat',
      { addOrUpdate: Array.from({ length: 30 }, (_, i) => product(i)) },
      { maxBatchBytes: 2_000, throwOnFailure: false },
    );
    expect(report.totals.batchesFailed).toBe(1);
    expect(report.closed).toBe(false);
    expect(faults.stats()['status:403']).toBe(1);
    expect(sim.requestCounts()['POST /stream/{id}/close']).toBeUndefined();
    expect(items.has('product://keep')).toBe(true);
  });
});

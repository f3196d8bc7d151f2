import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCoveoSimulator, routeCoveoFetch } from './index.js';

const require = createRequire(import.meta.url);
// The official client, routed here by wrapping globalThis.fetch (it has no base-URL option).
const official = require('@coveo/push-api-client') as {
  PushSource: new (
    apiKey: string,
    org: string,
    options?: object,
  ) => {
    addOrUpdateDocument(source: string, doc: unknown, options?: object): Promise<unknown>;
    batchUpdateDocuments(source: string, batch: object, options?: object): Promise<unknown>;
    deleteDocument(source: string, id: string, children?: boolean): Promise<unknown>;
    deleteDocumentsOlderThan(source: string, when: Date | number): Promise<unknown>;
    setSourceStatus(source: string, status: string): Promise<unknown>;
  };
  CatalogSource: new (
    apiKey: string,
    org: string,
    options?: object,
  ) => {
    batchStreamDocuments(source: string, batch: object, options?: object): Promise<unknown>;
  };
  DocumentBuilder: new (
    uri: string,
    title: string,
  ) => { withData(d: string): unknown; withMetadataValue(k: string, v: string): unknown };
};

let restore: (() => void) | undefined;
const closers: (() => Promise<void>)[] = [];
beforeEach(() => {
  restore = undefined;
});
afterEach(async () => {
  restore?.();
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function routed(options: Parameters<typeof createCoveoSimulator>[0] = {}) {
  const sim = createCoveoSimulator({
    apiKeys: ['official-key'],
    organizationId: 'org1',
    ...options,
  });
  const server = await sim.listen();
  closers.push(server.close);
  const original = globalThis.fetch;
  globalThis.fetch = routeCoveoFetch(server.url, original);
  restore = () => {
    globalThis.fetch = original;
  };
  return sim;
}

describe('the official @coveo/push-api-client 4.0.1 against the simulator', () => {
  it('adds, batches, deletes, deletes older than, and sets the source status', async () => {
    const sim = await routed();
    const source = new official.PushSource('official-key', 'org1');
    const doc = (uri: string) =>
      new official.DocumentBuilder(uri, `Title ${uri}`).withData('hello');
    await source.setSourceStatus('push-source', 'REBUILD');
    expect(sim.sourceStatus('push-source')).toBe('REBUILD');
    await source.addOrUpdateDocument('push-source', doc('https://a.example/1'), {
      createFields: false,
    });
    await source.batchUpdateDocuments(
      'push-source',
      {
        addOrUpdate: [doc('https://a.example/2'), doc('https://a.example/3')],
        delete: [{ documentId: 'https://a.example/1', deleteChildren: false }],
      },
      { createFields: false },
    );
    expect([...sim.documents('push-source').keys()].sort()).toEqual([
      'https://a.example/2',
      'https://a.example/3',
    ]);
    await source.deleteDocument('push-source', 'https://a.example/2');
    expect([...sim.documents('push-source').keys()]).toEqual(['https://a.example/3']);
    await source.deleteDocumentsOlderThan('push-source', Date.now() + 1000);
    expect(sim.documents('push-source').size).toBe(0);
    await source.setSourceStatus('push-source', 'IDLE');
    expect(sim.sourceStatus('push-source')).toBe('IDLE');
  });

  it('loads a catalog through a stream (open, chunk, close), replacing what was there', async () => {
    const sim = await routed();
    const catalog = new official.CatalogSource('official-key', 'org1');
    const doc = (uri: string) => new official.DocumentBuilder(uri, `Product ${uri}`).withData('p');
    await catalog.batchStreamDocuments(
      'catalog-source',
      { addOrUpdate: [doc('https://shop.example/a'), doc('https://shop.example/b')], delete: [] },
      { createFields: false },
    );
    await catalog.batchStreamDocuments(
      'catalog-source',
      { addOrUpdate: [doc('https://shop.example/c')], delete: [] },
      { createFields: false },
    );
    expect([...sim.documents('catalog-source').keys()]).toEqual(['https://shop.example/c']);
    expect(sim.requestCounts()['POST /stream/open']).toBe(2);
  });
});

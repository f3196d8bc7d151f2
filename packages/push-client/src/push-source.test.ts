import { createFaultInjector } from '@connectorkit/http-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchProgressEvent } from './batch/batch-types.js';
import { DocumentBuilder } from './document-builder.js';
import { PushSource } from './push-source.js';
import { type CoveoSimulatorOptions, createCoveoSimulator } from './testing/index.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

async function start(options: CoveoSimulatorOptions = {}) {
  const sim = createCoveoSimulator({
    apiKeys: ['key-123'],
    organizationId: 'org1',
    sources: [{ id: 'src', type: 'PUSH' }],
    ...options,
  });
  const server = await sim.listen();
  close = server.close;
  return { sim, source: new PushSource('key-123', 'org1', { baseUrl: server.url }) };
}

describe('PushSource', () => {
  it('pushes one item and splits a large batch into file containers', async () => {
    const { sim, source } = await start();
    await source.addOrUpdateDocument(
      'src',
      new DocumentBuilder('https://ex.com/one', 'One').withData('hi'),
    );
    const items = sim.documents('src');
    expect(items.get('https://ex.com/one')?.title).toBe('One');
    expect(sim.requests()).toEqual(['PUT /push/v1/organizations/org1/sources/src/documents']);

    function* docs() {
      for (let i = 0; i < 300; i++) {
        yield new DocumentBuilder(`https://ex.com/${i}`, `Doc ${i}`)
          .withData('x'.repeat(200))
          .withMetadataValue('n', i);
      }
    }
    const events: BatchProgressEvent[] = [];
    const report = await source.batchUpdateDocuments(
      'src',
      { addOrUpdate: docs(), delete: [{ documentId: 'https://ex.com/one' }] },
      { maxBatchBytes: 20_000, onProgress: (e) => events.push(e) },
    );
    expect(items.size).toBe(300);
    expect(items.has('https://ex.com/one')).toBe(false);
    expect(items.get('https://ex.com/7')?.n).toBe(7);
    expect(report.batches.length).toBeGreaterThan(3);
    expect(report.totals).toMatchObject({ documentsSent: 300, deletesSent: 1, batchesFailed: 0 });
    expect(report.batches.every((b) => b.ok && b.bytes <= 20_000)).toBe(true);
    expect(events.filter((e) => e.type === 'batch-done')).toHaveLength(report.batches.length);
    expect(sim.requestCounts()['PUT /documents/batch']).toBe(report.batches.length);
  });

  it('stops pulling input and rejects with the reason when the signal aborts', async () => {
    const { sim, source } = await start();
    const controller = new AbortController();
    let pulled = 0;
    function* docs() {
      for (let i = 0; i < 10_000; i++) {
        pulled++;
        if (i === 50) controller.abort(new Error('stop now'));
        yield new DocumentBuilder(`https://ex.com/${i}`, 'T').withData('x'.repeat(100));
      }
    }
    await expect(
      source.batchUpdateDocuments(
        'src',
        { addOrUpdate: docs() },
        { maxBatchBytes: 2_000, signal: controller.signal },
      ),
    ).rejects.toThrow('stop now');
    expect(pulled).toBeLessThan(100);
    expect(sim.documents('src').size).toBeLessThan(100);
  });

  it('refuses an item over the 6 MB request limit and a bad status before sending', async () => {
    const source = new PushSource('key-123', 'org1', { baseUrl: 'http://127.0.0.1:9' });
    const big = new DocumentBuilder('https://ex.com/big', 'Big');
    for (let i = 0; i < 2; i++) big.withMetadataValue(`part${i}`, 'x'.repeat(3.5 * 1024 * 1024));
    await expect(source.addOrUpdateDocument('src', big)).rejects.toThrow(
      /over the single-item request limit of 6291456 bytes \(limits\.requestBytes\)/,
    );
    await expect(source.setSourceStatus('src', 'PAUSED' as 'IDLE')).rejects.toThrow(
      /status: must be REBUILD, REFRESH, INCREMENTAL or IDLE/,
    );
  });

  it('applies batches in input order even when an earlier commit is slower', async () => {
    // Hold the first container's commit: without ordering, the second would land first.
    let firstFileId = (): string | undefined => undefined;
    const faults = createFaultInjector({
      match: (req) => {
        const id = firstFileId();
        return req.method === 'PUT' && id !== undefined && (req.url ?? '').includes(`fileId=${id}`);
      },
    });
    faults.next({ kind: 'delay', ms: 150 });
    const { sim, source } = await start({ faults });
    firstFileId = () => sim.fileIds()[0];
    const version = (v: string) =>
      new DocumentBuilder('https://ex.com/same', `Version ${v}`).withData('x'.repeat(900));
    await source.batchUpdateDocuments(
      'src',
      { addOrUpdate: [version('1'), version('2')] },
      { maxBatchBytes: 1_500, concurrency: 2 },
    );
    expect(faults.stats().delay).toBe(1);
    expect(sim.documents('src').get('https://ex.com/same')?.title).toBe('Version 2');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { BatchProgressEvent } from './batch/batch-types.js';
import { DocumentBuilder } from './document-builder.js';
import { miniCoveo } from './mini-coveo.fixture.js';
import { PushSource } from './push-source.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

describe('PushSource', () => {
  it('pushes one item and splits a large batch into file containers', async () => {
    const sim = await miniCoveo();
    close = sim.server.close;
    const source = new PushSource('key-123', 'org1', { baseUrl: sim.server.url });
    await source.addOrUpdateDocument(
      'src',
      new DocumentBuilder('https://ex.com/one', 'One').withData('hi'),
    );
    expect(sim.items.get('https://ex.com/one')?.title).toBe('One');
    expect(sim.calls[0]).toBe('PUT /push/v1/organizations/org1/sources/src/documents');

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
    expect(sim.items.size).toBe(300);
    expect(sim.items.get('https://ex.com/7')?.n).toBe(7);
    expect(report.batches.length).toBeGreaterThan(3);
    expect(report.totals).toMatchObject({ documentsSent: 300, deletesSent: 1, batchesFailed: 0 });
    expect(report.batches.every((b) => b.ok && b.bytes <= 20_000)).toBe(true);
    expect(events.filter((e) => e.type === 'batch-done')).toHaveLength(report.batches.length);
  });
});

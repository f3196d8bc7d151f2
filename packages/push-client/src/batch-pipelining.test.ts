import { afterEach, describe, expect, it } from 'vitest';
import { DocumentBuilder } from './document-builder.js';
import { PushSource } from './push-source.js';
import { createCoveoSimulator } from './testing/index.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

describe('batchUpdateDocuments over an input that never waits', () => {
  it('lets uploads in flight reach the server while it serializes the next batches', async () => {
    const sim = createCoveoSimulator({
      apiKeys: ['key-123'],
      organizationId: 'org1',
      sources: [{ id: 'src', type: 'PUSH' }],
    });
    const server = await sim.listen();
    close = server.close;
    const source = new PushSource('key-123', 'org1', { baseUrl: server.url });
    const total = 4_000;
    /** Requests the simulator had answered when the generator was asked for each checkpoint. */
    const seenAt = new Map<number, number>();
    function* docs() {
      for (let i = 0; i < total; i++) {
        if (i === 0 || i === total - 1) seenAt.set(i, sim.requests().length);
        yield new DocumentBuilder(`https://ex.com/${i}`, `Doc ${i}`).withData('x'.repeat(900));
      }
    }
    // About 4 MB in 256 KB containers, and enough concurrency that the loop never has to wait for
    // a free slot: only its own I/O turns let the first containers travel before the input ends.
    const report = await source.batchUpdateDocuments(
      'src',
      { addOrUpdate: docs() },
      { maxBatchBytes: 256 * 1024, concurrency: 64 },
    );
    expect(report.totals.documentsSent).toBe(total);
    expect(sim.documents('src').size).toBe(total);
    expect(seenAt.get(0)).toBe(0);
    // By the input's last item, containers were already created, filled and committed on the
    // server (a loop that held the event loop would see none before the input ended).
    expect(seenAt.get(total - 1)).toBeGreaterThan(3);
  });
});

import { type Document, HttpPushAPI, PushAPIVersion } from '@connectorkit/pushapi-conventions';
import { startChildServer } from './lib/child-server.js';
import { type Figure, printTable } from './lib/report.js';

/**
 * Documents/s and MB/s of `HttpPushAPI.addDocumentList` against the simulator (child process):
 * one document per request versus batches, printed as ratios. BENCH_PAPI_DOCS sets the count.
 */
export async function run(): Promise<void> {
  const count = Number(process.env.BENCH_PAPI_DOCS ?? 5000);
  const server = await startChildServer(
    new URL('./servers/papi-simulator-server.ts', import.meta.url),
  );
  const { hostname, port } = new URL(server.url);
  try {
    const api = new HttpPushAPI({
      version: PushAPIVersion.PAPI_V4,
      host: hostname,
      port,
      connectorName: 'bench',
      connectorType: 'bench',
    });
    const body = 'lorem ipsum '.repeat(80);
    const docs: Document[] = Array.from({ length: count }, (_, i) => ({
      uri: `bench/doc-${i}`,
      stamp: String(i),
      metas: { title: `Document ${i}`, category: `c${i % 10}` },
      parts: [{ content: body, mimeHint: 'text/plain', encoding: 'utf-8' }],
    }));
    const bytes = docs.reduce(
      (sum, d) => sum + Buffer.byteLength(String(d.parts?.[0]?.content ?? '')),
      0,
    );
    const figures: Figure[] = [];
    for (const batchSize of [1, 10, 100, 1000]) {
      await api.addDocumentList(docs.slice(0, Math.min(batchSize * 5, count)));
      const started = performance.now();
      for (let i = 0; i < count; i += batchSize)
        await api.addDocumentList(docs.slice(i, i + batchSize));
      const seconds = (performance.now() - started) / 1000;
      figures.push({
        name: batchSize === 1 ? 'one document per request' : `batches of ${batchSize}`,
        value: count / seconds,
        unit: 'documents/s',
        extra: { 'MB/s': (bytes / 1048576 / seconds).toFixed(2) },
      });
      await api.sync();
    }
    printTable(`pushapi-conventions: addDocumentList of ${count} documents of ~1 KB`, figures, {
      baseline: 'one document per request',
      better: 'higher',
    });
  } finally {
    server.stop();
  }
}

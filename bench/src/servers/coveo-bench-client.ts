/**
 * One contender of the push-client benchmark, in its own process so that its peak RSS is its
 * own. Written with no TypeScript-only syntax: the parent copies it to a `.mjs` file and runs it
 * with plain `node`, so no TypeScript loader sits in the measured process (tsx costs ~30 MB RSS).
 * Arguments: `<ours|official|ours-generator> <simulatorUrl> <documents> <sourceId>`; module locations come
 * in `BENCH_PUSH_CLIENT`, `BENCH_PUSH_TESTING` and `BENCH_OFFICIAL` (resolved by the parent).
 * Sends `{ docsPerSecond, peakRssMb, baselineRssMb, documents }` to the parent.
 */
import { createRequire } from 'node:module';

const [contender = '', url = '', countText = '0', SOURCE = 'bench-ours'] = process.argv.slice(2);
const count = Number(countText);
const ORG = 'benchorg';
const KEY = 'bench-api-key-000000';
const FILLER = 'lorem ipsum dolor sit amet '.repeat(30).slice(0, 700);
const env = process.env;

const baseline = process.memoryUsage.rss();
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 20);

async function runOurs(generator = false) {
  const { DocumentBuilder, PushSource } = await import(env.BENCH_PUSH_CLIENT ?? '');
  function* docs() {
    for (let i = 0; i < count; i++) {
      yield new DocumentBuilder(`https://bench.example.com/item/${i}`, `Item number ${i}`)
        .withData(FILLER)
        .withAuthor('bench')
        .withMetadata({ sku: `SKU-${i}`, price: i % 1000, tags: ['a', 'b'] });
    }
  }
  async function* asyncDocs() {
    yield* docs();
  }
  const source = new PushSource(KEY, ORG, { baseUrl: url });
  await source.batchUpdateDocuments(SOURCE, { addOrUpdate: generator ? asyncDocs() : docs() });
}

/** Sends the official client's Coveo hosts to the simulator (it has no base-URL option). */
async function routeFetch() {
  const testing = await import(env.BENCH_PUSH_TESTING ?? '');
  return testing.routeCoveoFetch(url);
}

async function runOfficial() {
  globalThis.fetch = await routeFetch();
  const official = createRequire(env.BENCH_OFFICIAL ?? '')('@coveo/push-api-client');
  const docs = [];
  for (let i = 0; i < count; i++) {
    const d = new official.DocumentBuilder(
      `https://bench.example.com/item/${i}`,
      `Item number ${i}`,
    );
    d.withData(FILLER);
    d.withAuthor('bench');
    d.withMetadata({ sku: `SKU-${i}`, price: i % 1000, tags: ['a', 'b'] });
    docs.push(d);
  }
  const source = new official.PushSource(KEY, ORG);
  await source.batchUpdateDocuments(
    SOURCE,
    { addOrUpdate: docs, delete: [] },
    { createFields: false },
  );
}

const started = performance.now();
if (contender === 'official') await runOfficial();
else await runOurs(contender === 'ours-generator');
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
process.send?.({
  docsPerSecond: count / seconds,
  peakRssMb: peak / 1024 / 1024,
  baselineRssMb: baseline / 1024 / 1024,
  documents: count,
});
process.disconnect?.();

import { fork } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer } from './lib/child-server.js';
import { type Figure, printTable, round } from './lib/report.js';

interface Outcome {
  docsPerSecond: number;
  peakRssMb: number;
  /** RSS of the process before the contender loaded anything. */
  baselineRssMb: number;
  documents: number;
}

// The worker runs under plain node (no TypeScript loader in the measured process).
const worker = join(mkdtempSync(join(tmpdir(), 'ck-bench-')), 'coveo-bench-client.mjs');
copyFileSync(new URL('./servers/coveo-bench-client.ts', import.meta.url), worker);
const workerEnv = {
  ...process.env,
  BENCH_PUSH_CLIENT: import.meta.resolve('@connectorkit/push-client'),
  BENCH_PUSH_TESTING: import.meta.resolve('@connectorkit/push-client/testing'),
  BENCH_OFFICIAL: new URL('../package.json', import.meta.url).pathname,
};

/** Runs one contender in its own process (its peak RSS is then its own), into its own source. */
function runClient(contender: string, url: string, documents: number): Promise<Outcome> {
  const child = fork(worker, [contender, url, String(documents), `bench-${contender}`], {
    execArgv: [],
    env: workerEnv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as Outcome));
    child.once(
      'exit',
      (code) => code !== 0 && reject(new Error(`${contender} exited with ${code}`)),
    );
  });
}

const round0 = (n: number): number => Math.round(n);

/** Documents the simulator holds in the contender's source. */
async function landedIn(url: string, contender: string): Promise<number> {
  const res = await fetch(`${url}/bench/count?source=bench-${contender}`);
  return Number(await res.text());
}

/**
 * 100k documents of about 1 KB through `batchUpdateDocuments`, ours and `@coveo/push-api-client`
 * 4.0.1 (`createFields: false`, routed with `routeCoveoFetch`), against the simulator in a child
 * process: documents/s, peak RSS and ratios. Then 1M documents from an async generator, ours alone.
 * Targets: 2x their throughput at half their peak RSS; 1M documents under 200 MB RSS.
 * `BENCH_DOCS` (default 100000) and `BENCH_DOCS_LARGE` (default 1000000) shrink the runs.
 * `BENCH_ROUNDS` (default 3) alternates the two contenders that many times and keeps each one's
 * best throughput and its highest peak RSS: on a shared machine, load from other processes only
 * ever slows a round down, so the best round is the least disturbed one.
 */
export async function run(): Promise<void> {
  const documents = Number(process.env.BENCH_DOCS ?? 100_000);
  const large = Number(
    process.env.BENCH_DOCS_LARGE ?? (process.env.BENCH_DOCS ? documents * 10 : 1_000_000),
  );
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
  const server = await startChildServer(new URL('./servers/coveo-simulator.ts', import.meta.url));
  try {
    const results: Record<string, Outcome> = {};
    for (let round = 0; round < rounds; round++) {
      for (const contender of ['official', 'ours']) {
        const outcome = await runClient(contender, server.url, documents);
        const landed = await landedIn(server.url, contender);
        if (landed !== documents)
          throw new Error(`${contender}: ${landed} of ${documents} documents landed`);
        const best = results[contender];
        console.log(
          `round ${round + 1} ${contender}: ${round0(outcome.docsPerSecond)} documents/s, peak RSS ${round0(outcome.peakRssMb)} MB`,
        );
        results[contender] = best
          ? {
              ...best,
              docsPerSecond: Math.max(best.docsPerSecond, outcome.docsPerSecond),
              peakRssMb: Math.max(best.peakRssMb, outcome.peakRssMb),
            }
          : outcome;
      }
    }
    const figures = (unit: 'docs/s' | 'MB'): Figure[] =>
      Object.entries(results).map(([name, o]) => ({
        name,
        value: unit === 'docs/s' ? o.docsPerSecond : o.peakRssMb,
        unit: unit === 'docs/s' ? 'documents/s' : 'peak RSS MB',
        extra: { 'empty-process RSS MB': String(round(o.baselineRssMb)) },
      }));
    printTable(
      `push-client: ${documents} documents of ~1 KB, throughput (best of ${rounds})`,
      figures('docs/s'),
      {
        baseline: 'official',
        better: 'higher',
      },
    );
    printTable(
      `push-client: ${documents} documents of ~1 KB, peak RSS (highest of ${rounds})`,
      figures('MB'),
      {
        baseline: 'official',
        better: 'lower',
      },
    );
    const big = await runClient('ours-generator', server.url, large);
    const landed = await landedIn(server.url, 'ours-generator');
    console.log(
      `\n## push-client: ${large} documents from an async generator (ours alone)\n` +
        `${round(big.docsPerSecond)} documents/s, peak RSS ${round(big.peakRssMb)} MB ` +
        `(target < 200 MB; the empty process was ${round(big.baselineRssMb)} MB), ${landed} landed`,
    );
  } finally {
    server.stop();
  }
}

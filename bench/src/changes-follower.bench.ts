import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ChangesFollower } from '@connectorkit/changes-follower';
import { createDocDbClient } from '@connectorkit/doc-db-client';
import { basicAuth } from '@connectorkit/http-core';
import { startChildServer } from './lib/child-server.js';
import { type Figure, median, printTable, withPeakRss } from './lib/report.js';

const require = createRequire(import.meta.url);

/**
 * One-off drain of N changes (BENCH_CHANGES, default 100 000) from the CouchDB simulator in a child
 * process: connectorkit's ChangesFollower, @ibm-cloud/cloudant's ChangesFollower, and a plain fetch
 * loop over `_changes`, side by side. Targets: ≥ 3x Cloudant's follower, ≥ 0.9x the plain loop, and
 * RSS under 100 MB for 1M changes (BENCH_CHANGES=1000000).
 */
export async function run(): Promise<void> {
  const count = Number(process.env.BENCH_CHANGES ?? 100_000);
  const server = await startChildServer(
    new URL('./servers/couch-simulator-server.ts', import.meta.url),
    [String(count)],
  );
  const auth = `Basic ${Buffer.from('admin:bench-pw').toString('base64')}`;
  try {
    const contenders: Record<string, () => Promise<number>> = {
      connectorkit: async () => {
        const client = createDocDbClient({
          url: server.url,
          auth: basicAuth({ username: 'admin', password: 'bench-pw' }),
          validateResponses: false,
        });
        let n = 0;
        for await (const batch of new ChangesFollower({ client, db: 'bench' })
          .startOneOff()
          .batches())
          n += batch.changes.length;
        return n;
      },
      '@ibm-cloud/cloudant': async () => {
        const {
          CloudantV1,
          ChangesFollower: CloudantFollower,
          BasicAuthenticator,
        } = require('@ibm-cloud/cloudant');
        const service = new CloudantV1({
          authenticator: new BasicAuthenticator({ username: 'admin', password: 'bench-pw' }),
        });
        service.setServiceUrl(server.url);
        const follower = new CloudantFollower(service, { db: 'bench' });
        let n = 0;
        for await (const _change of follower.startOneOff()) n++;
        return n;
      },
      'plain fetch loop': async () => {
        let since: unknown = 0;
        let n = 0;
        for (;;) {
          const response = await fetch(
            `${server.url}/bench/_changes?feed=normal&limit=10000&since=${encodeURIComponent(String(since))}`,
            {
              method: 'POST',
              headers: {
                authorization: auth,
                'content-type': 'application/json',
                accept: 'application/json',
              },
              body: '{}',
            },
          );
          const page = (await response.json()) as {
            results: unknown[];
            last_seq: unknown;
            pending: number;
          };
          n += page.results.length;
          since = page.last_seq;
          if (page.pending === 0) return n;
        }
      },
    };
    const only = process.env.BENCH_ONLY?.split(',');
    const chosen = Object.entries(contenders).filter(([name]) => !only || only.includes(name));
    // One unmeasured drain each warms both processes' JIT, then the best of three rounds counts.
    for (const [, drain] of chosen) await drain();
    const best = new Map<string, { rate: number; rss: number; cpu: number }>();
    for (let round = 0; round < Number(process.env.BENCH_ROUNDS ?? 3); round++) {
      for (const [name, drain] of chosen) {
        globalThis.gc?.();
        const started = performance.now();
        const cpuStart = process.cpuUsage();
        const { result, peakRssMb } = await withPeakRss(drain);
        const rate = result / ((performance.now() - started) / 1000);
        const cpuUsed = process.cpuUsage(cpuStart);
        const cpu = (cpuUsed.user + cpuUsed.system) / result;
        if (result !== count) throw new Error(`${name} saw ${result} changes, expected ${count}`);
        const previous = best.get(name);
        best.set(name, {
          rate: Math.max(previous?.rate ?? 0, rate),
          rss: Math.max(previous?.rss ?? 0, peakRssMb),
          cpu: Math.min(previous?.cpu ?? Number.POSITIVE_INFINITY, cpu),
        });
      }
    }
    const cloudantCpu = best.get('@ibm-cloud/cloudant')?.cpu;
    const figures: Figure[] = [...best].map(([name, { rate, rss, cpu }]) => ({
      name,
      value: rate,
      unit: 'changes/s',
      extra: {
        'client CPU µs/change': cpu.toFixed(2),
        'CPU vs cloudant': cloudantCpu ? `${(cpu / cloudantCpu).toFixed(3)}x` : '-',
        'peak RSS MB (process)': rss.toFixed(1),
      },
    }));
    printTable(`changes-follower: one-off drain of ${count} changes`, figures, {
      baseline: figures.some((f) => f.name === '@ibm-cloud/cloudant')
        ? '@ibm-cloud/cloudant'
        : (figures[0]?.name ?? ''),
      better: 'higher',
    });
    const ours = figures.find((f) => f.name === 'connectorkit');
    const loop = figures.find((f) => f.name === 'plain fetch loop');
    if (ours && loop)
      console.log(`connectorkit vs plain fetch loop: ${(ours.value / loop.value).toFixed(3)}x`);
  } finally {
    server.stop();
  }
  await flatRss();
}

/**
 * Drains BENCH_RSS_CHANGES (default 1M) changes in a bare child process, BENCH_RSS_RUNS times
 * (default 5: the peak moves by a few MB with the garbage collector's timing), and prints each
 * run's peak RSS, their median and what the highest peak was made of.
 */
async function flatRss(): Promise<void> {
  const count = Number(process.env.BENCH_RSS_CHANGES ?? 1_000_000);
  const runs = Number(process.env.BENCH_RSS_RUNS ?? 5);
  if (count <= 0 || runs <= 0) return;
  const server = await startChildServer(
    new URL('./servers/couch-simulator-server.ts', import.meta.url),
    [String(count)],
  );
  try {
    type Drain = {
      count: number;
      baselineRssMb: number;
      peakRssMb: number;
      newSpaceMb: number;
      oldSpaceMb: number;
      externalMb: number;
    };
    const drain = (script: string): Drain =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [
            '--expose-gc',
            fileURLToPath(new URL(`./servers/${script}`, import.meta.url)),
            server.url,
          ],
          { encoding: 'utf8' },
        ),
      ) as Drain;
    const drains: Drain[] = [];
    const loops: Drain[] = [];
    // Alternated, so that both meet the machine in the same state.
    for (let i = 0; i < runs; i++) {
      drains.push(drain('follower-drain-child.mjs'));
      loops.push(drain('plain-fetch-drain-child.mjs'));
    }
    const list = (ds: Drain[]) => ds.map((d) => d.peakRssMb.toFixed(1)).join(' / ');
    const medianOf = (ds: Drain[]) => median(ds.map((d) => d.peakRssMb));
    const highest = drains.reduce((a, b) => (b.peakRssMb > a.peakRssMb ? b : a));
    console.log(
      `\n## changes-follower: ${highest.count} changes drained in a bare process, ${runs} runs: peak RSS ${list(drains)} MB, median ${medianOf(drains).toFixed(1)} MB (at start ${highest.baselineRssMb.toFixed(1)} MB; target under 100 MB)` +
        `\nat the highest peak: V8 young generation ${highest.newSpaceMb.toFixed(1)} MB, old generation ${highest.oldSpaceMb.toFixed(1)} MB, external ${highest.externalMb.toFixed(1)} MB` +
        `\nthe same drain with a plain fetch loop (limit 10000, response.json()): peak RSS ${list(loops)} MB, median ${medianOf(loops).toFixed(1)} MB (at start ${(loops[0] as Drain).baselineRssMb.toFixed(1)} MB)`,
    );
  } finally {
    server.stop();
  }
}

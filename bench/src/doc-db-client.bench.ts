import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { createDocDbClient } from '@connectorkit/doc-db-client';
import { basicAuth } from '@connectorkit/http-core';
import { startChildServer } from './lib/child-server.js';
import { installedSize } from './lib/installed-size.js';
import { type Figure, median, printTable, runConcurrent, withPeakRss } from './lib/report.js';

const require = createRequire(import.meta.url);

interface Contender {
  get(id: string): Promise<unknown>;
  put(id: string, doc: object): Promise<unknown>;
  bulk(docs: object[]): Promise<unknown>;
  /** Reads every document of the db with include_docs, in pages; returns the count. */
  pageAll(pageSize: number): Promise<number>;
}

/** CPU time of a process in ms (Linux: /proc), or undefined elsewhere. */
function processCpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

interface Sample {
  rate: number;
  clientUs: number;
  serverUs: number | undefined;
  peakRssMb: number;
}

/**
 * connectorkit's doc-db-client against @ibm-cloud/cloudant and nano: single-document GET and PUT
 * at concurrency 32, `_bulk_docs` of BENCH_DOCS (default 100 000) small documents, and paging
 * `_all_docs` with `include_docs` over them. Twice, each time with every contender on the same
 * server in a child process:
 * - the CouchDB simulator, which does the work CouchDB does (parses, stores, revises, serializes);
 *   its CPU time is the same for every contender and pulls throughput ratios towards 1;
 * - a server of canned answers (`servers/couch-canned-server.ts`) that costs next to nothing, so
 *   that the throughput ratios are the clients' own (BENCH_CANNED=0 skips it).
 * BENCH_ROUNDS rounds (default 5), each in a rotated order so that no contender always goes first
 * or last, each contender warmed up on every operation first; the tables give the median round.
 */
export async function run(): Promise<void> {
  const total = Number(process.env.BENCH_DOCS ?? 100_000);
  const singles = Number(process.env.BENCH_SINGLE_OPS ?? 5_000);
  await measure('the CouchDB simulator', 'couch-simulator-server.ts', ['1000'], total, singles);
  if (process.env.BENCH_CANNED !== '0')
    await measure(
      'canned answers',
      'couch-canned-server.ts',
      [String(total + singles + 1000)],
      total,
      singles,
    );
  printInstalledSizes();
}

async function measure(
  serverName: string,
  script: string,
  args: string[],
  total: number,
  singles: number,
): Promise<void> {
  const server = await startChildServer(new URL(`./servers/${script}`, import.meta.url), args);
  const username = 'admin';
  const password = 'bench-pw';
  try {
    const ours = createDocDbClient({
      url: server.url,
      auth: basicAuth({ username, password }),
      validateResponses: false,
    });
    const { CloudantV1, BasicAuthenticator } = require('@ibm-cloud/cloudant');
    const cloudant = new CloudantV1({
      authenticator: new BasicAuthenticator({ username, password }),
    });
    cloudant.setServiceUrl(server.url);
    const nano = require('nano')(server.url.replace('//', `//${username}:${password}@`));
    const contenders: Record<string, (db: string) => Contender> = {
      connectorkit: (db) => ({
        get: (id) => ours.getDocument({ db, docId: id }),
        put: (id, doc) =>
          ours.putDocument({ db, docId: id, document: doc as Record<string, unknown> }),
        bulk: (docs) => ours.postBulkDocs({ db, docs: docs as Record<string, unknown>[] }),
        pageAll: async (pageSize) => {
          let n = 0;
          for await (const page of ours.paginateAllDocs({ db, includeDocs: true, pageSize }))
            n += page.length;
          return n;
        },
      }),
      '@ibm-cloud/cloudant': (db) => ({
        get: (id) => cloudant.getDocument({ db, docId: id }),
        put: (id, doc) => cloudant.putDocument({ db, docId: id, document: doc }),
        bulk: (docs) => cloudant.postBulkDocs({ db, bulkDocs: { docs } }),
        pageAll: async (pageSize) => {
          let n = 0;
          let startKey: string | undefined;
          for (;;) {
            const { result } = await cloudant.postAllDocs({
              db,
              includeDocs: true,
              limit: pageSize + 1,
              ...(startKey ? { startKey } : {}),
            });
            const rows = result.rows as { id: string }[];
            n += Math.min(rows.length, pageSize);
            if (rows.length <= pageSize) return n;
            startKey = rows[pageSize]?.id;
          }
        },
      }),
      nano: (db) => {
        const handle = nano.use(db);
        return {
          get: (id) => handle.get(id),
          put: (id, doc) => handle.insert({ ...doc, _id: id }),
          bulk: (docs) => handle.bulk({ docs }),
          pageAll: async (pageSize) => {
            let n = 0;
            let startkey: string | undefined;
            for (;;) {
              const result = await handle.list({
                include_docs: true,
                limit: pageSize + 1,
                ...(startkey ? { startkey } : {}),
              });
              const rows = result.rows as { id: string }[];
              n += Math.min(rows.length, pageSize);
              if (rows.length <= pageSize) return n;
              startkey = rows[pageSize]?.id;
            }
          },
        };
      },
    };
    const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
    const names = Object.keys(contenders);
    const samples: Record<string, Record<string, Sample[]>> = {
      get: {},
      put: {},
      bulk: {},
      page: {},
    };
    const docsOf = (prefix: string, from: number, count: number) =>
      Array.from({ length: count }, (_, k) => ({
        _id: `${prefix}-${String(from + k).padStart(8, '0')}`,
        n: from + k,
        name: `item ${from + k}`,
      }));
    for (let round = 0; round < rounds; round++) {
      // Rotated each round so that no contender always goes first or last; and operation by
      // operation, so that each operation's contenders run minutes apart at most, not a whole round.
      const order = names.map((_, i) => names[(i + round) % names.length] as string);
      const dbOf = (name: string) => `bench-${name.replace(/[^a-z]/g, '')}-${round}`;
      const handles = new Map<string, Contender>();
      for (const name of order) {
        const make = contenders[name] as (db: string) => Contender;
        const db = dbOf(name);
        const warm = `${db}-warm-up`;
        await ours.putDatabase({ db });
        await ours.putDatabase({ db: warm });
        const c = make(db);
        handles.set(name, c);
        await ours.postBulkDocs({
          db,
          docs: Array.from({ length: 1000 }, (_, i) => ({
            _id: `seed-${String(i).padStart(4, '0')}`,
            n: i,
          })),
        });
        // Every operation warmed up, on a database of its own so that the counts stay exact.
        const w = make(warm);
        await runConcurrent(500, 32, (i) => c.get(`seed-${String(i % 1000).padStart(4, '0')}`));
        await runConcurrent(300, 32, (i) => w.put(`warm-${i}`, { n: i, name: `item ${i}` }));
        for (let i = 0; i < 3000; i += 1000) await w.bulk(docsOf('bulk', i, 1000));
        await w.pageAll(1000);
        await ours.deleteDatabase({ db: warm });
      }
      const timed = async (
        label: string,
        name: string,
        count: number,
        fn: () => Promise<unknown>,
      ) => {
        globalThis.gc?.();
        const serverBefore = processCpuMs(server.pid);
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        const { peakRssMb } = await withPeakRss(fn);
        const seconds = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        const serverAfter = processCpuMs(server.pid);
        const serverMs =
          serverBefore === undefined || serverAfter === undefined
            ? undefined
            : serverAfter - serverBefore;
        const perLabel = samples[label] as Record<string, Sample[]>;
        perLabel[name] ??= [];
        perLabel[name].push({
          rate: count / seconds,
          clientUs: (cpu.user + cpu.system) / count,
          serverUs: serverMs === undefined ? undefined : (serverMs * 1000) / count,
          peakRssMb,
        });
      };
      const each = async (fn: (name: string, c: Contender) => Promise<void>) => {
        for (const name of order) await fn(name, handles.get(name) as Contender);
      };
      await each((name, c) =>
        timed('get', name, singles, () =>
          runConcurrent(singles, 32, (i) => c.get(`seed-${String(i % 1000).padStart(4, '0')}`)),
        ),
      );
      await each((name, c) =>
        timed('put', name, singles, () =>
          runConcurrent(singles, 32, (i) => c.put(`new-${i}`, { n: i, name: `item ${i}` })),
        ),
      );
      await each((name, c) =>
        timed('bulk', name, total, async () => {
          for (let i = 0; i < total; i += 1000)
            await c.bulk(docsOf('bulk', i, Math.min(1000, total - i)));
        }),
      );
      await each(async (name, c) => {
        let pagedCount = 0;
        await timed('page', name, total + singles + 1000, async () => {
          pagedCount = await c.pageAll(1000);
        });
        if (pagedCount !== total + singles + 1000)
          throw new Error(`${name} paged ${pagedCount} documents`);
      });
      // Dropped so that the next round meets a server holding no more data than this one.
      for (const name of order) await ours.deleteDatabase({ db: dbOf(name) });
    }
    const results: Record<string, Figure[]> = {};
    for (const [label, byName] of Object.entries(samples)) {
      results[label] = names.map((name) => {
        const runs = byName[name] ?? [];
        const server = runs.map((r) => r.serverUs).filter((v): v is number => v !== undefined);
        return {
          name,
          value: median(runs.map((r) => r.rate)),
          unit: 'documents/s',
          extra: {
            rounds: runs.map((r) => Math.round(r.rate)).join(' / '),
            'client CPU µs/doc': median(runs.map((r) => r.clientUs)).toFixed(1),
            'server CPU µs/doc': server.length ? median(server).toFixed(1) : 'n/a',
            'peak RSS MB (process)': Math.max(...runs.map((r) => r.peakRssMb)).toFixed(1),
          },
        };
      });
    }
    const titles: Record<string, string> = {
      get: `single-document GET, concurrency 32 (${singles})`,
      put: `single-document PUT, concurrency 32 (${singles})`,
      bulk: `_bulk_docs insert of ${total} small documents (1000 per request)`,
      page: `paging _all_docs with include_docs over ${total + singles + 1000} documents (1000 per page)`,
    };
    console.log(
      `\nServer: ${serverName}. ${rounds} rounds in rotated order; median round shown (all rounds under "rounds").`,
    );
    for (const [label, figures] of Object.entries(results)) {
      printTable(`doc-db-client, ${serverName}: ${titles[label]}`, figures, {
        baseline: '@ibm-cloud/cloudant',
        better: 'higher',
      });
      const ck = figures.find((f) => f.name === 'connectorkit');
      const nanoFigure = figures.find((f) => f.name === 'nano');
      if (ck && nanoFigure)
        console.log(
          `connectorkit vs nano: ${(ck.value / nanoFigure.value).toFixed(3)}x (client CPU per document: ${(Number(nanoFigure.extra?.['client CPU µs/doc']) / Number(ck.extra?.['client CPU µs/doc'])).toFixed(2)}x less)`,
        );
      console.log(pairedRatios(samples[label] as Record<string, Sample[]>));
    }
  } finally {
    server.stop();
  }
}

/**
 * connectorkit's rate over each peer's in the same round, and their median: a steadier figure
 * than the ratio of medians when the machine's speed drifts between rounds.
 */
function pairedRatios(byName: Record<string, Sample[]>): string {
  const ours = byName.connectorkit ?? [];
  const parts = ['@ibm-cloud/cloudant', 'nano'].map((peer) => {
    const ratios = (byName[peer] ?? []).map((s, i) => (ours[i]?.rate ?? 0) / s.rate);
    return `vs ${peer} ${ratios.map((r) => r.toFixed(2)).join(' / ')} (median ${median(ratios).toFixed(3)}x)`;
  });
  return `paired rounds: ${parts.join('; ')}`;
}

/** Installed size of each client with its production dependencies, as pnpm laid them out here. */
function printInstalledSizes(): void {
  const dirOf = (name: string) => dirname(require.resolve(`${name}/package.json`));
  const figures: Figure[] = ['@connectorkit/doc-db-client', '@ibm-cloud/cloudant', 'nano'].map(
    (name) => {
      const size = installedSize(dirOf(name));
      return {
        name,
        value: size.bytes / 1048576,
        unit: 'installed MB',
        extra: { packages: String(size.packages) },
      };
    },
  );
  printTable('doc-db-client: installed size with production dependencies', figures, {
    baseline: '@ibm-cloud/cloudant',
    better: 'lower',
  });
}

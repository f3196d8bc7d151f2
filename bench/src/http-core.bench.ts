import { createHttpClient, nodeHttpTransport } from '@connectorkit/http-core';
import { startChildServer } from './lib/child-server.js';
import { cpuMicros, type Figure, printTable, runConcurrent } from './lib/report.js';

/**
 * Client CPU time per request through http-core (over fetch, and over `nodeHttpTransport()`) and
 * through plain fetch, against the same loopback server (in a child process), at concurrency 1
 * and 32. Target: at most 1.15x fetch over fetch.
 */
export async function run(): Promise<void> {
  const server = await startChildServer(
    new URL('./servers/static-json-server.ts', import.meta.url),
  );
  try {
    const http = createHttpClient({ baseUrl: server.url });
    const overNode = createHttpClient({ baseUrl: server.url, transport: nodeHttpTransport() });
    const contenders: Record<string, () => Promise<unknown>> = {
      fetch: async () => {
        const response = await fetch(`${server.url}/db/doc`, {
          headers: { accept: 'application/json' },
        });
        return response.json();
      },
      'http-core': () => http.get('/db/doc'),
      'http-core (nodeHttpTransport)': () => overNode.get('/db/doc'),
    };
    const perRound = Number(process.env.BENCH_REQUESTS ?? 5000);
    for (const concurrency of [1, 32]) {
      const best: Record<string, number> = {};
      for (const op of Object.values(contenders)) await runConcurrent(1000, concurrency, op);
      for (let round = 0; round < 5; round++) {
        for (const [name, op] of Object.entries(contenders)) {
          const micros = await cpuMicros(() => runConcurrent(perRound, concurrency, op));
          best[name] = Math.min(best[name] ?? Number.POSITIVE_INFINITY, micros / perRound);
        }
      }
      const figures: Figure[] = Object.entries(best).map(([name, value]) => ({
        name,
        value,
        unit: 'CPU µs/request',
      }));
      printTable(`http-core: client CPU per request, concurrency ${concurrency}`, figures, {
        baseline: 'fetch',
        better: 'lower',
      });
    }
  } finally {
    server.stop();
  }
}

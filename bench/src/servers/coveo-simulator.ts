import { createServer } from 'node:http';
import { createCoveoSimulator } from '@connectorkit/push-client/testing';

/**
 * The Coveo side of the push-client benchmark, in a child process: the simulator of
 * `@connectorkit/push-client/testing` (every body checked against the documented shapes, file
 * containers served on the same origin), with one Push source per contender and a
 * `GET /bench/count?source=` route giving the documents landed in a source. Item bodies are
 * not kept (`retainDocumentBodies: false`), so a million documents fit in the server.
 */
const BENCH_ORG = 'benchorg';
const BENCH_KEY = 'bench-api-key-000000';
const BENCH_SOURCES = ['bench-official', 'bench-ours', 'bench-ours-generator'];

const sim = createCoveoSimulator({
  apiKeys: [BENCH_KEY],
  organizationId: BENCH_ORG,
  sources: BENCH_SOURCES.map((id) => ({ id, type: 'PUSH' as const })),
  indexingDelayMs: 0,
  retainDocumentBodies: false,
});

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/bench/count') {
    res.end(String(sim.documents(url.searchParams.get('source') ?? '').size));
    return;
  }
  void sim.handler(req, res);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.send?.(`http://127.0.0.1:${address.port}`);
});

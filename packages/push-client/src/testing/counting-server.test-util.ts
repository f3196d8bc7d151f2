import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import { type CoveoSimulator, type CoveoSimulatorOptions, createCoveoSimulator } from './index.js';

/** The simulator behind a loopback server that counts requests and keeps every answer status. */
export interface CountingServer {
  sim: CoveoSimulator;
  server: LoopbackServer;
  url: string;
  /** Requests seen since the last `reset()`, as `METHOD /path?query`. */
  lines: string[];
  /** Answer statuses since the last `reset()`, in the order the answers ended. */
  statuses: number[];
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts the simulator (org `org1`, key `key-123`, sources `src` (Push) and `cat` (Catalog))
 * behind a counting loopback server: what reaches the server is what the client sent.
 */
export async function startCountingServer(
  options: CoveoSimulatorOptions = {},
): Promise<CountingServer> {
  const sim = createCoveoSimulator({
    apiKeys: ['key-123'],
    organizationId: 'org1',
    sources: [
      { id: 'src', type: 'PUSH' },
      { id: 'cat', type: 'CATALOG' },
    ],
    ...options,
  });
  const lines: string[] = [];
  const statuses: number[] = [];
  const server = await startLoopbackServer((req, res) => {
    lines.push(`${req.method} ${req.url}`);
    res.on('finish', () => statuses.push(res.statusCode));
    return sim.handler(req, res);
  });
  return {
    sim,
    server,
    url: server.url,
    lines,
    statuses,
    reset: () => {
      lines.length = 0;
      statuses.length = 0;
    },
    close: () => server.close(),
  };
}

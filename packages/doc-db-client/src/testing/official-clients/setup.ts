import type { IncomingHttpHeaders } from 'node:http';
import { createFaultInjector } from '@connectorkit/http-core/testing';
import { afterEach } from 'vitest';
import { type CouchDbSimulator, createCouchDbSimulator } from '../index.js';

/** The simulator's one admin; the official clients log in with these. */
export const ADMIN = { username: 'admin', password: 'flow-secret' } as const;

/** A request as the simulator received it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface RunningSimulator {
  sim: CouchDbSimulator;
  url: string;
  /** Every request the simulator received, in order (recorded at the server). */
  seen: SeenRequest[];
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/**
 * Starts a simulator with one admin on a loopback port, closed after the test. The fault injector
 * records each request at the server in its `match`, and injects only what a test queues.
 */
export async function startSimulator(): Promise<RunningSimulator> {
  const seen: SeenRequest[] = [];
  const faults = createFaultInjector({
    match: (req) => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
      return true;
    },
  });
  const sim = createCouchDbSimulator({
    admins: { [ADMIN.username]: ADMIN.password },
    faults,
  });
  const server = await sim.listen();
  closers.push(server.close);
  return { sim, url: server.url, seen };
}

/** Reads a Node stream (an attachment body) to a buffer. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Documents for the query flows: `n` in 0..count-1, a type cycling a/b/c, a name. */
export function sampleDocs(count: number, prefix = 'doc'): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, n) => ({
    _id: `${prefix}${String(n).padStart(3, '0')}`,
    n,
    type: ['a', 'b', 'c'][n % 3],
    name: `item ${n % 2 === 0 ? 'even' : 'odd'} ${n}`,
  }));
}

/** A design document with map/reduce views over `sampleDocs` and a search index. */
export const QUERY_DESIGN = {
  views: {
    by_type: { map: 'function (doc) { if (doc.type) emit(doc.type, doc.n); }', reduce: '_sum' },
    by_type_n: {
      map: 'function (doc) { if (doc.type) emit([doc.type, doc.n % 2, doc.n], 1); }',
      reduce: '_count',
    },
  },
  indexes: {
    names: {
      index:
        'function (doc) { if (doc.name) { index("default", doc.name); index("n", doc.n, {"store": true}); index("type", doc.type, {"store": true}); } }',
    },
  },
};

/** Resolves once `condition` holds, checked every 5 ms. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Whether the server holds an open `_changes` request of `db` that asked for changes after `since`. */
export function pollingFrom(running: RunningSimulator, db: string, since: string): boolean {
  return (
    running.sim.openRequests() > 0 &&
    running.seen.some(
      (r) =>
        r.path.startsWith(`/${db}/_changes`) &&
        new URL(r.path, 'http://x').searchParams.get('since') === since,
    )
  );
}

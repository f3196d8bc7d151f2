import { inspect } from 'node:util';
import type { HttpLogEvent } from '@connectorkit/http-core';
import { createFaultInjector, type Fault, seededRandom } from '@connectorkit/http-core/testing';
import { afterEach, expect, it, vi } from 'vitest';
import { DocumentBuilder } from './document-builder.js';
import { PushSource } from './push-source.js';
import { createCoveoSimulator } from './testing/index.js';

const KEY = 'reliability-secret-key-42';
const DOCS = 400;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await close?.();
});

/** Every fault kind the official clients mishandle; the 500 echoes the API key back. */
const POOL: Fault[] = [
  { kind: 'status', status: 429, retryAfter: 0, body: '{"errorCode":"TOO_MANY_REQUESTS"}' },
  { kind: 'status', status: 429, body: '{"errorCode":"TOO_MANY_REQUESTS"}' },
  { kind: 'status', status: 500, body: JSON.stringify({ errorCode: 'X', message: `bad ${KEY}` }) },
  { kind: 'status', status: 502, body: '<html>502 Bad Gateway</html>', contentType: 'text/html' },
  {
    kind: 'status',
    status: 503,
    body: '<Error><Code>SlowDown</Code></Error>',
    contentType: 'application/xml',
  },
  { kind: 'reset' },
  { kind: 'truncate' },
];
/** `PUT /upload`, `POST /files`, `PUT /documents/batch`: the route a request is for. */
const routeOf = (method = '', url = '') =>
  `${method} /${/\/(upload|files|documents\/batch)\b/.exec(url)?.[1] ?? 'other'}`;

it('lands every document exactly once with 20% faults on every endpoint, upload URL included, and never shows the API key', async () => {
  const random = seededRandom(7);
  const faulted: Record<string, number> = {};
  let share = 0.2;
  // One draw per request: 20% of the requests of every route get a fault from the pool.
  const faults = createFaultInjector({
    rate: 1,
    pool: POOL,
    random,
    match: (req) => {
      if (random() >= share) return false;
      const route = routeOf(req.method, req.url);
      faulted[route] = (faulted[route] ?? 0) + 1;
      return true;
    },
  });
  const sim = createCoveoSimulator({
    apiKeys: [KEY],
    organizationId: 'org1',
    sources: [{ id: 'src', type: 'PUSH' }],
    faults,
    random,
  });
  // And 10% of the answers that got through are lost after the request was applied.
  sim.loseAnswers({ rate: 0.1 });
  const server = await sim.listen();
  close = server.close;
  const lines: string[] = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const)
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
    });
  const events: HttpLogEvent[] = [];
  const source = new PushSource(KEY, 'org1', {
    baseUrl: server.url,
    retry: { sleep: async () => {} },
    logger: (e) => {
      events.push(e);
      lines.push(JSON.stringify(e), inspect(e, { depth: 10 }));
    },
  });
  async function* docs() {
    for (let i = 0; i < DOCS; i++) {
      yield new DocumentBuilder(`https://ex.com/${i}`, `Doc ${i}`)
        .withData(`body ${i}`)
        .withMetadataValue('n', i);
    }
  }
  const report = await source.batchUpdateDocuments(
    'src',
    { addOrUpdate: docs(), delete: [{ documentId: 'https://ex.com/never-existed' }] },
    { maxBatchBytes: 2_000, concurrency: 3 },
  );
  expect(report.totals).toMatchObject({ batchesFailed: 0, documentsSent: DOCS, deletesSent: 1 });
  for (const route of ['POST /files', 'PUT /upload', 'PUT /documents/batch'])
    expect(faulted[route], route).toBeGreaterThan(0);
  expect(sim.lostAnswers()).toBeGreaterThan(0);

  // Exactly once: the final state holds each document once, and exactly the documents sent.
  const landed = [...sim.documents('src').values()];
  const perId = new Map<string, number>();
  for (const item of landed) perId.set(item.documentId, (perId.get(item.documentId) ?? 0) + 1);
  expect([...perId.values()].every((n) => n === 1)).toBe(true);
  const expected = Array.from({ length: DOCS }, (_, i) => `https://ex.com/${i}`);
  expect(new Set(perId.keys())).toEqual(new Set(expected));
  expect(landed).toHaveLength(DOCS);
  for (const item of landed) expect(item.n).toBe(Number(item.documentId.split('/').pop()));

  // A call that fails for good (every answer a 500 echoing the key) gives an error to inspect.
  share = 1;
  faults.setRate(1, [POOL[2] as Fault]);
  const failed = new PushSource(KEY, 'org1', {
    baseUrl: server.url,
    backoff: { maxRetries: 2 },
    retry: { sleep: async () => {} },
    logger: (e) => lines.push(JSON.stringify(e), inspect(e, { depth: 10 })),
  });
  const errors = await Promise.all([
    failed.addOrUpdateDocument('src', new DocumentBuilder('https://ex.com/x', 'X')).catch((e) => e),
    failed.batchUpdateDocuments('src', { addOrUpdate: docs() }, { batchRedos: 1 }).catch((e) => e),
  ]);
  for (const error of errors) {
    expect(error).toBeInstanceOf(Error);
    lines.push(
      String(error),
      String((error as Error).stack),
      inspect(error, { depth: 10, showHidden: true }),
      JSON.stringify(error),
    );
  }
  expect(events.some((e) => e.type === 'retry')).toBe(true);
  expect(lines.length).toBeGreaterThan(100);
  // The server echoed the key in its 500 bodies; no log line, error or inspect output holds it,
  // nor an upload URL's signature.
  for (const line of lines) {
    expect(line).not.toContain(KEY);
    expect(line).not.toMatch(/X-Amz-Signature=[0-9a-f]{6}/);
  }
});

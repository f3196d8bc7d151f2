import type { HttpLogEvent } from '@connectorkit/http-core';
import { afterEach, expect, it } from 'vitest';
import { DocumentBuilder } from './document-builder.js';
import { miniCoveo } from './mini-coveo.fixture.js';
import { PushSource } from './push-source.js';

const KEY = 'reliability-secret-key-42';
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

/** A seeded generator, so a failure replays the same way. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

it('lands every document exactly once with 20% faults on every endpoint, upload URL included', async () => {
  const random = lcg(7);
  let faults = 0;
  const sim = await miniCoveo({
    apiKey: KEY,
    loseAnswer: () => random() < 0.1,
    fault: () => {
      if (random() >= 0.2) return undefined;
      faults++;
      const pick = random();
      if (pick < 0.3)
        return Response.json(
          { errorCode: 'TOO_MANY_REQUESTS' },
          { status: 429, headers: { 'retry-after': '0' } },
        );
      if (pick < 0.6)
        return Response.json({ errorCode: 'INTERNAL', message: `echo ${KEY}` }, { status: 500 });
      if (pick < 0.8) return new Response('<html>502 Bad Gateway</html>', { status: 502 });
      return new Response('<?xml version="1.0"?><Error><Code>SlowDown</Code></Error>', {
        status: 503,
      });
    },
  });
  close = sim.server.close;
  const events: HttpLogEvent[] = [];
  const source = new PushSource(KEY, 'org1', {
    baseUrl: sim.server.url,
    retry: { sleep: async () => {} },
    logger: (e) => events.push(e),
  });
  async function* docs() {
    for (let i = 0; i < 400; i++) {
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
  expect(faults).toBeGreaterThan(10);
  expect(report.totals.batchesFailed).toBe(0);
  expect(report.totals.documentsSent).toBe(400);
  expect(sim.items.size).toBe(400);
  for (let i = 0; i < 400; i++) expect(sim.items.get(`https://ex.com/${i}`)?.n).toBe(i);
  expect(events.some((e) => e.type === 'retry')).toBe(true);
  expect(JSON.stringify(events)).not.toContain(KEY);
  expect(JSON.stringify(events)).not.toContain('-secret');
});

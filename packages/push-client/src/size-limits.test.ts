import { isInputValidationError } from '@connectorkit/http-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CatalogSource } from './catalog-source.js';
import { DocumentBuilder } from './document-builder.js';
import { LIMITS } from './document-rules.js';
import type { PlatformOptions } from './platform-options.js';
import { PushSource } from './push-source.js';
import { type CountingServer, startCountingServer } from './testing/counting-server.test-util.js';

let s: CountingServer;
beforeAll(async () => {
  s = await startCountingServer();
});
afterAll(() => s.close());
beforeEach(() => s.reset());

const options = (limits: PlatformOptions['limits']): PlatformOptions => ({
  baseUrl: s.url,
  retry: false,
  ...(limits ? { limits } : {}),
});

/** A document of about `bytes` bytes of JSON that counts how often it is marshalled. */
function sized(uri: string, bytes: number) {
  const inner = new DocumentBuilder(uri, 'T').withMetadataValue('pad', 'x'.repeat(bytes));
  const counted = {
    marshals: 0,
    marshal: () => {
      counted.marshals++;
      return inner.marshal();
    },
  };
  return counted;
}

async function refusal(call: () => Promise<unknown>): Promise<Error> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(isInputValidationError(error), String(error)).toBe(true);
  expect(s.lines).toEqual([]);
  return error as Error;
}

describe('size limits, checked on the bytes already serialized', () => {
  it('defaults are the documented figures, read as MiB', () => {
    expect(LIMITS).toMatchObject({
      requestBytes: 6 * 1024 * 1024,
      containerBytes: 256 * 1024 * 1024,
      catalogItemBytes: 3 * 1024 * 1024,
      inlineDataBytes: 5 * 1024 * 1024,
    });
  });

  it('a single item over limits.requestBytes is refused, and the limit can be changed', async () => {
    const small = new PushSource('key-123', 'org1', options({ requestBytes: 1_000 }));
    const doc = sized('https://ex.com/big', 2_000);
    const error = await refusal(() => small.addOrUpdateDocument('src', doc as never));
    expect(error.message).toMatch(
      /is \d+ bytes, over the single-item request limit of 1000 bytes \(limits\.requestBytes\)/,
    );
    expect(doc.marshals).toBe(1);
    const roomy = new PushSource('key-123', 'org1', options({ requestBytes: 10_000 }));
    await roomy.addOrUpdateDocument('src', sized('https://ex.com/big', 2_000) as never);
    expect(s.sim.documents('src').has('https://ex.com/big')).toBe(true);
  });

  it('a catalog item over limits.catalogItemBytes is refused in update, merge and load', async () => {
    const catalog = new CatalogSource('key-123', 'org1', options({ catalogItemBytes: 2_000 }));
    const calls = [
      () => catalog.batchUpdateDocuments('cat', { addOrUpdate: [sized('p://1', 3_000)] }),
      () => catalog.shallowMergeDocuments('cat', [sized('p://1', 3_000)]),
      () => catalog.batchStreamDocuments('cat', { addOrUpdate: [sized('p://1', 3_000)] }),
    ];
    for (const call of calls) {
      const error = await refusal(call);
      expect(error.message).toMatch(
        /over the catalog item limit of 2000 bytes \(limits\.catalogItemBytes\)/,
      );
    }
    // Measured on the JSON the batch sends: each item marshalled and serialized once.
    const one = sized('p://2', 1_000);
    await catalog.batchUpdateDocuments('cat', { addOrUpdate: [one] });
    expect(one.marshals).toBe(1);
    expect(s.sim.documents('cat').has('p://2')).toBe(true);
  });

  it('maxBatchBytes may not pass limits.containerBytes; a lower container limit caps the default', async () => {
    const source = new PushSource('key-123', 'org1', options({ containerBytes: 5_000 }));
    const error = await refusal(() =>
      source.batchUpdateDocuments('src', { addOrUpdate: [] }, { maxBatchBytes: 6_000 }),
    );
    expect(error.message).toMatch(/options\.maxBatchBytes: must be at most 5000 bytes/);
    const docs = Array.from({ length: 12 }, (_, i) => sized(`https://ex.com/${i}`, 1_000));
    const report = await source.batchUpdateDocuments('src', { addOrUpdate: docs as never });
    expect(report.batches.length).toBeGreaterThan(2);
    expect(report.batches.every((b) => b.bytes <= 5_000)).toBe(true);
  });

  it('security identity requests and batches keep to their limits', async () => {
    const source = new PushSource(
      'key-123',
      'org1',
      options({ requestBytes: 500, containerBytes: 1_000 }),
    );
    const members = Array.from({ length: 40 }, (_, i) => ({
      name: `member-${i}@ex.com`,
      type: 'USER' as const,
    }));
    const model = { identity: { name: 'team', type: 'GROUP' as const }, members };
    const single = await refusal(() =>
      source.identity.createOrUpdateSecurityIdentity('prov', model),
    );
    expect(single.message).toMatch(/over the request limit of 500 bytes \(limits\.requestBytes\)/);
    const batch = await refusal(() =>
      source.identity.batchSecurityIdentities('prov', { members: [model] }),
    );
    expect(batch.message).toMatch(
      /over the file container limit of 1000 bytes \(limits\.containerBytes\)/,
    );
  });
});

import { isInputValidationError } from '@connectorkit/http-core';
import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CatalogSource } from './catalog-source.js';
import { PushSource } from './push-source.js';
import { createCoveoSimulator } from './testing/index.js';

/* Organization, source and provider ids are each one path segment: `.` and `..` never go out. */

const KEY = 'xx-segments-key';
const sim = createCoveoSimulator({
  apiKeys: [KEY],
  organizationId: 'org1',
  sources: [{ id: 'src', type: 'PUSH' }],
});
const lines: string[] = [];
let server: LoopbackServer;
let source: PushSource;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    lines.push(`${req.method} ${req.url}`);
    return sim.handler(req, res);
  });
  source = new PushSource(KEY, 'org1', { baseUrl: server.url, retry: false });
});
afterAll(() => server.close());
beforeEach(() => {
  lines.length = 0;
});

const identity = { identity: { name: 'alice', type: 'USER' as const } };
const calls: Record<string, (segment: string) => Promise<unknown>> = {
  'deleteDocument sourceId': (id) => source.deleteDocument(id, 'https://ex.com/a'),
  'setSourceStatus sourceId': (id) => source.setSourceStatus(id, 'IDLE'),
  'deleteDocumentsOlderThan sourceId': (id) => source.deleteDocumentsOlderThan(id, 1),
  'deleteSecurityIdentity providerId': (id) => source.identity.deleteSecurityIdentity(id, identity),
  'deleteOldSecurityIdentities providerId': (id) =>
    source.identity.deleteOldSecurityIdentities(id, { orderingId: 1 }),
  'CatalogSource deleteOlderThan sourceId': (id) =>
    new CatalogSource(KEY, 'org1', { baseUrl: server.url, retry: false }).deleteOlderThan(id, 1),
};

describe('a hostile id never reaches another resource', () => {
  for (const [name, call] of Object.entries(calls)) {
    it.each(['.', '..', ''])(`${name} = %j: a named error, no request`, async (segment) => {
      const error = await call(segment).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isInputValidationError(error)).toBe(true);
      expect((error as Error).message).toContain(name.split(' ').at(-1));
      expect(lines).toEqual([]);
    });
  }

  it.each(['.', '..', ''])('an organization id %j is refused when the source is made', (org) => {
    expect(() => new PushSource(KEY, org, { baseUrl: server.url })).toThrow(/organizationId/);
    expect(lines).toEqual([]);
  });

  it('sends a source id with reserved characters as one encoded segment', async () => {
    await source.setSourceStatus('a/../b?c', 'IDLE').catch(() => undefined);
    expect(lines).toEqual([
      'POST /push/v1/organizations/org1/sources/a%2F..%2Fb%3Fc/status?statusType=IDLE',
    ]);
  });
});

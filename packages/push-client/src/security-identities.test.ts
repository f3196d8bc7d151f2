import { isInputValidationError } from '@connectorkit/http-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentBuilder } from './document-builder.js';
import { FieldAnalyser } from './field-analysis.js';
import { PushSource } from './push-source.js';
import type { SecurityIdentityModel } from './security-identities.js';
import { type CoveoSimulatorOptions, createCoveoSimulator } from './testing/index.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

async function start(options: CoveoSimulatorOptions = {}) {
  const sim = createCoveoSimulator({ apiKeys: ['key-123'], organizationId: 'org1', ...options });
  const server = await sim.listen();
  close = server.close;
  return { sim, source: new PushSource('key-123', 'org1', { baseUrl: server.url }) };
}

const group: SecurityIdentityModel = {
  identity: { name: 'team', type: 'GROUP' },
  members: [{ name: 'a@ex.com', type: 'USER' }],
};

describe('security identities', () => {
  it('creates, aliases, deletes, deletes older than, and sends a batch through a container', async () => {
    const { sim, source } = await start();
    const ids = source.identity;
    await ids.createOrUpdateSecurityIdentity('prov', group);
    const alias = {
      identity: { name: 'a@ex.com', type: 'USER' as const },
      mappings: [{ name: 'a', type: 'USER' as const, provider: 'other' }],
    };
    await ids.createOrUpdateSecurityIdentityAlias('prov', alias);
    await ids.deleteSecurityIdentity('prov', { identity: { name: 'team', type: 'GROUP' } });
    await ids.deleteOldSecurityIdentities('prov', { orderingId: 1_700_000_000_000, queueDelay: 5 });
    const { fileId } = await ids.batchSecurityIdentities(
      'prov',
      { members: [group] },
      { orderingId: 42 },
    );
    expect(sim.securityIdentities('prov')).toEqual([
      { operation: 'PUT permissions', query: {}, body: group },
      { operation: 'PUT mappings', query: {}, body: alias },
      {
        operation: 'DELETE permissions',
        query: {},
        body: { identity: { name: 'team', type: 'GROUP' } },
      },
      {
        operation: 'DELETE permissions/olderthan',
        query: { orderingId: '1700000000000', queueDelay: '5' },
        body: undefined,
      },
      {
        operation: 'PUT permissions/batch',
        query: { fileId, orderingId: '42' },
        body: { members: [group] },
      },
    ]);
    expect(sim.fileIds()).toEqual([fileId]);
  });

  it('refuses a malformed identity before sending', async () => {
    const { sim, source } = await start();
    const bad = { identity: { name: '', type: 'ROBOT' } } as unknown as SecurityIdentityModel;
    const error = await source.identity
      .createOrUpdateSecurityIdentity('prov', bad)
      .catch((e: unknown) => e);
    expect(isInputValidationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/identity\.name: must not be empty.*identity\.type/);
    expect(sim.requests()).toEqual([]);
  });
});

describe('FieldAnalyser', () => {
  it('infers types and creates only the missing fields, case-insensitively, in one run', async () => {
    const { sim, source } = await start({
      fields: ['sku', 'Brand', 'x1', 'x2'],
      maxFieldsPerPage: 2,
    });
    const analyser = new FieldAnalyser().add([
      new DocumentBuilder('https://ex.com/1', 'A').withMetadata({
        sku: 'A',
        brand: 'b',
        price: 1,
        big: 2 ** 40,
        ratio: 0.5,
        tags: ['x'],
      }),
      new DocumentBuilder('https://ex.com/2', 'B').withMetadata({ price: 2.5, mixed: 1 }),
      new DocumentBuilder('https://ex.com/3', 'C').withMetadata({ mixed: 'one' }),
    ]);
    const report = analyser.report();
    expect(report.inconsistencies.get('mixed')).toEqual(new Set(['LONG', 'STRING']));
    const created = await source.createFields(analyser);
    expect(created).toEqual([
      { name: 'price', type: 'DOUBLE' },
      { name: 'big', type: 'LONG_64' },
      { name: 'ratio', type: 'DOUBLE' },
      { name: 'tags', type: 'STRING', facet: false, multiValueFacet: true },
      { name: 'mixed', type: 'STRING' },
    ]);
    // Two pages of two fields, then one creation call.
    expect(sim.requests()).toEqual([
      'GET /rest/organizations/org1/indexes/page/fields',
      'GET /rest/organizations/org1/indexes/page/fields',
      'POST /rest/organizations/org1/indexes/fields/batch/create',
    ]);
    expect([...sim.fields()]).toEqual([
      ['sku', 'STRING'],
      ['Brand', 'STRING'],
      ['x1', 'STRING'],
      ['x2', 'STRING'],
      ['price', 'DOUBLE'],
      ['big', 'LONG_64'],
      ['ratio', 'DOUBLE'],
      ['tags', 'STRING'],
      ['mixed', 'STRING'],
    ]);
  });
});

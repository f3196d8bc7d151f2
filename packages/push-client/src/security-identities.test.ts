import { isInputValidationError } from '@connectorkit/http-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentBuilder } from './document-builder.js';
import { FieldAnalyser } from './field-analysis.js';
import { miniCoveo } from './mini-coveo.fixture.js';
import { PushSource } from './push-source.js';
import type { SecurityIdentityModel } from './security-identities.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

const group: SecurityIdentityModel = {
  identity: { name: 'team', type: 'GROUP' },
  members: [{ name: 'a@ex.com', type: 'USER' }],
};

describe('security identities', () => {
  it('creates, aliases, deletes, deletes older than, and sends a batch through a container', async () => {
    const sim = await miniCoveo();
    close = sim.server.close;
    const ids = new PushSource('key-123', 'org1', { baseUrl: sim.server.url }).identity;
    await ids.createOrUpdateSecurityIdentity('prov', group);
    await ids.createOrUpdateSecurityIdentityAlias('prov', {
      identity: { name: 'a@ex.com', type: 'USER' },
      mappings: [{ name: 'a', type: 'USER', provider: 'other' }],
    });
    await ids.deleteSecurityIdentity('prov', { identity: { name: 'team', type: 'GROUP' } });
    await ids.deleteOldSecurityIdentities('prov', { orderingId: 1_700_000_000_000, queueDelay: 5 });
    const { fileId } = await ids.batchSecurityIdentities(
      'prov',
      { members: [group] },
      { orderingId: 42 },
    );
    expect(sim.identityCalls).toEqual([
      { method: 'PUT', path: '/providers/prov/permissions', query: '', body: group },
      expect.objectContaining({ method: 'PUT', path: '/providers/prov/mappings' }),
      {
        method: 'DELETE',
        path: '/providers/prov/permissions',
        query: '',
        body: { identity: { name: 'team', type: 'GROUP' } },
      },
      {
        method: 'DELETE',
        path: '/providers/prov/permissions/olderthan',
        query: '?orderingId=1700000000000&queueDelay=5',
        body: undefined,
      },
      {
        method: 'PUT',
        path: '/providers/prov/permissions/batch',
        query: `?fileId=${fileId}&orderingId=42`,
        body: { members: [group] },
      },
    ]);
  });

  it('refuses a malformed identity before sending', async () => {
    const ids = new PushSource('key-123', 'org1', { baseUrl: 'http://127.0.0.1:9' }).identity;
    const bad = { identity: { name: '', type: 'ROBOT' } } as unknown as SecurityIdentityModel;
    const error = await ids.createOrUpdateSecurityIdentity('prov', bad).catch((e: unknown) => e);
    expect(isInputValidationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/identity\.name: must not be empty.*identity\.type/);
  });
});

describe('FieldAnalyser', () => {
  it('infers types and creates only the missing fields, case-insensitively, in one run', async () => {
    const sim = await miniCoveo({ fields: ['sku', 'Brand', 'x1', 'x2'] });
    close = sim.server.close;
    const source = new PushSource('key-123', 'org1', { baseUrl: sim.server.url });
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
    expect(sim.calls.filter((c) => c.includes('/indexes/'))).toEqual([
      'GET /rest/organizations/org1/indexes/page/fields',
      'GET /rest/organizations/org1/indexes/page/fields',
      'POST /rest/organizations/org1/indexes/fields/batch/create',
    ]);
  });
});

import { isInputValidationError } from '@connectorkit/http-core';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentBuilder } from '../document-builder.js';
import { PushSource } from '../push-source.js';
import { createCoveoSimulator } from '../testing/index.js';
import { partialUpdate } from './partial-update.js';
import { PartialUpdateRequestSchema, PartialUpdateResponseSchema } from './seed-schemas.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

describe('partialUpdate (the seed read-modify-write flow)', () => {
  it('finds items by key field, merges the new metadata, pushes them back, and answers per key', async () => {
    // The seed's two keys: one may only search, the other push.
    const sim = createCoveoSimulator({
      apiKeys: [],
      keyPrivileges: { 'push-key': ['push'], 'search-key': ['search'] },
      organizationId: 'org1',
      sources: [{ id: 'src', type: 'PUSH' }],
    });
    const server = await sim.listen();
    close = server.close;
    const source = new PushSource('push-key', 'org1', { baseUrl: server.url });
    await source.batchUpdateDocuments('src', {
      addOrUpdate: [
        new DocumentBuilder('https://ex.com/a', 'A')
          .withData('body A')
          .withMetadata({ sku: 'A1', price: 1, brand: 'acme' }),
        new DocumentBuilder('https://ex.com/b', 'B').withMetadata({ sku: 'B1', price: 2 }),
      ],
    });
    const request = {
      api_key_search: 'search-key',
      api_key_push: 'push-key',
      source_id: 'src',
      org_id: 'org1',
      region: '',
      type_source: 'push',
      additional_query: '',
      key_field: 'sku',
      newdata: [
        { key: 'A1', metadata: { price: 10, tags: ['new'] } },
        { key: 'Z9', metadata: { price: 0 } },
      ],
    };
    const { newdata, ...settings } = v.parse(PartialUpdateRequestSchema, request);
    const answer = await partialUpdate(settings, newdata, { baseUrl: server.url });
    expect(answer).toEqual({ A1: 'Found and updated', Z9: 'Not found' });
    expect(v.is(PartialUpdateResponseSchema, answer)).toBe(true);
    const items = sim.documents('src');
    const a = items.get('https://ex.com/a');
    expect(a).toMatchObject({
      title: 'A',
      sku: 'A1',
      price: 10,
      tags: ['new'],
      brand: 'acme',
      fileExtension: '.html',
    });
    expect(String(a?.data)).toContain('body A');
    expect(items.get('https://ex.com/b')).toMatchObject({ price: 2 });
    expect(sim.requestCounts()['POST /rest/search/v2']).toBe(2);
  });

  it('refuses bad settings and metadata keys before any request', async () => {
    const settings = {
      api_key_search: 's',
      api_key_push: 'p',
      source_id: 'x',
      org_id: 'o',
      region: 'us',
    };
    const error = await partialUpdate(settings as never, []).catch((e: unknown) => e);
    expect(isInputValidationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/region/);
    const ok = { api_key_search: 's', api_key_push: 'p', source_id: 'x', org_id: 'o' };
    await expect(partialUpdate(ok, [{ key: 'k', metadata: { 'bad key': 1 } }])).rejects.toThrow(
      /newdata.*0\.metadata\.bad key/,
    );
  });
});

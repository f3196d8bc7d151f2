import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentBuilder, PushSource } from '@connectorkit/push-client';
import { createCoveoSimulator } from '@connectorkit/push-client/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  PartialUpdateInputError,
  runPartialUpdateTool,
  startPartialUpdateServer,
} from './partial-update-commands.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function coveoWithItems() {
  const sim = createCoveoSimulator({ apiKeys: ['k'], organizationId: 'org' });
  const server = await sim.listen();
  closers.push(server.close);
  await new PushSource('k', 'org', { baseUrl: server.url }).batchUpdateDocuments('push-source', {
    addOrUpdate: [
      new DocumentBuilder('product://A1', 'A').withMetadata({ sku: 'A1', ec_stock: 4 }),
    ],
  });
  return { sim, url: server.url };
}

const settings = {
  api_key_search: 'k',
  api_key_push: 'k',
  source_id: 'push-source',
  org_id: 'org',
  region: '',
  type_source: 'push',
  additional_query: '',
  key_field: 'sku',
};

describe('the partial-update tool and server', () => {
  it('answers the seed response shape per key', async () => {
    const { sim, url } = await coveoWithItems();
    const dir = mkdtempSync(join(tmpdir(), 'pu-'));
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
    writeFileSync(
      join(dir, 'newdata.json'),
      JSON.stringify([
        { key: 'A1', metadata: { ec_stock: 0 } },
        { key: 'B2', metadata: { ec_stock: 1 } },
      ]),
    );
    const out = JSON.parse(
      await runPartialUpdateTool(join(dir, 'settings.json'), join(dir, 'newdata.json'), url),
    );
    expect(out).toEqual({ A1: 'Found and updated', B2: 'Not found' });
    expect(sim.documents('push-source').get('product://A1')).toMatchObject({ ec_stock: 0 });
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    await expect(
      runPartialUpdateTool(join(dir, 'settings.json'), join(dir, 'bad.json'), url),
    ).rejects.toBeInstanceOf(PartialUpdateInputError);
  });

  it('serves the seed REST proxy; an invalid body is a 400 that names what is wrong', async () => {
    const { url } = await coveoWithItems();
    const server = await startPartialUpdateServer(0, url);
    closers.push(server.close);
    const ok = await fetch(server.url, {
      method: 'POST',
      body: JSON.stringify({ ...settings, newdata: [{ key: 'A1', metadata: { ec_stock: 9 } }] }),
    });
    expect(await ok.json()).toEqual({ A1: 'Found and updated' });
    const bad = await fetch(server.url, {
      method: 'POST',
      body: JSON.stringify({ ...settings, org_id: '', newdata: 'x' }),
    });
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: string };
    expect(error).toMatch(/org_id/);
    expect(error).toMatch(/newdata/);
  });
});

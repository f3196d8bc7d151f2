import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFaultInjector } from '@connectorkit/http-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogSource } from './catalog-source.js';
import { DocumentBuilder } from './document-builder.js';
import { PushSource } from './push-source.js';
import {
  GroupSecurityIdentityBuilder,
  UserSecurityIdentityBuilder,
} from './security-identity-builders.js';
import { type CoveoSimulatorOptions, createCoveoSimulator } from './testing/index.js';

const official = createRequire(import.meta.url)('@coveo/push-api-client') as {
  PermissionSetBuilder: new (
    anonymous: boolean,
  ) => {
    withAllowedPermissions(b: unknown): unknown;
    withDeniedPermissions(b: unknown): unknown;
  };
  UserSecurityIdentityBuilder: new (u: string | string[]) => unknown;
  VirtualGroupSecurityIdentityBuilder: new (g: string, p?: string) => unknown;
};

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
async function simulator(options: CoveoSimulatorOptions = {}) {
  const sim = createCoveoSimulator({ apiKeys: ['k'], organizationId: 'org1', ...options });
  const server = await sim.listen();
  cleanups.push(server.close);
  return { sim, url: server.url };
}
async function jsonFiles(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ck-more-flows-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  for (const [name, value] of Object.entries(files))
    await writeFile(join(dir, name), JSON.stringify(value));
  return dir;
}

describe('Catalog sources read JSON files and manage identities', () => {
  it('updates from files, then loads from files (replacing the catalog)', async () => {
    const { sim, url } = await simulator();
    const catalog = new CatalogSource('k', 'org1', { baseUrl: url });
    const first = await jsonFiles({
      'a.json': [
        { documentId: 'product://1', title: 'One', price: 1 },
        { documentId: 'product://2', title: 'Two', price: 2 },
      ],
    });
    const update = await catalog.batchUpdateDocumentsFromFiles('catalog-source', first);
    expect(update.totals).toMatchObject({ documentsSent: 2, batchesFailed: 0 });
    expect(update.batches[0]?.orderingId).toEqual(expect.any(Number));
    const second = await jsonFiles({ 'b.json': { documentId: 'product://3', title: 'Three' } });
    const load = await catalog.batchStreamDocumentsFromFiles('catalog-source', [second], {
      fieldNameTransformer: (k) => k.toLowerCase(),
    });
    expect(load).toMatchObject({ closed: true, streamId: expect.any(String) });
    expect([...sim.documents('catalog-source').keys()]).toEqual(['product://3']);
    const missing = await catalog
      .batchUpdateDocumentsFromFiles('catalog-source', join(second, 'nope.json'))
      .catch((e: Error) => e);
    expect((missing as Error).message).toMatch(/nope\.json: no such file or directory/);
  });

  it('reports a load whose stream could not be opened, with no stream id and nothing closed', async () => {
    const faults = createFaultInjector({
      match: (req) => (req.url ?? '').endsWith('/stream/open'),
    });
    faults.failNext(1, 503);
    const { sim, url } = await simulator({ faults });
    const catalog = new CatalogSource('k', 'org1', { baseUrl: url });
    const report = await catalog.batchStreamDocuments(
      'catalog-source',
      { addOrUpdate: [new DocumentBuilder('product://1', 'One')] },
      { throwOnFailure: false, batchRedos: 0 },
    );
    expect(report).toMatchObject({ streamId: '', closed: false, orderingId: undefined });
    expect(report.totals.batchesFailed).toBe(1);
    expect(sim.requestCounts()['POST /stream/{id}/close']).toBeUndefined();
  });

  it('reaches security identities from a Catalog source too', async () => {
    const { sim, url } = await simulator();
    const catalog = new CatalogSource('k', 'org1', { baseUrl: url });
    const answer = await catalog.identity.createOrUpdateSecurityIdentity('prov', {
      identity: { name: 'team', type: 'GROUP' },
      members: [{ name: 'ann@ex.com', type: 'USER' }],
    });
    expect(answer.status).toBe(202);
    expect(sim.securityIdentities('prov')[0]?.body).toMatchObject({ identity: { name: 'team' } });
  });
});

describe('permissions built the Python way and with the official builders', () => {
  it('sends the default permission set of withAllowAnonymousUsers, withAllowedPermissions, withDeniedPermissions', async () => {
    const { sim, url } = await simulator();
    const doc = new DocumentBuilder('https://ex.com/secure', 'Secure')
      .withAllowAnonymousUsers(false)
      .withAllowedPermissions(new UserSecurityIdentityBuilder(['ann@ex.com', 'bob@ex.com']))
      .withDeniedPermissions(new GroupSecurityIdentityBuilder('contractors', 'prov'));
    await new PushSource('k', 'org1', { baseUrl: url }).addOrUpdateDocument('push-source', doc);
    expect(sim.documents('push-source').get('https://ex.com/secure')?.permissions).toEqual([
      {
        allowAnonymous: false,
        allowedPermissions: [
          {
            identityType: 'USER',
            identity: 'ann@ex.com',
            securityProvider: 'Email Security Provider',
          },
          {
            identityType: 'USER',
            identity: 'bob@ex.com',
            securityProvider: 'Email Security Provider',
          },
        ],
        deniedPermissions: [
          { identityType: 'GROUP', identity: 'contractors', securityProvider: 'prov' },
        ],
      },
    ]);
  });

  it("takes the official client's permission sets (User, VirtualGroup) and sends the documented types", async () => {
    const { sim, url } = await simulator();
    const set = new official.PermissionSetBuilder(false);
    set.withAllowedPermissions(new official.UserSecurityIdentityBuilder('ann@ex.com'));
    set.withDeniedPermissions(new official.VirtualGroupSecurityIdentityBuilder('vg', 'prov'));
    const doc = new DocumentBuilder('https://ex.com/mixed', 'Mixed').withPermissionSet(
      set as never,
    );
    await new PushSource('k', 'org1', { baseUrl: url }).addOrUpdateDocument('push-source', doc);
    expect(sim.documents('push-source').get('https://ex.com/mixed')?.permissions).toEqual([
      {
        allowAnonymous: false,
        allowedPermissions: [
          {
            identityType: 'USER',
            identity: 'ann@ex.com',
            securityProvider: 'Email Security Provider',
          },
        ],
        deniedPermissions: [
          { identityType: 'VIRTUAL_GROUP', identity: 'vg', securityProvider: 'prov' },
        ],
      },
    ]);
  });
});

describe('transport details', () => {
  it('streams a container body over 256 KB with its exact length, growing the body buffer', async () => {
    const { sim, url } = await simulator();
    const source = new PushSource('k', 'org1', { baseUrl: url });
    const docs = Array.from({ length: 40 }, (_, i) =>
      new DocumentBuilder(`https://ex.com/big/${i}`, `Big ${i}`).withData(
        `${i} ${'é'.repeat(6_000)}`,
      ),
    );
    const report = await source.batchUpdateDocuments('push-source', { addOrUpdate: docs });
    expect(report.batches).toHaveLength(1);
    expect(report.batches[0]?.bytes).toBeGreaterThan(400_000);
    expect(sim.documents('push-source').size).toBe(40);
    expect(sim.documents('push-source').get('https://ex.com/big/7')?.data).toBe(
      `7 ${'é'.repeat(6_000)}`,
    );
  });

  it('runs caller plugins, and the Platform client extends like any http-core client', async () => {
    const { url } = await simulator({ fields: ['sku'] });
    const seen: string[] = [];
    const source = new PushSource('k', 'org1', {
      baseUrl: url,
      plugins: [
        {
          name: 'trace',
          hooks: {
            beforeRequest: ({ request }) => {
              seen.push(`${request.method} ${new URL(request.url).pathname}`);
              return undefined;
            },
          },
        },
      ],
    });
    await source.setSourceStatus('push-source', 'REFRESH');
    const traced = source.platformClient.extend({ headers: { 'x-trace': '1' } });
    expect(await traced.get('/indexes/page/fields')).toMatchObject({ items: [{ name: 'sku' }] });
    expect(seen).toEqual([
      'POST /push/v1/organizations/org1/sources/push-source/status',
      'GET /rest/organizations/org1/indexes/page/fields',
    ]);
  });
});

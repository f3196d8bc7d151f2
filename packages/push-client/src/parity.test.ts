import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogSource } from './catalog-source.js';
import { DocumentBuilder } from './document-builder.js';
import { SourceVisibility } from './internal/source-base.js';
import { PlatformEnvironment, Region } from './platform-options.js';
import { PushSource } from './push-source.js';
import { PermissionSetBuilder, UserSecurityIdentityBuilder } from './security-identity-builders.js';
import { createCoveoSimulator, routeCoveoFetch } from './testing/index.js';

const official = createRequire(import.meta.url)('@coveo/push-api-client') as {
  DocumentBuilder: new (uri: string, title: string) => Record<string, (...a: unknown[]) => unknown>;
  Region: Record<string, string>;
  PlatformEnvironment: Record<string, string>;
  SourceVisibility: Record<string, string>;
};

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});
async function simulator(options: Parameters<typeof createCoveoSimulator>[0] = {}) {
  const sim = createCoveoSimulator({
    apiKeys: ['secret-key-1'],
    organizationId: 'org1',
    ...options,
  });
  const server = await sim.listen();
  closers.push(server.close);
  return { sim, url: server.url };
}

describe('parity with @coveo/push-api-client 4.0.1', () => {
  it('DocumentBuilder.build() gives the official Document', () => {
    const fill = (d: Record<string, (...a: unknown[]) => unknown>) => {
      d.withData?.('text');
      d.withAuthor?.('Ann');
      d.withClickableUri?.('https://ex.com/view/a');
      d.withDate?.(1_700_000_000_000);
      d.withModifiedDate?.('2024-01-31T10:00:00.000Z');
      d.withFileExtension?.('.txt');
      d.withParentID?.('https://ex.com/parent');
      d.withMetadata?.({ sku: 'A1', tags: ['x', 'y'], ec_stock: { s1: 3 } });
      return d;
    };
    const theirs = fill(new official.DocumentBuilder('https://ex.com/a', 'A'));
    theirs.marshal?.(); // fills the permanent id, as ours always has it
    const ours = new DocumentBuilder('https://ex.com/a', 'A');
    fill(ours as unknown as Record<string, (...a: unknown[]) => unknown>);
    expect(ours.build()).toEqual(theirs.build?.());
    const compressed = new DocumentBuilder('notes/a.txt', 'Notes')
      .withCompressedBinaryData('eJxLTEoGAAJNASc=', 'ZLIB')
      .withPermanentId('my-id')
      .withPermissionSet(
        new PermissionSetBuilder(false).withAllowedPermissions(
          new UserSecurityIdentityBuilder('u'),
        ),
      );
    const built = compressed.build();
    expect(built).toMatchObject({
      uri: 'notes/a.txt',
      permanentId: 'my-id',
      compressedBinaryData: { compressionType: 'ZLIB', data: 'eJxLTEoGAAJNASc=' },
      permissions: [{ allowAnonymous: false, allowedPermissions: [{ identity: 'u' }] }],
      metadata: {},
    });
    // A copy: changing it changes nothing that is sent.
    built.metadata.sku = 'changed';
    expect(compressed.marshal()).not.toHaveProperty('sku');
  });

  it('has Region, PlatformEnvironment and SourceVisibility as values, with the official names', () => {
    expect(Region).toEqual(official.Region);
    expect(PlatformEnvironment).toEqual(official.PlatformEnvironment);
    expect(SourceVisibility).toEqual(official.SourceVisibility);
    const region: Region = Region.CA;
    const visibility: SourceVisibility = 'SHARED';
    expect([region, visibility]).toEqual(['ca', SourceVisibility.SHARED]);
  });

  it('sends Region.CA to its host, and creates a source with a SourceVisibility value', async () => {
    const { sim, url } = await simulator();
    const hosts: string[] = [];
    const routed = routeCoveoFetch(url);
    const source = new PushSource('secret-key-1', 'org1', {
      region: Region.CA,
      environment: PlatformEnvironment.Prod,
      fetch: (input, init) => {
        hosts.push(new URL(input instanceof Request ? input.url : String(input)).host);
        return routed(input, init);
      },
    });
    const created = await source.create('Shop', SourceVisibility.SHARED);
    expect(created).toMatchObject({ sourceType: 'PUSH', sourceVisibility: 'SHARED' });
    await source.setSourceStatus(created.id, 'REBUILD');
    expect(hosts).toEqual(['platform-ca.cloud.coveo.com', 'api-ca.cloud.coveo.com']);
    expect(sim.sourceStatus(created.id)).toBe('REBUILD');
  });

  it('exposes the Platform API client (an http-core HttpClient on /rest/organizations/{org}), key kept inside', async () => {
    const { url } = await simulator({ fields: ['sku', { name: 'price', type: 'DOUBLE' }] });
    for (const source of [
      new PushSource('secret-key-1', 'org1', { baseUrl: url }),
      new CatalogSource('secret-key-1', 'org1', { baseUrl: url }),
    ]) {
      const page = await source.platformClient.get('/indexes/page/fields', {
        searchParams: { page: 0, perPage: 10 },
      });
      expect(page).toMatchObject({
        items: [
          { name: 'sku', type: 'STRING' },
          { name: 'price', type: 'DOUBLE' },
        ],
        totalPages: 1,
      });
      expect(inspect(source.platformClient, { showHidden: true, depth: 8 })).not.toContain(
        'secret-key-1',
      );
      expect(JSON.stringify(source.platformClient.options)).not.toContain('secret-key-1');
    }
  });

  it('returns what Coveo answered to each write: status, X-Request-ID, retries, ids', async () => {
    const { sim, url } = await simulator();
    const source = new PushSource('secret-key-1', 'org1', {
      baseUrl: url,
      retry: { sleep: async () => {} },
    });
    sim.throttleNext(1);
    const added = await source.addOrUpdateDocument(
      'push-source',
      new DocumentBuilder('notes/a.txt', 'A'),
    );
    expect(added).toEqual({
      status: 202,
      requestId: expect.stringMatching(/\S/),
      retryCount: 1,
      documentId: `file://${process.cwd()}/notes/a.txt`,
    });
    expect(sim.documents('push-source').has(added.documentId)).toBe(true);
    const deleted = await source.deleteDocument('push-source', added.documentId, true);
    expect(deleted).toMatchObject({ status: 202, retryCount: 0, documentId: added.documentId });
    expect(deleted.requestId).not.toBe(added.requestId);
    const older = await source.deleteDocumentsOlderThan('push-source', new Date(1_700_000_000_000));
    expect(older).toMatchObject({ status: 202, orderingId: 1_700_000_000_000 });
    expect(await source.setSourceStatus('push-source', 'IDLE')).toMatchObject({ status: 201 });
    const identity = { name: 'u@ex.com', type: 'USER' as const };
    const answers = [
      await source.identity.createOrUpdateSecurityIdentity('p', { identity }),
      await source.identity.createSecurityIdentity('p', { identity }),
      await source.identity.createOrUpdateSecurityIdentityAlias('p', {
        identity,
        mappings: [{ ...identity, provider: 'q' }],
      }),
      await source.identity.deleteSecurityIdentity('p', { identity }),
      await source.identity.deleteOldSecurityIdentities('p', { orderingId: 5 }),
    ];
    for (const answer of answers)
      expect(answer).toEqual({ status: 202, requestId: expect.any(String), retryCount: 0 });
    const batch = await source.identity.batchSecurityIdentities('p', { members: [{ identity }] });
    expect(batch).toMatchObject({ status: 202, fileId: sim.fileIds().at(-1) });
    const managed = await source.identity
      .manageSecurityIdentities('p', { fileId: 'nope' })
      .catch((e: { status?: number }) => e.status);
    expect(managed).toBe(404);
    expect(sim.securityIdentities('p').map((c) => c.operation)).toEqual([
      'PUT permissions',
      'PUT permissions',
      'PUT mappings',
      'DELETE permissions',
      'DELETE permissions/olderthan',
      'PUT permissions/batch',
    ]);
  });
});

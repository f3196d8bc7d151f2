import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type OfficialClient,
  type Scheme,
  startOfficialClient,
} from './official-client.test-util.js';

const keys = (map: ReadonlyMap<string, unknown>) => [...map.keys()].sort();

describe.each<Scheme>(['http', 'https'])(
  'the official @coveo/push-api-client 4.0.1 against the simulator over %s',
  (scheme) => {
    let official: OfficialClient;
    beforeAll(async () => {
      official = await startOfficialClient(scheme);
      expect(official.version).toBe('4.0.1');
    });
    afterAll(() => official.stop());

    it('pushes one item, then a batch with a delete through a file container, and sets the status', async () => {
      const sim = await official.simulator();
      await official.ok('setStatus', { status: 'REBUILD' });
      expect(sim.sourceStatus('push-source')).toBe('REBUILD');
      await official.ok('addOne', { uri: 'https://a.example/1' });
      expect(keys(sim.documents('push-source'))).toEqual(['https://a.example/1']);
      const batch = await official.run('batch', {
        uris: ['https://a.example/2', 'https://a.example/3'],
        deletes: ['https://a.example/1'],
      });
      expect(batch.ok).toBe(true);
      expect(keys(sim.documents('push-source'))).toEqual([
        'https://a.example/2',
        'https://a.example/3',
      ]);
      expect(sim.documents('push-source').get('https://a.example/2')).toMatchObject({
        title: 'Title of https://a.example/2',
        data: 'Body of https://a.example/2',
      });
      // The upload URL the simulator handed out has the server's own scheme.
      expect(batch.hosts.filter((h) => h.startsWith('127.0.0.1'))).toHaveLength(1);
      expect(sim.requestCounts()).toMatchObject({
        'POST /files': 1,
        'PUT /upload/{fileId}': 1,
        'PUT /documents/batch': 1,
      });
      await official.ok('setStatus', { status: 'IDLE' });
      expect(sim.sourceStatus('push-source')).toBe('IDLE');
    });

    it('splits JSON files of 12 MB across several file containers of about 5 MB', async () => {
      const sim = await official.simulator();
      const value = (await official.ok('batchFromFiles', {
        files: 4,
        perFile: 300,
        bytes: 10_000,
      })) as {
        uploads: number[];
        errors: string[];
      };
      expect(value.errors).toEqual([]);
      expect(value.uploads.length).toBeGreaterThanOrEqual(3);
      expect(value.uploads.reduce((a, b) => a + b, 0)).toBe(1200);
      expect(sim.documents('push-source').size).toBe(1200);
      expect(sim.requestCounts()['PUT /documents/batch']).toBe(value.uploads.length);
      expect(sim.fileIds()).toHaveLength(value.uploads.length);
    });

    it('deletes one item with its children, and the items older than a date', async () => {
      let now = 1_000;
      const sim = await official.simulator({ now: () => now });
      await official.ok('batch', {
        uris: [
          'https://a.example/p',
          'https://a.example/p/c1',
          'https://a.example/p/c2',
          'https://a.example/old',
        ],
      });
      now = 2_000;
      await official.ok('addOne', { uri: 'https://a.example/new' });
      await official.ok('deleteOne', { uri: 'https://a.example/p', children: true });
      expect(keys(sim.documents('push-source'))).toEqual([
        'https://a.example/new',
        'https://a.example/old',
      ]);
      await official.ok('deleteOlderThan', { when: 1_500 });
      expect(keys(sim.documents('push-source'))).toEqual(['https://a.example/new']);
      expect(sim.requests()).toContain(
        'DELETE /push/v1/organizations/org1/sources/push-source/documents/olderthan',
      );
    });

    it('updates a Catalog source through stream/update, then loads it through a stream', async () => {
      const sim = await official.simulator();
      await official.ok('catalogUpdate', {
        uris: ['https://shop.example/a', 'https://shop.example/b'],
      });
      await official.ok('catalogUpdate', {
        uris: ['https://shop.example/c'],
        deletes: ['https://shop.example/a'],
      });
      expect(keys(sim.documents('catalog-source'))).toEqual([
        'https://shop.example/b',
        'https://shop.example/c',
      ]);
      expect(sim.requestCounts()['PUT /stream/update']).toBe(2);
      await official.ok('catalogLoad', { uris: ['https://shop.example/d'] });
      expect(keys(sim.documents('catalog-source'))).toEqual(['https://shop.example/d']);
      expect(sim.requestCounts()).toMatchObject({
        'POST /stream/open': 1,
        'POST /stream/{id}/chunk': 1,
        'POST /stream/{id}/close': 1,
      });
    });

    it('pushes permission sets and levels built with UserSecurityIdentityBuilder and GroupSecurityIdentityBuilder', async () => {
      const sim = await official.simulator();
      await official.ok('addOne', { uri: 'https://a.example/secret', secured: true });
      await official.ok('batch', { uris: ['https://a.example/secret2'], secured: true });
      for (const uri of ['https://a.example/secret', 'https://a.example/secret2']) {
        expect(sim.documents('push-source').get(uri)?.permissions).toEqual([
          {
            allowAnonymous: false,
            allowedPermissions: [
              {
                identityType: 'User',
                identity: 'alice@example.com',
                securityProvider: 'Email Security Provider',
              },
              {
                identityType: 'User',
                identity: 'bob@example.com',
                securityProvider: 'Email Security Provider',
              },
            ],
            deniedPermissions: [
              { identityType: 'Group', identity: 'contractors', securityProvider: 'My Provider' },
            ],
          },
          {
            name: 'everyone',
            permissionSets: [
              {
                allowAnonymous: true,
                allowedPermissions: [{ identityType: 'Group', identity: 'staff' }],
                deniedPermissions: [],
              },
            ],
          },
        ]);
      }
    });

    it('manages security identities: one, an alias, a batch through a file container, a delete, and the old ones', async () => {
      const sim = await official.simulator();
      const alice = { name: 'alice@example.com', type: 'USER', additionalInfo: {} };
      // The service takes identity types in any case.
      const team = { name: 'team', type: 'Group', additionalInfo: {} };
      await official.ok('identity', {
        call: 'createSecurityIdentity',
        provider: 'prov',
        argument: { identity: team, members: [alice], wellKnowns: [] },
      });
      await official.ok('identity', {
        call: 'createOrUpdateSecurityIdentityAlias',
        provider: 'prov',
        argument: {
          identity: alice,
          wellKnowns: [],
          mappings: [{ ...alice, name: 'alice', provider: 'Other Provider' }],
        },
      });
      const batch = (await official.ok('identityBatch', {
        provider: 'prov',
        batch: { members: [{ identity: { name: 'ops', type: 'GROUP' }, members: [alice] }] },
        orderingId: '1700000000000',
      })) as { fileId: string; uploadUri: string };
      expect(batch.uploadUri.startsWith(`${scheme}://127.0.0.1:`)).toBe(true);
      await official.ok('identity', {
        call: 'deleteSecurityIdentity',
        provider: 'prov',
        argument: { identity: team },
      });
      await official.ok('identity', {
        call: 'deleteOldSecurityIdentities',
        provider: 'prov',
        argument: { orderingId: 1_700_000_000_000, queueDelay: 5 },
      });
      const calls = sim.securityIdentities('prov');
      expect(calls.map((c) => c.operation)).toEqual([
        'PUT permissions',
        'PUT mappings',
        'PUT permissions/batch',
        'DELETE permissions',
        'DELETE permissions/olderthan',
      ]);
      expect(calls[0]?.body).toMatchObject({
        identity: { name: 'team', type: 'GROUP' },
        members: [{ name: 'alice@example.com' }],
      });
      expect(calls[2]?.query).toEqual({ fileId: batch.fileId, orderingId: '1700000000000' });
      expect(calls[2]?.body).toMatchObject({ members: [{ identity: { name: 'ops' } }] });
      expect(calls[4]?.query).toEqual({ orderingId: '1700000000000', queueDelay: '5' });
    });

    it.each([
      ['us', 'api.cloud.coveo.com'],
      ['eu', 'api-eu.cloud.coveo.com'],
      ['au', 'api-au.cloud.coveo.com'],
      ['ca', 'api-ca.cloud.coveo.com'],
    ])('sends region %s to %s', async (region, host) => {
      const sim = await official.simulator();
      const outcome = await official.run('setStatus', { status: 'REFRESH', options: { region } });
      expect(outcome.ok).toBe(true);
      expect(outcome.hosts).toEqual([host]);
      expect(sim.sourceStatus('push-source')).toBe('REFRESH');
    });

    it('creates the missing fields first with its default createFields: true (the Platform routes)', async () => {
      const sim = await official.simulator({ fields: ['sku'] });
      await official.ok('addOneCreatingFields', {
        uri: 'https://a.example/f',
        metadata: { sku: 'A1', price: 9.5, tags: ['x', 'y'] },
      });
      expect(Object.fromEntries(sim.fields())).toMatchObject({
        sku: 'STRING',
        price: 'DOUBLE',
        tags: 'STRING',
      });
      expect(sim.documents('push-source').get('https://a.example/f')).toMatchObject({ price: 9.5 });
    });

    it("reproduces the client's retries: 429 retried with Retry-After ignored, 5xx not retried", async () => {
      const sim = await official.simulator();
      const options = { retryAfter: 1, maxRetries: 5, timeMultiple: 1 };
      // An hour of Retry-After: honouring it would hold the test past its timeout.
      sim.throttleNext(2, { retryAfter: 3600 });
      await official.ok('setStatus', { status: 'REBUILD', options });
      expect(sim.requestCounts()['POST /status']).toBe(3);
      expect(sim.sourceStatus('push-source')).toBe('REBUILD');
      // The fault answers in front of the routes: a retry would reach the route and count.
      sim.faults.failNext(1, 503);
      const failed = await official.run('setStatus', { status: 'IDLE', options });
      expect(failed.ok).toBe(false);
      expect(failed.error?.name).toBe('FetchError');
      expect(sim.faults.stats()['status:503']).toBe(1);
      expect(sim.requestCounts()['POST /status']).toBe(3);
      expect(sim.sourceStatus('push-source')).toBe('REBUILD');
      // maxRetries counts attempts: with 3, three throttles in a row are the end.
      sim.throttleNext(3);
      const throttled = await official.run('setStatus', {
        status: 'IDLE',
        options: { ...options, maxRetries: 3 },
      });
      expect(throttled.error?.name).toBe('ThrottleError');
      expect(sim.requestCounts()['POST /status']).toBe(6);
      expect(sim.sourceStatus('push-source')).toBe('REBUILD');
    });
  },
);

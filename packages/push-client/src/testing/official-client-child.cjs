'use strict';
/**
 * The official `@coveo/push-api-client` 4.0.1, run flow by flow for official-client-flows.test.ts.
 * It runs in its own process (plain node, its own unpatched fetch) so that over HTTPS it trusts
 * the simulator's self-signed certificate the way a user's process would: NODE_EXTRA_CA_CERTS.
 * Requests for Coveo hosts go to the simulator (the client has no base-URL option); the hosts
 * they were meant for are reported back, so a test can check the region.
 */
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const official = require('@coveo/push-api-client');

const KEY = 'official-key';
const ORG = 'org1';
const COVEO_HOST = /(^|\.)((cloud|org|orghipaa)\.coveo\.com)$/;
const realFetch = globalThis.fetch;
let target = new URL('http://127.0.0.1');
const hosts = [];

globalThis.fetch = (input, init) => {
  const request = input instanceof Request ? input : undefined;
  const url = new URL(request ? request.url : String(input));
  hosts.push(url.host);
  if (!COVEO_HOST.test(url.hostname)) return realFetch(input, init);
  url.protocol = target.protocol;
  url.host = target.host;
  return request ? realFetch(new Request(url, request), init) : realFetch(url, init);
};

const noFields = { createFields: false };
const push = (options) => new official.PushSource(KEY, ORG, options);
const catalog = (options) => new official.CatalogSource(KEY, ORG, options);
const doc = (uri) =>
  new official.DocumentBuilder(uri, `Title of ${uri}`).withData(`Body of ${uri}`);
const docs = (uris) => uris.map(doc);

/** A document readable by two users and denied to one group, through the official builders. */
function securedDocument(uri) {
  const set = new official.PermissionSetBuilder(false)
    .withAllowedPermissions(
      new official.UserSecurityIdentityBuilder(['alice@example.com', 'bob@example.com']),
    )
    .withDeniedPermissions(new official.GroupSecurityIdentityBuilder('contractors', 'My Provider'));
  const level = new official.PermissionSetBuilder(true).withAllowedPermissions(
    new official.GroupSecurityIdentityBuilder(['staff']),
  );
  return doc(uri).withPermissionSet(set).withPermissionLevel('everyone', [level]);
}

const flows = {
  setStatus: ({ status, options }) => push(options).setSourceStatus('push-source', status),
  addOne: ({ uri, secured }) =>
    push().addOrUpdateDocument('push-source', secured ? securedDocument(uri) : doc(uri), noFields),
  /** addOrUpdateDocument with the client's default `createFields: true` (admin routes). */
  addOneCreatingFields: ({ uri, metadata }) =>
    push().addOrUpdateDocument('push-source', doc(uri).withMetadata(metadata)),
  batch: ({ uris, deletes = [], secured }) =>
    push().batchUpdateDocuments(
      'push-source',
      {
        addOrUpdate: secured ? uris.map(securedDocument) : docs(uris),
        delete: deletes.map((documentId) => ({ documentId, deleteChildren: false })),
      },
      noFields,
    ),
  /** JSON files of `count` documents of `bytes` each: the client splits them into ~5 MB containers. */
  async batchFromFiles({ files, perFile, bytes }) {
    const dir = mkdtempSync(join(tmpdir(), 'official-files-'));
    try {
      for (let f = 0; f < files; f++) {
        const list = Array.from({ length: perFile }, (_, i) => ({
          documentId: `https://files.example/${f}/${i}`,
          title: `File ${f} item ${i}`,
          data: 'x'.repeat(bytes),
        }));
        writeFileSync(join(dir, `part-${f}.json`), JSON.stringify(list));
      }
      const uploads = [];
      const errors = [];
      const run = push().batchUpdateDocumentsFromFiles('push-source', [dir], noFields);
      run.onBatchUpload((data) => uploads.push(data.batch.length));
      run.onBatchError((error) => errors.push(String(error)));
      await run.batch();
      return { uploads, errors };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  deleteOne: ({ uri, children }) => push().deleteDocument('push-source', uri, children),
  deleteOlderThan: ({ when }) => push().deleteDocumentsOlderThan('push-source', when),
  catalogUpdate: ({ uris, deletes = [] }) =>
    catalog().batchUpdateDocuments(
      'catalog-source',
      {
        addOrUpdate: docs(uris),
        delete: deletes.map((documentId) => ({ documentId, deleteChildren: false })),
      },
      noFields,
    ),
  catalogLoad: ({ uris }) =>
    catalog().batchStreamDocuments(
      'catalog-source',
      { addOrUpdate: docs(uris), delete: [] },
      noFields,
    ),
  /** One of the five `source.identity` calls, with its arguments. */
  identity: ({ call, provider, argument }) => push().identity[call](provider, argument),
  /** A batch of identities: the caller fills a file container, then `manageSecurityIdentities`. */
  async identityBatch({ provider, batch, orderingId }) {
    const source = push();
    const container = await source.platformClient.pushApi.createFileContainer();
    const uploaded = await fetch(container.uploadUri, {
      method: 'PUT',
      headers: container.requiredHeaders,
      body: JSON.stringify(batch),
    });
    if (!uploaded.ok) throw new Error(`upload answered ${uploaded.status}`);
    await source.identity.manageSecurityIdentities(provider, {
      fileId: container.fileId,
      orderingId,
    });
    return { fileId: container.fileId, uploadUri: container.uploadUri.replace(/\?.*$/, '') };
  },
};

function describe(error) {
  return {
    name: error?.constructor?.name ?? typeof error,
    message: String(error?.message ?? error),
    errors: Array.isArray(error?.errors) ? error.errors.map((e) => String(e?.message ?? e)) : [],
  };
}

process.on('message', async ({ id, flow, url, args }) => {
  target = new URL(url);
  hosts.length = 0;
  try {
    const value = await flows[flow](args ?? {});
    process.send({ id, ok: true, value: value ?? null, hosts: [...hosts] });
  } catch (error) {
    process.send({ id, ok: false, error: describe(error), hosts: [...hosts] });
  }
});
const manifest = join(require.resolve('@coveo/push-api-client'), '..', '..', 'package.json');
process.send({ ready: true, version: JSON.parse(readFileSync(manifest, 'utf8')).version });

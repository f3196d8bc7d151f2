import type { SimulatorHarness } from './simulator-harness.test-util.js';

/** One request the simulator must refuse: what is wrong, the request, the documented answer. */
export interface WireCase {
  wrong: string;
  send: (h: SimulatorHarness) => Promise<Response>;
  status: number;
  code: string;
}

const DOC = '/sources/push-source/documents?documentId=x%3A%2F%2F1';
const BATCH = '/sources/push-source/documents/batch';
const UPDATE = '/sources/catalog-source/stream/update';
const MB = 1024 * 1024;
const put = (body: unknown) => (h: SimulatorHarness) => h.call('PUT', DOC, { body });
const raw = (text: string) => (h: SimulatorHarness) => h.call('PUT', DOC, { raw: text });
const batch =
  (payload: unknown, commit = BATCH) =>
  (h: SimulatorHarness) =>
    h.batch(commit, payload);
const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ identity: `u${i}`, identityType: 'USER' }));
const partial = (operator: string, value: unknown) =>
  batch({ partialUpdate: [{ documentId: 'x://1', operator, field: 'f', value }] }, UPDATE);
const identity = (method: string, path: string, body: unknown) => (h: SimulatorHarness) =>
  h.call(method, `/providers/p/${path}`, { body });
const invalid = (wrong: string, send: WireCase['send']): WireCase => ({
  wrong,
  send,
  status: 400,
  code: 'INVALID_JSON',
});
const parameter = (wrong: string, send: WireCase['send']): WireCase => ({
  wrong,
  send,
  status: 400,
  code: 'INVALID_PARAMETER',
});

/** Each documented shape rule, broken once (the simulator's `containerBytes` is 100,000 here). */
export const WIRE_CASES: readonly WireCase[] = [
  // DocumentBody (docs.coveo.com/en/90, /en/95): 400 INVALID_JSON
  invalid('a document body that is not JSON', raw('{nope')),
  invalid('a document body that is an array', put([])),
  invalid('a key repeated in another case', raw('{"title":"a","Title":"b"}')),
  invalid('two data carriers', put({ data: 'x', compressedBinaryData: 'eA==' })),
  invalid('compressedBinaryData that is not base64', put({ compressedBinaryData: 'no base64!' })),
  invalid(
    'a compressionType in lower case',
    put({ compressedBinaryData: 'eA==', compressionType: 'gzip' }),
  ),
  invalid('a fileExtension without its dot', put({ fileExtension: 'pdf' })),
  invalid('a title that is not a string', put({ title: 5 })),
  invalid('a metadata value nested two levels', put({ stock: { a: { b: 1 } } })),
  invalid('a null metadata value', put({ sku: null })),
  invalid(
    'an undocumented identityType',
    put({ permissions: [{ allowedPermissions: [{ identity: 'a', identityType: 'ROBOT' }] }] }),
  ),
  invalid('an unknown permission-set key', put({ permissions: [{ allowed: [] }] })),
  invalid(
    'more than 5,000 permissions',
    put({ permissions: [{ allowedPermissions: ids(4_000), deniedPermissions: ids(1_001) }] }),
  ),
  parameter('a single push without documentId', (h) =>
    h.call('PUT', '/sources/push-source/documents', { body: {} }),
  ),
  {
    wrong: 'a single push over 6 MB',
    send: put({ title: 'x'.repeat(6 * MB + 1) }),
    status: 413,
    code: 'REQUEST_ENTITY_TOO_LARGE',
  },
  {
    wrong: 'inline data of 5 MB',
    send: put({ data: 'x'.repeat(5 * MB) }),
    status: 413,
    code: 'REQUEST_ENTITY_TOO_LARGE',
  },
  // File-container batches {addOrUpdate, delete} (+ partialUpdate on stream updates)
  invalid('a batch file that is not JSON', batch('{')),
  invalid('an unknown batch key', batch({ addOrUpdate: [], upsert: [] })),
  invalid('addOrUpdate that is not an array', batch({ addOrUpdate: {} })),
  invalid('a batch item without documentId', batch({ addOrUpdate: [{ title: 'x' }] })),
  invalid(
    'a bad item after a good one (nothing is applied)',
    batch({ addOrUpdate: [{ documentId: 'x://ok' }, { documentId: 'x://2', date: true }] }),
  ),
  invalid('a delete without documentId', batch({ delete: [{ deleteChildren: true }] })),
  invalid(
    'a delete with a string deleteChildren',
    batch({ delete: [{ documentId: 'x://1', deleteChildren: 'yes' }] }),
  ),
  invalid(
    'partialUpdate in a Push batch',
    batch({
      partialUpdate: [{ documentId: 'x://1', operator: 'fieldValueReplace', field: 'f', value: 1 }],
    }),
  ),
  invalid(
    'partialUpdate on a Push source',
    batch(
      {
        partialUpdate: [
          { documentId: 'x://1', operator: 'fieldValueReplace', field: 'f', value: 1 },
        ],
      },
      '/sources/push-source/stream/update',
    ),
  ),
  invalid('an undocumented operator', partial('append', [1])),
  invalid('arrayAppend without an array', partial('arrayAppend', 'x')),
  invalid('dictionaryPut with an array', partial('dictionaryPut', ['x'])),
  invalid('dictionaryRemove with a number', partial('dictionaryRemove', 1)),
  invalid(
    'a delete in a shallow merge',
    batch({ delete: [{ documentId: 'x://1' }] }, '/sources/catalog-source/stream/merge'),
  ),
  parameter(
    'a shallow merge on a Push source',
    batch({ addOrUpdate: [] }, '/sources/push-source/stream/merge'),
  ),
  parameter('a commit without fileId', (h) => h.call('PUT', BATCH)),
  // The pre-signed upload URL (S3)
  {
    wrong: 'Authorization on the upload URL',
    send: async (h) => h.upload(await h.container(), {}, { authorization: 'Bearer push-key' }),
    status: 400,
    code: 'InvalidArgument',
  },
  {
    wrong: 'an upload without its requiredHeaders',
    send: async (h) => fetch((await h.container()).uploadUri, { method: 'PUT', body: '{}' }),
    status: 403,
    code: 'SignatureDoesNotMatch',
  },
  {
    wrong: 'an upload with a forged signature',
    send: async (h) => {
      const c = await h.container();
      return h.upload(
        { ...c, uploadUri: c.uploadUri.replace('Signature=', 'Signature=forged') },
        {},
      );
    },
    status: 403,
    code: 'SignatureDoesNotMatch',
  },
  {
    wrong: 'an upload past the container limit',
    send: async (h) => h.upload(await h.container(), 'x'.repeat(100_001)),
    status: 413,
    code: 'EntityTooLarge',
  },
  // Source status, deletes, streams
  parameter('an undocumented statusType', (h) =>
    h.call('POST', '/sources/push-source/status?statusType=PAUSED', { body: {} }),
  ),
  parameter('a statusType in lower case', (h) =>
    h.call('POST', '/sources/push-source/status?statusType=rebuild', { body: {} }),
  ),
  parameter('delete older than without orderingId', (h) =>
    h.call('DELETE', '/sources/push-source/documents/olderthan'),
  ),
  parameter('a deleteChildren that is not a boolean', (h) =>
    h.call('DELETE', '/sources/push-source/documents?documentId=x&deleteChildren=yes'),
  ),
  {
    wrong: 'a chunk of an unknown stream',
    send: (h) => h.call('POST', '/sources/catalog-source/stream/nope/chunk', { body: {} }),
    status: 404,
    code: 'STREAM_NOT_FOUND',
  },
  invalid('a stream load with a bad chunk (the catalog stays as it was)', async (h) => {
    const open = (await (
      await h.call('POST', '/sources/catalog-source/stream/open', { body: {} })
    ).json()) as { streamId: string };
    const base = `/sources/catalog-source/stream/${open.streamId}`;
    const chunk = await (await h.call('POST', `${base}/chunk`, { body: {} })).json();
    await h.upload(chunk, { addOrUpdate: [{ documentId: 'x://1', permissions: 'all' }] });
    return h.call('POST', `${base}/close`, { body: {} });
  }),
  // Security identities
  invalid(
    'an undocumented identity type',
    identity('PUT', 'permissions', { identity: { name: 'a', type: 'ROBOT' } }),
  ),
  invalid(
    'an identity without name',
    identity('PUT', 'permissions', { identity: { type: 'USER' } }),
  ),
  invalid(
    'an alias mapping without provider',
    identity('PUT', 'mappings', {
      identity: { name: 'a', type: 'USER' },
      mappings: [{ name: 'b', type: 'USER' }],
    }),
  ),
  invalid('a delete without identity', identity('DELETE', 'permissions', {})),
  invalid('an identity batch with an unknown key', (h) =>
    h.batch('/providers/p/permissions/batch', { members: [], removed: [] }),
  ),
  parameter(
    'identities delete older than without orderingId',
    identity('DELETE', 'permissions/olderthan', undefined),
  ),
  {
    wrong: 'an identity request over 6 MB',
    send: identity('PUT', 'permissions', {
      identity: { name: 'x'.repeat(6 * MB), type: 'USER' },
    }),
    status: 413,
    code: 'REQUEST_ENTITY_TOO_LARGE',
  },
  // Platform (admin)
  invalid('a field name in upper case', (h) =>
    h.call('POST', '/rest/organizations/org1/indexes/fields/batch/create', {
      body: [{ name: 'Price', type: 'DOUBLE' }],
    }),
  ),
  invalid('an undocumented sourceType', (h) =>
    h.call('POST', '/rest/organizations/org1/sources', { body: { sourceType: 'WEB', name: 'w' } }),
  ),
];

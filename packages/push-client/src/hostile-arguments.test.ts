import { isInputValidationError, isSdkError } from '@connectorkit/http-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogSource } from './catalog-source.js';
import { DocumentBuilder } from './document-builder.js';
import { BuiltInTransformers } from './document-rules.js';
import { isBatchUpdateError } from './errors.js';
import { FieldAnalyser } from './field-analysis.js';
import { documentsFromJsonFiles, toDocumentBuilder } from './ingest-json.js';
import { partialUpdate } from './partial-update/partial-update.js';
import { permanentId } from './permanent-id.js';
import { PushSource } from './push-source.js';
import {
  AnySecurityIdentityBuilder,
  GroupSecurityIdentityBuilder,
  PermissionSetBuilder,
  UserSecurityIdentityBuilder,
  VirtualGroupSecurityIdentityBuilder,
} from './security-identity-builders.js';
import { type CountingServer, startCountingServer } from './testing/counting-server.test-util.js';

/*
 * Every argument of every public function, method and constructor, one table row each: the row
 * builds valid arguments, the generator swaps one slot (an argument, or a field inside one) for a
 * hostile value, and the call must either throw an InputValidationError with ZERO requests at
 * the counting server, or send only requests the simulator (which checks every documented shape)
 * takes. A TypeError, RangeError or SyntaxError from our own code fails the run.
 */

let s: CountingServer;
let url = '';
const KEY = 'key-123';
beforeAll(async () => {
  s = await startCountingServer();
  url = s.url;
});
afterAll(() => s.close());

const quick = { retry: false as const };
const push = () => new PushSource(KEY, 'org1', { baseUrl: url, ...quick });
const catalog = () => new CatalogSource(KEY, 'org1', { baseUrl: url, ...quick });
const doc = () => new DocumentBuilder('https://ex.com/a', 'A').withData('body');
const identity = () => ({ identity: { name: 'alice', type: 'USER' } });

type Args = unknown[];
interface Row {
  /** Fresh valid arguments. */
  args: () => Args;
  /** Dotted paths into `args` that may be replaced: `0`, `1.addOrUpdate.0`, `2.concurrency`. */
  slots: string[];
  call: (...args: Args) => unknown;
  /** Paths only (strings would name real folders to read). */
  noPlainStrings?: boolean;
}

const ROWS: Record<string, Row> = {
  'new PushSource': {
    args: () => [KEY, 'org1', { baseUrl: url, ...quick }],
    slots: [
      '0',
      '1',
      '2',
      '2.region',
      '2.environment',
      '2.backoff',
      '2.backoff.retryAfter',
      '2.backoff.maxRetries',
      '2.backoff.timeMultiple',
      '2.timeout',
      '2.retry',
      '2.headers',
      '2.limits.requestBytes',
      '2.logger',
      '2.fetch',
    ],
    call: async (key, org, options) => {
      const made = new PushSource(key as string, org as string, options as never);
      // Only a source that still points at the counting server sends anything.
      if ((options as { baseUrl?: unknown })?.baseUrl === url) {
        await made.setSourceStatus('src', 'IDLE');
      }
    },
  },
  'new CatalogSource': {
    args: () => [KEY, 'org1', { baseUrl: url, ...quick }],
    slots: ['0', '1', '2', '2.region', '2.limits.catalogItemBytes', '2.plugins'],
    call: (key, org, options) => new CatalogSource(key as string, org as string, options as never),
  },
  'PushSource.create': {
    args: () => ['Name', 'SHARED', {}],
    slots: ['0', '1', '2', '2.signal'],
    call: (...a) => push().create(...(a as [string])),
  },
  addOrUpdateDocument: {
    args: () => ['src', doc(), { orderingId: 5 }],
    slots: ['0', '1', '2', '2.orderingId', '2.signal'],
    call: (...a) => push().addOrUpdateDocument(...(a as [string, DocumentBuilder])),
  },
  deleteDocument: {
    args: () => ['src', 'https://ex.com/a', true, {}],
    slots: ['0', '1', '2', '3'],
    call: (...a) => push().deleteDocument(...(a as [string, string])),
  },
  deleteDocumentsOlderThan: {
    args: () => ['src', 1_700_000_000_000, { queueDelay: 5 }],
    slots: ['0', '1', '2', '2.queueDelay'],
    call: (...a) => push().deleteDocumentsOlderThan(...(a as [string, number])),
  },
  setSourceStatus: {
    args: () => ['src', 'REBUILD', {}],
    slots: ['0', '1', '2'],
    call: (...a) => push().setSourceStatus(...(a as [string, 'IDLE'])),
  },
  batchUpdateDocuments: {
    args: () => [
      'src',
      { addOrUpdate: [doc()], delete: [{ documentId: 'https://ex.com/b', deleteChildren: true }] },
      { maxBatchBytes: 10_000, concurrency: 2, batchRedos: 0 },
    ],
    slots: [
      '0',
      '1',
      '1.addOrUpdate',
      '1.addOrUpdate.0',
      '1.delete',
      '1.delete.0',
      '1.delete.0.documentId',
      '1.delete.0.deleteChildren',
      '2',
      '2.maxBatchBytes',
      '2.concurrency',
      '2.batchRedos',
      '2.onProgress',
      '2.throwOnFailure',
      '2.signal',
    ],
    call: (...a) => push().batchUpdateDocuments(...(a as [string, object])),
  },
  'PushSource.batchUpdateDocumentsFromFiles': {
    args: () => ['src', ['/nonexistent-ck-path/a.json'], {}],
    slots: ['0', '1', '1.0', '2', '2.callback', '2.fieldNameTransformer'],
    call: (...a) => push().batchUpdateDocumentsFromFiles(...(a as [string, string])),
    noPlainStrings: true,
  },
  createFields: {
    args: () => [new FieldAnalyser().add([doc().withMetadataValue('sku', 'x')]), {}],
    slots: ['0', '1'],
    call: (...a) => push().createFields(...(a as [FieldAnalyser])),
  },
  'CatalogSource.batchUpdateDocuments': {
    args: () => [
      'cat',
      {
        addOrUpdate: [doc()],
        partialUpdate: [
          { documentId: 'https://ex.com/a', operator: 'arrayAppend', field: 'tags', value: ['x'] },
        ],
      },
      {},
    ],
    slots: [
      '0',
      '1',
      '1.partialUpdate',
      '1.partialUpdate.0',
      '1.partialUpdate.0.documentId',
      '1.partialUpdate.0.operator',
      '1.partialUpdate.0.field',
      '1.partialUpdate.0.value',
      '1.partialUpdate.0.value.0',
      '2',
    ],
    call: (...a) => catalog().batchUpdateDocuments(...(a as [string, object])),
  },
  partialUpdateDocuments: {
    args: () => [
      'cat',
      [{ documentId: 'p', operator: 'dictionaryPut', field: 'stock', value: { s1: 1 } }],
      {},
    ],
    slots: ['0', '1', '1.0', '1.0.value', '1.0.value.s1', '2', '2.concurrency'],
    call: (...a) => catalog().partialUpdateDocuments(...(a as [string, []])),
  },
  shallowMergeDocuments: {
    args: () => ['cat', [doc()], {}],
    slots: ['0', '1', '1.0', '2'],
    call: (...a) => catalog().shallowMergeDocuments(...(a as [string, []])),
  },
  batchStreamDocuments: {
    args: () => ['cat', { addOrUpdate: [doc()], delete: [] }, {}],
    slots: ['0', '1', '1.addOrUpdate', '1.addOrUpdate.0', '1.delete', '2', '2.maxBatchBytes'],
    call: (...a) => catalog().batchStreamDocuments(...(a as [string, object])),
  },
  'CatalogSource.deleteOlderThan': {
    args: () => ['cat', new Date('2024-01-01T00:00:00Z'), {}],
    slots: ['0', '1', '2'],
    call: (...a) => catalog().deleteOlderThan(...(a as [string, Date])),
  },
  'CatalogSource.create': {
    args: () => ['Products', 'PRIVATE'],
    slots: ['0', '1'],
    call: (...a) => catalog().create(...(a as [string])),
  },
  createOrUpdateSecurityIdentity: {
    args: () => [
      'prov',
      { ...identity(), members: [{ name: 'b', type: 'USER', additionalInfo: { k: 'v' } }] },
      {},
    ],
    slots: ['0', '1', '1.identity', '1.identity.name', '1.identity.type', '1.members.0', '2'],
    call: (...a) => push().identity.createOrUpdateSecurityIdentity(...(a as [string, never])),
  },
  createOrUpdateSecurityIdentityAlias: {
    args: () => [
      'prov',
      { ...identity(), mappings: [{ name: 'a', type: 'USER', provider: 'other' }] },
    ],
    slots: ['0', '1', '1.mappings', '1.mappings.0.provider'],
    call: (...a) => push().identity.createOrUpdateSecurityIdentityAlias(...(a as [string, never])),
  },
  deleteSecurityIdentity: {
    args: () => ['prov', identity()],
    slots: ['0', '1', '1.identity.name'],
    call: (...a) => push().identity.deleteSecurityIdentity(...(a as [string, never])),
  },
  deleteOldSecurityIdentities: {
    args: () => ['prov', { orderingId: 1_700_000_000_000, queueDelay: 3 }],
    slots: ['0', '1', '1.orderingId', '1.queueDelay'],
    call: (...a) => push().identity.deleteOldSecurityIdentities(...(a as [string, never])),
  },
  manageSecurityIdentities: {
    args: () => ['prov', { fileId: 'f-1', orderingId: 5 }],
    slots: ['0', '1', '1.fileId', '1.orderingId'],
    call: (...a) => push().identity.manageSecurityIdentities(...(a as [string, never])),
  },
  batchSecurityIdentities: {
    args: () => ['prov', { members: [identity()], deleted: [identity()] }, { orderingId: 9 }],
    slots: ['0', '1', '1.members', '1.members.0', '1.deleted.0.identity', '2', '2.orderingId'],
    call: (...a) => push().identity.batchSecurityIdentities(...(a as [string, never])),
  },
  'new DocumentBuilder + push': {
    args: () => ['https://ex.com/d', 'Title'],
    slots: ['0', '1'],
    call: (uri, title) =>
      push().addOrUpdateDocument('src', new DocumentBuilder(uri as string, title as string)),
  },
  'DocumentBuilder.with* + push': {
    args: () => [
      'body',
      1_700_000_000_000,
      '.html',
      'perm-1',
      'https://ex.com/parent',
      'me',
      'sku',
      ['a', 'b'],
      { price: 9.5, tags: ['x'] },
      true,
    ],
    slots: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '8.price', '8.tags', '8.tags.0', '9'],
    call: (data, date, ext, perm, parent, author, key, value, metadata, anonymous) => {
      const d = new DocumentBuilder('https://ex.com/w', 'W')
        .withData(data as string)
        .withDate(date as number)
        .withModifiedDate(date as number)
        .withFileExtension(ext as string)
        .withPermanentId(perm as string)
        .withParentId(parent as string)
        .withClickableUri(parent as string)
        .withAuthor(author as string)
        .withMetadataValue(key as string, value as string)
        .withMetadata(metadata as never, BuiltInTransformers.toSnakeCase)
        .withAllowAnonymousUsers(anonymous as boolean);
      return push().addOrUpdateDocument('src', d);
    },
  },
  'withCompressedBinaryData + push': {
    args: () => ['eA==', 'ZLIB'],
    slots: ['0', '1'],
    call: (data, type) =>
      push().addOrUpdateDocument(
        'src',
        new DocumentBuilder('https://ex.com/z', 'Z').withCompressedBinaryData(
          data as string,
          type as 'ZLIB',
        ),
      ),
  },
  'identity builders + permissions + push': {
    args: () => ['USER', 'a@ex.com', 'Provider', ['g1', 'g2'], false, 'Level 1'],
    slots: ['0', '1', '2', '3', '3.0', '4', '5'],
    call: (type, name, provider, groups, anonymous, level) => {
      const set = new PermissionSetBuilder(anonymous as boolean)
        .withAllowedPermissions(
          new AnySecurityIdentityBuilder(type as 'USER', name as string, provider as string),
        )
        .withDeniedPermissions(
          new GroupSecurityIdentityBuilder(groups as string[], provider as string),
        )
        .withAllowedPermissions(new VirtualGroupSecurityIdentityBuilder(name as string))
        .withAllowedPermissions(new UserSecurityIdentityBuilder(groups as string[]));
      const d = doc()
        .withPermissionSet(set)
        .withPermissionLevel(level as string, [set])
        .withAllowedPermissions(
          new UserSecurityIdentityBuilder(name as string, provider as string),
        );
      return push().addOrUpdateDocument('src', d);
    },
  },
  'a caller builder in withPermissionSet + push': {
    args: () => [
      {
        build: () => ({
          allowAnonymous: false,
          allowedPermissions: [{ identity: 'a', identityType: 'USER' }],
          deniedPermissions: [],
        }),
      },
    ],
    slots: ['0'],
    call: (set) => push().addOrUpdateDocument('src', doc().withPermissionSet(set as never)),
  },
  partialUpdate: {
    args: () => [
      {
        api_key_search: KEY,
        api_key_push: KEY,
        source_id: 'src',
        org_id: 'org1',
        key_field: 'sku',
      },
      [{ key: 'A1', metadata: { price: 10 } }],
      { baseUrl: url, retry: false, concurrency: 2, fieldsToInclude: ['sku'] },
    ],
    slots: [
      '0',
      '0.api_key_search',
      '0.org_id',
      '0.region',
      '0.key_field',
      '1',
      '1.0',
      '1.0.key',
      '1.0.metadata',
      '1.0.metadata.price',
      '2',
      '2.concurrency',
      '2.fieldsToInclude',
      '2.quickView',
      '2.timeout',
    ],
    call: (settings, data, options) => {
      // A hostile baseUrl that still parses must not send anything anywhere else.
      const o = options as { baseUrl?: unknown } | undefined;
      if (o && typeof o === 'object' && o.baseUrl !== url) return undefined;
      return partialUpdate(settings as never, data as never, options as never);
    },
  },
  documentsFromJsonFiles: {
    args: () => [['/nonexistent-ck-path/a.json'], {}],
    slots: ['0', '0.0', '1', '1.callback'],
    call: async (paths, options) => {
      for await (const _ of documentsFromJsonFiles(paths as string[], options as never)) void _;
    },
    noPlainStrings: true,
  },
  'toDocumentBuilder + push': {
    args: () => [
      {
        documentId: 'https://ex.com/j',
        title: 'J',
        date: '2024-01-01',
        sku: 'x',
        permissions: [{ allowedPermissions: [{ identity: 'a', identityType: 'user' }] }],
      },
      'file.json[0]',
      {},
    ],
    slots: [
      '0',
      '0.documentId',
      '0.title',
      '0.date',
      '0.sku',
      '0.permissions',
      '0.permissions.0',
      '0.permissions.0.allowedPermissions',
      '0.permissions.0.allowedPermissions.0',
      '1',
      '2',
    ],
    call: (input, at, options) =>
      push().addOrUpdateDocument(
        'src',
        toDocumentBuilder(input as never, at as string, options as never),
      ),
  },
  'FieldAnalyser.add': {
    args: () => [[doc().withMetadataValue('n', 1), { documentId: 'x', price: 2 }]],
    slots: ['0', '0.0', '0.1'],
    call: (docs) => new FieldAnalyser().add(docs as never).report(),
  },
  permanentId: {
    args: () => ['https://ex.com/a'],
    slots: ['0'],
    call: (u) => permanentId(u as string),
  },
  'BuiltInTransformers.toSnakeCase': {
    args: () => ['someKey'],
    slots: ['0'],
    call: (k) => BuiltInTransformers.toSnakeCase(k as string),
  },
  'BuiltInTransformers.toLowerCase': {
    args: () => ['someKey'],
    slots: ['0'],
    call: (k) => BuiltInTransformers.toLowerCase(k as string),
  },
};

function circular(): object {
  const o: Record<string, unknown> = { documentId: 'https://ex.com/cycle', a: 1 };
  o.self = o;
  return o;
}

const NOT_STRINGS = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    Number.NaN,
    -1,
    0,
    -0,
    1.5,
    2 ** 53,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    true,
    false,
    [],
    {},
    [null],
    { length: 1 },
    10n,
    Symbol('s'),
    new Date(Number.NaN),
    new Date(0),
    () => undefined,
    new Map([[1, 2]]),
    Object.create(null),
  ),
  fc.integer(),
  fc.double(),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
  fc.constant(null).map(circular),
);
const STRINGS = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\n',
    '\u202e',
    '.',
    '..',
    'x'.repeat(5000),
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ maxLength: 12 }),
);
const HOSTILE = fc.oneof(NOT_STRINGS, STRINGS);
/** For paths: any string but a plain one could name a real folder, so only refused strings. */
const HOSTILE_PATH = fc.oneof(NOT_STRINGS, fc.constantFrom('', 'a\u0000b', '\u0000'));

function setAt(args: Args, path: string, value: unknown): void {
  const keys = path.split('.');
  let target: unknown = args;
  for (const key of keys.slice(0, -1)) {
    const holder = target as Record<string, unknown>;
    holder[key] ??= {};
    target = holder[key];
  }
  (target as Record<string, unknown>)[keys.at(-1) as string] = value;
}

/**
 * Well-formed: answered, or refused for who sent it or what it named (401, 403, 404), never for
 * its shape (400, 413, 431) nor crashing the server (5xx).
 */
const wellFormed = (status: number) => status < 400 || [401, 403, 404].includes(status);

describe('hostile arguments to every public function (fast-check, fixed seed)', () => {
  it('either an InputValidationError and no request, or only requests the simulator takes', async () => {
    const names = Object.keys(ROWS);
    const plan = fc.constantFrom(...names).chain((name) => {
      const row = ROWS[name] as Row;
      return fc.tuple(
        fc.constant(name),
        fc.constantFrom(...row.slots),
        row.noPlainStrings ? HOSTILE_PATH : HOSTILE,
      );
    });
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(plan, async ([name, slot, value]) => {
        const row = ROWS[name] as Row;
        const args = row.args();
        setAt(args, slot, value);
        s.reset();
        seen.add(name);
        let error: unknown;
        try {
          await row.call(...args);
        } catch (e) {
          error = e;
        }
        const where = `${name} with ${slot} = ${fc.stringify(value)}`;
        if (isInputValidationError(error)) {
          expect(s.lines, where).toEqual([]);
          expect(error.issues.length, where).toBeGreaterThan(0);
          return;
        }
        // Anything else thrown is one of ours (an HttpError for a missing source, say), never
        // a TypeError, RangeError or SyntaxError from our own code.
        if (error !== undefined) {
          expect(isSdkError(error) || isBatchUpdateError(error), `${where}: ${String(error)}`).toBe(
            true,
          );
        }
        expect(
          s.statuses.filter((st) => !wellFormed(st)),
          `${where}: ${s.lines.join(', ')}`,
        ).toEqual([]);
      }),
      {
        seed: Number(process.env.PBT_SEED ?? 1313),
        numRuns: Number(process.env.PBT_RUNS ?? 400),
        endOnFailure: true,
      },
    );
    expect(seen.size).toBe(names.length);
  }, 60_000);
});

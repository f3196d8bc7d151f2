import type { DocDbClient } from '../index.js';

/** How a method answers: a promise, a readable stream, or an async iterable of pages or rows. */
export type MethodKind = 'promise' | 'stream' | 'iterable';

export interface MethodEntry {
  name: keyof DocDbClient;
  kind: MethodKind;
  /** Valid params against {@link seedDatabase}'s database. */
  params: () => Record<string, unknown>;
  /** The method's params object may be left out. */
  optionalParams?: boolean;
}

export const DB = 'db';
export const REV = '1-967a00dff5e02add41819138abb3284d';
export const SEARCH_DESIGN = {
  indexes: { titles: { index: 'function (doc) { index("default", doc.title); }' } },
  views: { by_n: { map: 'function (doc) { emit(doc.n, 1); }' } },
};

const db = { db: DB };
const QUERIES = [{ keys: ['keep'] }, { limit: 1, descending: true }];
/** Replication endpoints: databases of the server the client talks to, whatever its host. */
export const SOURCE = 'http://127.0.0.1:5984/db';
export const TARGET = 'http://127.0.0.1:5984/copy';
const changes = { ...db, since: 0, timeout: 50, limit: 2 };

/** Every public method of the client, with valid params. */
export const METHODS: readonly MethodEntry[] = [
  { name: 'getServerInformation', kind: 'promise', params: () => ({}), optionalParams: true },
  { name: 'getUpInformation', kind: 'promise', params: () => ({}), optionalParams: true },
  { name: 'getUuids', kind: 'promise', params: () => ({ count: 2 }), optionalParams: true },
  { name: 'getAllDbs', kind: 'promise', params: () => ({ limit: 5 }), optionalParams: true },
  { name: 'postDbsInfo', kind: 'promise', params: () => ({ keys: [DB] }) },
  { name: 'getActiveTasks', kind: 'promise', params: () => ({}), optionalParams: true },
  { name: 'getMembershipInformation', kind: 'promise', params: () => ({}), optionalParams: true },
  { name: 'getSessionInformation', kind: 'promise', params: () => ({}), optionalParams: true },
  { name: 'putDatabase', kind: 'promise', params: () => ({ db: 'other', q: 2 }) },
  { name: 'deleteDatabase', kind: 'promise', params: () => ({ db: 'other' }) },
  { name: 'getDatabaseInformation', kind: 'promise', params: () => db },
  { name: 'headDatabase', kind: 'promise', params: () => db },
  { name: 'getSecurity', kind: 'promise', params: () => db },
  {
    name: 'putSecurity',
    kind: 'promise',
    params: () => ({ ...db, security: { members: { names: ['a'] } } }),
  },
  { name: 'getRevsLimit', kind: 'promise', params: () => db },
  { name: 'putRevsLimit', kind: 'promise', params: () => ({ ...db, limit: 1000 }) },
  { name: 'postEnsureFullCommit', kind: 'promise', params: () => db },
  {
    name: 'getDocument',
    kind: 'promise',
    params: () => ({ ...db, docId: 'keep', revs: true, conflicts: false }),
  },
  { name: 'getDocumentAsStream', kind: 'stream', params: () => ({ ...db, docId: 'keep' }) },
  { name: 'headDocument', kind: 'promise', params: () => ({ ...db, docId: 'keep' }) },
  { name: 'postDocument', kind: 'promise', params: () => ({ ...db, document: { n: 1 } }) },
  {
    name: 'putDocument',
    kind: 'promise',
    params: () => ({ ...db, docId: 'fresh', document: { n: 1 } }),
  },
  { name: 'deleteDocument', kind: 'promise', params: () => ({ ...db, docId: 'keep', rev: REV }) },
  { name: 'getDesignDocument', kind: 'promise', params: () => ({ ...db, ddoc: 'search' }) },
  {
    name: 'putDesignDocument',
    kind: 'promise',
    params: () => ({ ...db, ddoc: 'other', document: { views: {} } }),
  },
  {
    name: 'deleteDesignDocument',
    kind: 'promise',
    params: () => ({ ...db, ddoc: 'other', rev: REV }),
  },
  { name: 'getLocalDocument', kind: 'promise', params: () => ({ ...db, docId: 'cp' }) },
  {
    name: 'putLocalDocument',
    kind: 'promise',
    params: () => ({ ...db, docId: 'cp', document: { seq: 1 } }),
  },
  { name: 'deleteLocalDocument', kind: 'promise', params: () => ({ ...db, docId: 'gone' }) },
  {
    name: 'postBulkDocs',
    kind: 'promise',
    params: () => ({ ...db, docs: [{ _id: 'b1', n: 1 }, { n: 2 }] }),
  },
  {
    name: 'postBulkGet',
    kind: 'promise',
    params: () => ({ ...db, docs: [{ id: 'keep' }], revs: true }),
  },
  {
    name: 'postBulkGetAsStream',
    kind: 'stream',
    params: () => ({ ...db, docs: [{ id: 'keep' }] }),
  },
  { name: 'postRevsDiff', kind: 'promise', params: () => ({ ...db, revs: { keep: [REV] } }) },
  {
    name: 'postAllDocs',
    kind: 'promise',
    params: () => ({ ...db, limit: 2, startKey: 'a', includeDocs: true }),
  },
  { name: 'postAllDocsAsStream', kind: 'stream', params: () => ({ ...db, keys: ['keep'] }) },
  {
    name: 'postView',
    kind: 'promise',
    params: () => ({ ...db, ddoc: 'search', view: 'by_n', limit: 3, reduce: false }),
  },
  {
    name: 'postViewAsStream',
    kind: 'stream',
    params: () => ({ ...db, ddoc: 'search', view: 'by_n' }),
  },
  {
    name: 'postFind',
    kind: 'promise',
    params: () => ({ ...db, selector: { n: { $gt: 0 } }, limit: 5, fields: ['n'] }),
  },
  { name: 'postFindAsStream', kind: 'stream', params: () => ({ ...db, selector: {} }) },
  { name: 'postExplain', kind: 'promise', params: () => ({ ...db, selector: { n: 1 } }) },
  {
    name: 'postIndex',
    kind: 'promise',
    params: () => ({ ...db, index: { fields: ['n'] }, name: 'by-n', ddoc: 'idx' }),
  },
  { name: 'getIndexesInformation', kind: 'promise', params: () => db },
  {
    name: 'deleteIndex',
    kind: 'promise',
    params: () => ({ ...db, ddoc: 'gone', index: 'gone' }),
  },
  {
    name: 'postSearch',
    kind: 'promise',
    params: () => ({ ...db, ddoc: 'search', index: 'titles', query: 'kayak', limit: 2 }),
  },
  {
    name: 'postSearchAsStream',
    kind: 'stream',
    params: () => ({ ...db, ddoc: 'search', index: 'titles', query: '*:*' }),
  },
  {
    name: 'getPartitionInformation',
    kind: 'promise',
    params: () => ({ ...db, partitionKey: 'p' }),
  },
  { name: 'paginateAllDocs', kind: 'iterable', params: () => ({ ...db, pageSize: 2 }) },
  {
    name: 'paginateView',
    kind: 'iterable',
    params: () => ({ ...db, ddoc: 'search', view: 'by_n', pageSize: 2, reduce: false }),
  },
  { name: 'paginateFind', kind: 'iterable', params: () => ({ ...db, selector: {}, pageSize: 2 }) },
  {
    name: 'paginateSearch',
    kind: 'iterable',
    params: () => ({ ...db, ddoc: 'search', index: 'titles', query: '*:*', pageSize: 2 }),
  },
  {
    name: 'putAttachment',
    kind: 'promise',
    params: () => ({
      ...db,
      docId: 'files',
      attachmentName: 'a.txt',
      body: 'hello',
      contentType: 'text/plain',
    }),
  },
  {
    name: 'getAttachment',
    kind: 'promise',
    params: () => ({ ...db, docId: 'keep', attachmentName: 'a.txt' }),
  },
  {
    name: 'getAttachmentAsStream',
    kind: 'stream',
    params: () => ({ ...db, docId: 'keep', attachmentName: 'a.txt' }),
  },
  {
    name: 'deleteAttachment',
    kind: 'promise',
    params: () => ({ ...db, docId: 'keep', attachmentName: 'a.txt', rev: REV }),
  },
  { name: 'headUpInformation', kind: 'promise', params: () => ({}), optionalParams: true },
  {
    name: 'getDbUpdates',
    kind: 'promise',
    params: () => ({ since: 0, limit: 2, timeout: 50 }),
    optionalParams: true,
  },
  { name: 'getShardsInformation', kind: 'promise', params: () => db },
  { name: 'getDocumentShardsInfo', kind: 'promise', params: () => ({ ...db, docId: 'keep' }) },
  { name: 'headDesignDocument', kind: 'promise', params: () => ({ ...db, ddoc: 'search' }) },
  {
    name: 'getDesignDocumentInformation',
    kind: 'promise',
    params: () => ({ ...db, ddoc: 'search' }),
  },
  { name: 'headLocalDocument', kind: 'promise', params: () => ({ ...db, docId: 'cp' }) },
  {
    name: 'headAttachment',
    kind: 'promise',
    params: () => ({ ...db, docId: 'keep', attachmentName: 'a.txt' }),
  },
  {
    name: 'getDocumentAsMixed',
    kind: 'promise',
    params: () => ({ ...db, docId: 'keep', openRevs: 'all' }),
  },
  {
    name: 'getDocumentAsRelated',
    kind: 'promise',
    params: () => ({ ...db, docId: 'keep', attachments: true }),
  },
  {
    name: 'postBulkGetAsMixed',
    kind: 'promise',
    params: () => ({ ...db, docs: [{ id: 'keep' }] }),
  },
  {
    name: 'postBulkGetAsRelated',
    kind: 'promise',
    params: () => ({ ...db, docs: [{ id: 'keep' }], revs: true }),
  },
  { name: 'postAllDocsQueries', kind: 'promise', params: () => ({ ...db, queries: QUERIES }) },
  {
    name: 'postAllDocsQueriesAsStream',
    kind: 'stream',
    params: () => ({ ...db, queries: QUERIES }),
  },
  {
    name: 'postViewQueries',
    kind: 'promise',
    params: () => ({ ...db, ddoc: 'search', view: 'by_n', queries: [{ reduce: false }] }),
  },
  {
    name: 'postViewQueriesAsStream',
    kind: 'stream',
    params: () => ({ ...db, ddoc: 'search', view: 'by_n', queries: [{ limit: 1 }] }),
  },
  { name: 'postDesignDocs', kind: 'promise', params: () => ({ ...db, includeDocs: true }) },
  {
    name: 'postDesignDocsQueries',
    kind: 'promise',
    params: () => ({ ...db, queries: [{ limit: 1 }], accept: 'application/json' }),
  },
  { name: 'postPartitionAllDocs', kind: 'promise', params: () => ({ ...db, partitionKey: 'p' }) },
  {
    name: 'postPartitionAllDocsAsStream',
    kind: 'stream',
    params: () => ({ ...db, partitionKey: 'p', limit: 1 }),
  },
  {
    name: 'postPartitionView',
    kind: 'promise',
    params: () => ({ ...db, partitionKey: 'p', ddoc: 'search', view: 'by_n' }),
  },
  {
    name: 'postPartitionViewAsStream',
    kind: 'stream',
    params: () => ({ ...db, partitionKey: 'p', ddoc: 'search', view: 'by_n' }),
  },
  {
    name: 'postPartitionFind',
    kind: 'promise',
    params: () => ({ ...db, partitionKey: 'p', selector: {} }),
  },
  {
    name: 'postPartitionFindAsStream',
    kind: 'stream',
    params: () => ({ ...db, partitionKey: 'p', selector: {} }),
  },
  {
    name: 'postPartitionExplain',
    kind: 'promise',
    params: () => ({ ...db, partitionKey: 'p', selector: {} }),
  },
  {
    name: 'postPartitionSearch',
    kind: 'promise',
    params: () => ({ ...db, partitionKey: 'p', ddoc: 'search', index: 'titles', query: '*:*' }),
  },
  {
    name: 'postPartitionSearchAsStream',
    kind: 'stream',
    params: () => ({ ...db, partitionKey: 'p', ddoc: 'search', index: 'titles', query: '*:*' }),
  },
  {
    name: 'postSearchAnalyze',
    kind: 'promise',
    params: () => ({ analyzer: 'standard', text: 'Sea Kayak' }),
  },
  {
    name: 'getSearchInfo',
    kind: 'promise',
    params: () => ({ ...db, ddoc: 'search', index: 'titles' }),
  },
  {
    name: 'getSearchDiskSize',
    kind: 'promise',
    params: () => ({ ...db, ddoc: 'search', index: 'titles' }),
  },
  {
    name: 'postReplicator',
    kind: 'promise',
    params: () => ({ replicationDocument: { source: SOURCE, target: TARGET, createTarget: true } }),
  },
  { name: 'getReplicationDocument', kind: 'promise', params: () => ({ docId: 'rep' }) },
  {
    name: 'putReplicationDocument',
    kind: 'promise',
    params: () => ({ docId: 'rep2', replicationDocument: { source: SOURCE, target: TARGET } }),
  },
  {
    name: 'deleteReplicationDocument',
    kind: 'promise',
    params: () => ({ docId: 'gone', rev: REV }),
  },
  { name: 'headReplicationDocument', kind: 'promise', params: () => ({ docId: 'rep' }) },
  {
    name: 'getSchedulerDocs',
    kind: 'promise',
    params: () => ({ limit: 5, states: ['completed', 'running'] }),
    optionalParams: true,
  },
  { name: 'getSchedulerDocument', kind: 'promise', params: () => ({ docId: 'rep' }) },
  { name: 'headSchedulerDocument', kind: 'promise', params: () => ({ docId: 'rep' }) },
  {
    name: 'getSchedulerJobs',
    kind: 'promise',
    params: () => ({ limit: 5, skip: 0 }),
    optionalParams: true,
  },
  { name: 'getSchedulerJob', kind: 'promise', params: () => ({ jobId: 'abc+continuous' }) },
  { name: 'headSchedulerJob', kind: 'promise', params: () => ({ jobId: 'abc' }) },
  { name: 'postApiKeys', kind: 'promise', params: () => ({}), optionalParams: true },
  {
    name: 'putCloudantSecurityConfiguration',
    kind: 'promise',
    params: () => ({ ...db, cloudant: { nobody: ['_reader'] }, couchdbAuthOnly: false }),
  },
  { name: 'getCorsInformation', kind: 'promise', params: () => ({}), optionalParams: true },
  {
    name: 'putCorsConfiguration',
    kind: 'promise',
    params: () => ({ origins: ['https://example.com'], allowCredentials: true, enableCors: true }),
  },
  {
    name: 'getCapacityThroughputInformation',
    kind: 'promise',
    params: () => ({}),
    optionalParams: true,
  },
  { name: 'putCapacityThroughputConfiguration', kind: 'promise', params: () => ({ blocks: 2 }) },
  {
    name: 'getCapacityDatabasesInformation',
    kind: 'promise',
    params: () => ({}),
    optionalParams: true,
  },
  {
    name: 'getCurrentDatabasesInformation',
    kind: 'promise',
    params: () => ({}),
    optionalParams: true,
  },
  {
    name: 'getCurrentThroughputInformation',
    kind: 'promise',
    params: () => ({}),
    optionalParams: true,
  },
  {
    name: 'getActivityTrackerEvents',
    kind: 'promise',
    params: () => ({}),
    optionalParams: true,
  },
  {
    name: 'postActivityTrackerEvents',
    kind: 'promise',
    params: () => ({ types: ['management', 'data'] }),
  },
  { name: 'postChanges', kind: 'promise', params: () => changes },
  { name: 'postChangesAsStream', kind: 'stream', params: () => changes },
  { name: 'getChanges', kind: 'promise', params: () => changes },
  { name: 'streamChanges', kind: 'iterable', params: () => changes },
  { name: 'readChangesBatch', kind: 'promise', params: () => ({ ...changes, deadline: 5_000 }) },
];

/** Every parameter name any method reads (a name a method does not know is ignored by it). */
export const PARAM_NAMES: readonly string[] = [
  ...new Set([
    ...METHODS.flatMap((m) => Object.keys(m.params())),
    ...['rev', 'revsInfo', 'deletedConflicts', 'openRevs', 'latest', 'attachments'],
    ...['attEncodingInfo', 'localSeq', 'batch', 'newEdits', 'partitionKey', 'key', 'endKey'],
    ...['startKeyDocId', 'endKeyDocId', 'inclusiveEnd', 'descending', 'skip', 'updateSeq'],
    ...['group', 'groupLevel', 'stable', 'update', 'sort', 'bookmark', 'useIndex'],
    ...['executionStats', 'r', 'type', 'partitioned', 'includeFields', 'counts', 'drilldown'],
    ...['stale', 'feed', 'heartbeat', 'seqInterval', 'style', 'filter', 'selector', 'docIds'],
    ...['view', 'lastEventId', 'fields', 'signal', 'retry'],
    ...['ifMatch', 'ifNoneMatch', 'meta', 'contentType', 'bulkDocs', 'documentRevisions'],
    ...['designDocument', 'attachment', 'range', 'accept', 'allowFallback', 'highlightFields'],
    ...['groupField', 'ranges', 'admins', 'members', 'cloudant', 'couchdbAuthOnly', 'security'],
    ...['document', 'body', 'jobId', 'states', 'since', 'timeout'],
  ]),
];

/**
 * Runs one call to the end as a caller would: awaits a promise, reads a stream's first chunk and
 * cancels it, takes an iterable's first item. Resolves with the error it failed with, if any.
 */
export async function drive(client: DocDbClient, entry: MethodEntry, params: unknown) {
  const method = client[entry.name] as (p: unknown) => unknown;
  try {
    const out = method.call(client, params);
    if (entry.kind === 'iterable') {
      const iterator = (out as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      await iterator.next();
      await iterator.return?.();
    } else if (entry.kind === 'stream') {
      const stream = (await out) as ReadableStream<Uint8Array>;
      const reader = stream.getReader();
      await reader.read();
      await reader.cancel();
    } else {
      // A multipart answer's body is read as a caller would, then dropped.
      const value = (await out) as { stream?: unknown } | undefined;
      if (value?.stream instanceof ReadableStream) await value.stream.cancel();
    }
    return undefined;
  } catch (error) {
    return error;
  }
}

/** The database the table's params expect: documents, a design document with a view and a search index. */
export async function seedDatabase(client: DocDbClient): Promise<void> {
  if (await client.headDatabase({ db: DB })) await client.deleteDatabase({ db: DB });
  await client.putDatabase({ db: DB });
  await client.postBulkDocs({
    db: DB,
    docs: [
      { _id: 'keep', n: 1, title: 'sea kayak' },
      { _id: 'other', n: 2, title: 'river canoe' },
    ],
  });
  await client.putDesignDocument({ db: DB, ddoc: 'search', document: SEARCH_DESIGN });
}

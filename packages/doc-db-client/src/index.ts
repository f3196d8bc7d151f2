export { invalidAnswerError, type RefusedAnswer } from './answer-error.js';
export { createDocDbClient, type DocDbClient } from './create-doc-db-client.js';
export { DEFAULT_DOC_DB_TIMEOUT_MS, type DocDbClientOptions } from './doc-db-client-options.js';
export {
  BadRequestError,
  ConflictError,
  DocDbError,
  ForbiddenError,
  isBadRequestError,
  isConflictError,
  isDocDbError,
  isForbiddenError,
  isNotFoundError,
  isPreconditionFailedError,
  isUnauthorizedError,
  NotFoundError,
  PreconditionFailedError,
  UnauthorizedError,
} from './errors.js';
export { MAX_SEQ_LENGTH, seqProblem } from './internal/changes-batch/batch-checks.js';
export type { CallOptions, RawBody, RawJson } from './internal/context.js';
export { DEFAULT_DOC_DB_LIMITS, type DocDbLimits } from './internal/json-body.js';
export { DB_NAME_PATTERN } from './internal/paths.js';
export type { AttachmentOperations, AttachmentParams } from './operations/attachments.js';
export {
  type BulkDocsParams,
  type BulkGetParams,
  type BulkOperations,
  isBulkRowError,
} from './operations/bulk.js';
export type { ChangesOperations, PostChangesParams } from './operations/changes.js';
export type { ChangesBatchOperations, ChangesBatchParams } from './operations/changes-batch.js';
export type {
  ApiKeys,
  CapacityThroughputInformation,
  CloudantOperations,
  CorsInformation,
} from './operations/cloudant.js';
export type {
  DatabaseOperations,
  DbParams,
  DocumentShardInfo,
  SecurityMembers,
  ShardsInformation,
} from './operations/databases.js';
export type { DbUpdates, DbUpdatesOperations, DbUpdatesParams } from './operations/db-updates.js';
export type {
  DesignDocumentInformation,
  DesignLocalOperations,
} from './operations/design-local.js';
export type {
  Conditional,
  DocumentOperations,
  GetDocumentParams,
  ReadOptions,
  WriteDocumentParams,
} from './operations/documents.js';
export type { MultiQueryOperations, QueriesResult } from './operations/multi-queries.js';
export type { MultipartAnswer, MultipartOperations } from './operations/multipart.js';
export type { PageOptions, PaginationOperations } from './operations/pagination.js';
export type { PartitionOperations } from './operations/partitions.js';
export type { FindQuery, QueryOperations, Scope } from './operations/queries.js';
export type {
  ReplicationDatabase,
  ReplicationDocument,
  ReplicationOperations,
} from './operations/replication.js';
export type {
  SchedulerDocs,
  SchedulerDocument,
  SchedulerJob,
  SchedulerJobs,
  SchedulerOperations,
} from './operations/scheduler.js';
export type {
  SearchDiskSize,
  SearchInfo,
  SearchOperations,
  SearchQuery,
} from './operations/search.js';
export type { ServerOperations } from './operations/server.js';
export type { ViewQuery } from './operations/view-query.js';
export {
  type Document,
  type DocumentResult,
  DocumentResultSchema,
  DocumentSchema,
  type Ok,
  type Seq,
  SeqSchema,
} from './schemas/common.js';
export {
  type BulkDocsRow,
  type BulkGetResult,
  type ChangesBatchResult,
  type ChangesResult,
  type ChangesResultItem,
  ChangesResultItemSchema,
  ChangesResultSchema,
  type DatabaseInformation,
  DatabaseInformationSchema,
  type ExplainResult,
  type FindResult,
  type IndexesInformation,
  type IndexResult,
  type PartitionInformation,
  type SearchResult,
  type Security,
  type ServerInformation,
  type SessionInformation,
  type ViewResult,
  type ViewRow,
} from './schemas/responses.js';
export { VERSION } from './version.js';

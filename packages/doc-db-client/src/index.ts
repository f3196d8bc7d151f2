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
export type { CallOptions, RawBody, RawJson } from './internal/context.js';
export { DEFAULT_DOC_DB_LIMITS, type DocDbLimits } from './internal/json-body.js';
export { DB_NAME_PATTERN } from './internal/paths.js';
export type { AttachmentOperations, AttachmentParams } from './operations/attachments.js';
export { type BulkGetParams, type BulkOperations, isBulkRowError } from './operations/bulk.js';
export type { ChangesOperations, PostChangesParams } from './operations/changes.js';
export type { DatabaseOperations, DbParams } from './operations/databases.js';
export type {
  DocumentOperations,
  GetDocumentParams,
  WriteDocumentParams,
} from './operations/documents.js';
export type { PageOptions, PaginationOperations } from './operations/pagination.js';
export type { FindQuery, QueryOperations, Scope, SearchQuery } from './operations/queries.js';
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

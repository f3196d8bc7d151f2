export type {
  AnyIterable,
  BatchDelete,
  BatchOptions,
  BatchProgressEvent,
  BatchReport,
  BatchResult,
  BatchStep,
  BatchTotals,
  BatchUpdateDocuments,
} from './batch/batch-types.js';
export { CatalogSource, type StreamLoadReport } from './catalog-source.js';
export { type Document, type DocumentBody, DocumentBuilder } from './document-builder.js';
export {
  BuiltInTransformers,
  type CompressionType,
  LIMITS,
  type Metadata,
  type MetadataValue,
  RESERVED_KEYS,
  type Transformer,
} from './document-rules.js';
export {
  BatchUpdateError,
  DailyQuotaExceededError,
  isBatchUpdateError,
  isDailyQuotaExceededError,
  isPushApiError,
  isThrottleError,
  PushApiError,
  ThrottleError,
} from './errors.js';
export {
  FieldAnalyser,
  type FieldAnalysisReport,
  type FieldModel,
  type FieldType,
} from './field-analysis.js';
export { documentsFromJsonFiles, type JsonFilesOptions, toDocumentBuilder } from './ingest-json.js';
export { type CallOptions, SourceVisibility } from './internal/source-base.js';
export { type PartialUpdateOptions, partialUpdate } from './partial-update/partial-update.js';
export {
  type PartialUpdateData,
  PartialUpdateDataSchema,
  type PartialUpdateRequest,
  PartialUpdateRequestSchema,
  type PartialUpdateResponse,
  PartialUpdateResponseSchema,
  type PartialUpdateSettings,
  PartialUpdateSettingsSchema,
  type PartialUpdateStatus,
} from './partial-update/seed-schemas.js';
export { permanentId } from './permanent-id.js';
export {
  type BackoffOptions,
  DEFAULT_BACKOFF,
  PlatformEnvironment,
  type PlatformOptions,
  Region,
} from './platform-options.js';
export { PushSource, type SourceStatus } from './push-source.js';
export {
  type AliasMapping,
  type IdentityModel,
  SecurityIdentities,
  type SecurityIdentityAliasModel,
  type SecurityIdentityBatch,
  type SecurityIdentityDelete,
  type SecurityIdentityModel,
} from './security-identities.js';
export {
  AnySecurityIdentityBuilder,
  GroupSecurityIdentityBuilder,
  type IdentityType,
  type PermissionLevel,
  type PermissionSet,
  PermissionSetBuilder,
  type SecurityIdentity,
  type SecurityIdentityBuilder,
  UserSecurityIdentityBuilder,
  VirtualGroupSecurityIdentityBuilder,
} from './security-identity-builders.js';
export {
  type PartialUpdate,
  type PartialUpdateOperator,
  PartialUpdateSchema,
} from './stream/partial-update-operators.js';
export type { StreamUpdate } from './stream/stream-entries.js';
export { VERSION } from './version.js';
export type { DocumentWriteAnswer, WriteAnswer } from './write-answer.js';

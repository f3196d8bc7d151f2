import {
  type HttpClient,
  type LoadServiceConfigOptions,
  loadServiceConfig,
} from '@connectorkit/http-core';
import {
  checkClientOptions,
  DEFAULT_DOC_DB_TIMEOUT_MS,
  type DocDbClientOptions,
} from './doc-db-client-options.js';
import type { OperationContext } from './internal/context.js';
import { DEFAULT_DOC_DB_LIMITS, type DocDbLimits } from './internal/json-body.js';
import { rejectInsteadOfThrow } from './internal/reject-instead-of-throw.js';
import { retryOf } from './internal/retry.js';
import { refuse } from './internal/rules.js';
import { type AttachmentOperations, attachmentOperations } from './operations/attachments.js';
import { type BulkOperations, bulkOperations } from './operations/bulk.js';
import { type ChangesOperations, changesOperations } from './operations/changes.js';
import { type ChangesBatchOperations, changesBatchOperations } from './operations/changes-batch.js';
import { type CloudantOperations, cloudantOperations } from './operations/cloudant.js';
import { type DatabaseOperations, databaseOperations } from './operations/databases.js';
import { type DbUpdatesOperations, dbUpdatesOperations } from './operations/db-updates.js';
import { type DesignLocalOperations, designLocalOperations } from './operations/design-local.js';
import { type DocumentOperations, documentOperations } from './operations/documents.js';
import { type MultiQueryOperations, multiQueryOperations } from './operations/multi-queries.js';
import { type MultipartOperations, multipartOperations } from './operations/multipart.js';
import { type PaginationOperations, paginationOperations } from './operations/pagination.js';
import { type PartitionOperations, partitionOperations } from './operations/partitions.js';
import { type QueryOperations, queryOperations } from './operations/queries.js';
import { type ReplicationOperations, replicationOperations } from './operations/replication.js';
import { type SchedulerOperations, schedulerOperations } from './operations/scheduler.js';
import { type SearchOperations, searchOperations } from './operations/search.js';
import { type ServerOperations, serverOperations } from './operations/server.js';
import { couchDb } from './service.js';

/** A CouchDB / Cloudant client. One instance is safe to share across any number of concurrent calls. */
export interface DocDbClient
  extends ServerOperations,
    DatabaseOperations,
    DocumentOperations,
    DesignLocalOperations,
    MultipartOperations,
    BulkOperations,
    QueryOperations,
    MultiQueryOperations,
    PartitionOperations,
    SearchOperations,
    PaginationOperations,
    AttachmentOperations,
    ChangesOperations,
    ChangesBatchOperations,
    DbUpdatesOperations,
    ReplicationOperations,
    SchedulerOperations,
    CloudantOperations {
  /** The http-core client underneath (for calls this package does not wrap). */
  readonly http: HttpClient;
  /** The per-attempt response timeout, in ms (`false`: none). */
  readonly responseTimeoutMs: number | false;
  /** The sizes this client refuses before sending (see `DocDbClientOptions.limits`). */
  readonly limits: Readonly<DocDbLimits>;
}

function responseTimeout(timeout: DocDbClientOptions['timeout']): number | false {
  if (timeout === false) return false;
  if (typeof timeout === 'number') return timeout;
  return timeout?.response ?? DEFAULT_DOC_DB_TIMEOUT_MS;
}

/**
 * Creates a CouchDB / Cloudant client on http-core, through the package's service profile
 * (`src/service.ts`): retries on by default (with the IBM SDK's knobs plus jitter,
 * idempotency-aware), typed errors from CouchDB's `{error, reason}` envelope, node:http(s) with
 * keep-alive unless a `fetch` or `transport` is given.
 * @throws {InputValidationError} naming each bad option (`url` is required unless `http` is given).
 * @example
 * const db = createDocDbClient({ url: 'http://127.0.0.1:5984', auth: basicAuth({ username, password }) });
 * await db.putDatabase({ db: 'products' });
 */
export function createDocDbClient(options: DocDbClientOptions): DocDbClient {
  checkClientOptions(options);
  const timeoutMs = responseTimeout(options.timeout);
  const retry = options.http ? retryOf(options.http.options.retry) : couchDb.retry(options.retry);
  const http = couchDb.createHttp(
    options.http
      ? // A shared client keeps its own options; only CouchDB's envelope and classes are laid over it.
        { http: options.http }
      : {
          ...(options.url ? { baseUrl: options.url } : {}),
          ...(options.auth ? { auth: options.auth } : {}),
          ...(options.fetch ? { fetch: options.fetch } : {}),
          ...(options.transport ? { transport: options.transport } : {}),
          ...(options.logger ? { logger: options.logger } : {}),
          ...(options.tls ? { tls: options.tls } : {}),
          ...(options.headers ? { headers: options.headers } : {}),
          ...(options.plugins ? { plugins: options.plugins } : {}),
          ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
          ...(options.retry !== undefined ? { retry: options.retry } : {}),
          validateResponses: options.validateResponses ?? true,
        },
  );
  const limits = { ...DEFAULT_DOC_DB_LIMITS };
  for (const [key, value] of Object.entries(options.limits ?? {})) {
    if (value !== undefined) limits[key as keyof DocDbLimits] = value;
  }
  const context: OperationContext = { http, retry, limits };
  const queries = { ...queryOperations(context), ...searchOperations(context) };
  return rejectInsteadOfThrow({
    ...serverOperations(context),
    ...databaseOperations(context),
    ...documentOperations(context),
    ...designLocalOperations(context),
    ...multipartOperations(context),
    ...bulkOperations(context),
    ...queries,
    ...multiQueryOperations(context),
    ...partitionOperations(queries),
    ...paginationOperations(queries),
    ...attachmentOperations(context),
    ...changesOperations(context),
    ...changesBatchOperations(context),
    ...dbUpdatesOperations(context),
    ...replicationOperations(context),
    ...schedulerOperations(context),
    ...cloudantOperations(context),
    http,
    responseTimeoutMs: timeoutMs,
    limits: Object.freeze(limits),
  });
}

/**
 * Creates a client from `<SERVICE>_URL`, `_AUTH_TYPE`, `_APIKEY`, `_USERNAME`, `_PASSWORD` ... and
 * the credentials file, as the Cloudant SDK's `newInstance` does (all seven auth types).
 * @throws {ConfigError} naming every missing or invalid variable.
 */
createDocDbClient.fromEnvironment = (
  serviceName = 'CLOUDANT',
  overrides: DocDbClientOptions & Pick<LoadServiceConfigOptions, 'env' | 'credentialsFile'> = {},
): DocDbClient => {
  if (typeof serviceName !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(serviceName)) {
    refuse('createDocDbClient.fromEnvironment', [
      { path: 'serviceName', message: 'must be a service name such as "CLOUDANT"' },
    ]);
  }
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    refuse('createDocDbClient.fromEnvironment', [
      { path: 'overrides', message: 'must be an object of options' },
    ]);
  }
  const { env, credentialsFile, ...rest } = overrides;
  const config = loadServiceConfig(serviceName, {
    ...(env ? { env } : {}),
    ...(credentialsFile ? { credentialsFile } : {}),
  });
  return createDocDbClient({
    ...(config.url ? { url: config.url } : {}),
    auth: config.auth,
    ...(config.tls ? { tls: config.tls } : {}),
    ...(config.retry ? { retry: config.retry } : {}),
    ...rest,
  });
};

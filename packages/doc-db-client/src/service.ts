import { defineService, type RetryOptions } from '@connectorkit/http-core';
import * as v from 'valibot';
import { DEFAULT_DOC_DB_TIMEOUT_MS } from './doc-db-client-options.js';
import {
  BadRequestError,
  ConflictError,
  DocDbError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  UnauthorizedError,
} from './errors.js';
import { VERSION } from './version.js';

/**
 * The package's retry policy: ibm-cloud-sdk-core's knobs (`maxRetries` 4, `maxRetryInterval`
 * 30 s; 408, 429, 500, 502-504), with full jitter added (the SDK has none).
 */
export const DOC_DB_RETRY: Readonly<RetryOptions> = Object.freeze({
  limit: 4,
  baseDelay: 500,
  multiplier: 2,
  maxDelay: 30_000,
  statusCodes: [408, 429, 500, 502, 503, 504],
  retryServerErrors: true,
  maxRetryAfter: 5 * 60_000,
});

// A field of another type is dropped alone, so `{"error":"x","reason":{...}}` keeps its code.
const text = v.fallback(v.optional(v.string()), undefined);

/** CouchDB's and Cloudant's error body: `{"error":"not_found","reason":"missing"}`. */
const CouchErrorBody = v.looseObject({ error: text, reason: text });

/**
 * CouchDB 3 and IBM Cloudant as this package talks to them: the `{error, reason}` envelope, the
 * class of each status, the retry policy, the Cloudant SDK's read timeout and node:http(s) with
 * keep-alive. Environment variables are read by `createDocDbClient.fromEnvironment` (the Cloudant
 * SDK's `<SERVICE>_*` names, whose prefix the caller chooses), not through the profile.
 */
export const couchDb = defineService({
  name: 'doc-db-client',
  version: VERSION,
  errorEnvelope: {
    schema: CouchErrorBody,
    code: (body) => body.error,
    message: (body) => body.reason,
  },
  errors: {
    byStatus: {
      400: BadRequestError,
      401: UnauthorizedError,
      403: ForbiddenError,
      404: NotFoundError,
      409: ConflictError,
      412: PreconditionFailedError,
    },
    fallback: DocDbError,
  },
  retry: DOC_DB_RETRY,
  timeout: DEFAULT_DOC_DB_TIMEOUT_MS,
  transport: 'node',
  // CouchDB names each request in its answer (`X-Couch-Request-ID`), as HttpError.requestId.
  requestIdHeaders: ['x-couch-request-id'],
});

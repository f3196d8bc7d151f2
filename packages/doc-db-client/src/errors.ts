import {
  defineError,
  errorGuard,
  HttpError,
  type HttpErrorOptions,
  markErrorKind,
} from '@connectorkit/http-core';

/**
 * A CouchDB error: the HTTP facts of http-core's `HttpError` (`status`, `statusText`,
 * `serviceCode`, `serviceMessage`, `requestId`, `retryCount`, `attempts`, `isRetryable` ...) plus
 * the envelope's `error` and `reason` under CouchDB's names (the same text as `serviceCode` and
 * `serviceMessage`, or `''` when the body had none).
 */
export class DocDbError extends HttpError {
  override name = 'DocDbError';
  /** CouchDB's `error` field, e.g. `not_found`, `conflict`, `file_exists`. */
  readonly error: string;
  /** CouchDB's `reason` field, e.g. `missing`, `Document update conflict.`. */
  readonly reason: string;

  constructor(options: HttpErrorOptions) {
    super(options);
    markErrorKind(this, 'DocDbError');
    this.error = options.serviceCode ?? '';
    this.reason = options.serviceMessage ?? '';
  }
}

/** 400: the request or a parameter is malformed. */
export const BadRequestError: typeof DocDbError = defineError(DocDbError, 'BadRequestError');
/** 401: missing or wrong credentials. */
export const UnauthorizedError: typeof DocDbError = defineError(DocDbError, 'UnauthorizedError');
/** 403: the credentials lack the permission. */
export const ForbiddenError: typeof DocDbError = defineError(DocDbError, 'ForbiddenError');
/** 404: no such database, document, attachment, index or design document. */
export const NotFoundError: typeof DocDbError = defineError(DocDbError, 'NotFoundError');
/** 409: a document update conflict (stale or missing `_rev`). */
export const ConflictError: typeof DocDbError = defineError(DocDbError, 'ConflictError');
/** 412: precondition failed, e.g. the database exists already (`file_exists`). */
export const PreconditionFailedError: typeof DocDbError = defineError(
  DocDbError,
  'PreconditionFailedError',
);

/**
 * True for any {@link DocDbError} (every CouchDB error status), whichever copy of the package
 * threw it.
 */
export const isDocDbError: (value: unknown) => value is DocDbError = errorGuard('DocDbError');
/** True for a {@link BadRequestError} (400), whichever copy of the package threw it. */
export const isBadRequestError: (value: unknown) => value is DocDbError =
  errorGuard('BadRequestError');
/** True for an {@link UnauthorizedError} (401), whichever copy of the package threw it. */
export const isUnauthorizedError: (value: unknown) => value is DocDbError =
  errorGuard('UnauthorizedError');
/** True for a {@link ForbiddenError} (403), whichever copy of the package threw it. */
export const isForbiddenError: (value: unknown) => value is DocDbError =
  errorGuard('ForbiddenError');
/** True for a {@link NotFoundError} (404), whichever copy of the package threw it. */
export const isNotFoundError: (value: unknown) => value is DocDbError = errorGuard('NotFoundError');
/**
 * True for a {@link ConflictError} (409, a stale or missing `_rev`), whichever copy of the package
 * threw it.
 */
export const isConflictError: (value: unknown) => value is DocDbError = errorGuard('ConflictError');
/** True for a {@link PreconditionFailedError} (412), whichever copy of the package threw it. */
export const isPreconditionFailedError: (value: unknown) => value is DocDbError =
  errorGuard('PreconditionFailedError');

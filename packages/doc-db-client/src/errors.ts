import {
  errorGuard,
  HttpError,
  type HttpErrorOptions,
  httpErrorOptionsOf,
  isHttpError,
  markErrorKind,
} from '@connectorkit/http-core';

/** A CouchDB error: the HTTP facts plus the envelope's `error` and `reason`. */
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

const subclass = (name: string) =>
  class extends DocDbError {
    override name = name;
    constructor(options: HttpErrorOptions) {
      super(options);
      markErrorKind(this, name);
    }
  };

/** 400: the request or a parameter is malformed. */
export const BadRequestError: typeof DocDbError = subclass('BadRequestError');
/** 401: missing or wrong credentials. */
export const UnauthorizedError: typeof DocDbError = subclass('UnauthorizedError');
/** 403: the credentials lack the permission. */
export const ForbiddenError: typeof DocDbError = subclass('ForbiddenError');
/** 404: no such database, document, attachment, index or design document. */
export const NotFoundError: typeof DocDbError = subclass('NotFoundError');
/** 409: a document update conflict (stale or missing `_rev`). */
export const ConflictError: typeof DocDbError = subclass('ConflictError');
/** 412: precondition failed, e.g. the database exists already (`file_exists`). */
export const PreconditionFailedError: typeof DocDbError = subclass('PreconditionFailedError');

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

const BY_STATUS: Record<number, typeof DocDbError> = {
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  412: PreconditionFailedError,
};

/** Turns an http-core `HttpError` into the CouchDB error class a caller can act on. */
export function toDocDbError(error: Error): Error {
  if (!isHttpError(error) || error instanceof DocDbError) return error;
  const Class = BY_STATUS[error.status] ?? DocDbError;
  return new Class(httpErrorOptionsOf(error));
}

/** Reads CouchDB's `{error, reason}` envelope. */
export function parseCouchErrorBody(
  data: unknown,
): { code?: string; message?: string } | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { error, reason } = data as { error?: unknown; reason?: unknown };
  return {
    ...(typeof error === 'string' ? { code: error } : {}),
    ...(typeof reason === 'string' ? { message: reason } : {}),
  };
}

import { httpErrorOptionsOf, isHttpError } from '@connectorkit/http-core';
import * as v from 'valibot';
import { DescriptionSchema } from './error-xml.js';
import {
  type PapiErrorDescription,
  type PushAPIException,
  UnknownErrorException,
} from './errors.js';
import { checkInput } from './internal/check-input.js';
import { PAPI_ERROR_TYPES } from './service.js';

const HttpStatus = v.optional(
  v.pipe(
    v.number('must be an HTTP status'),
    v.integer('must be an HTTP status'),
    v.minValue(100, 'must be an HTTP status'),
    v.maxValue(599, 'must be an HTTP status'),
  ),
);

/**
 * The exception a client raises for a server's error description (`cause`: what it came with).
 * When `cause` is http-core's `HttpError` for the answer, the exception is an `HttpError` too,
 * with its facts and the description's `type` as `serviceCode`.
 */
export function exceptionFor(
  description: PapiErrorDescription,
  httpStatus?: number,
  cause?: unknown,
): PushAPIException {
  const d = checkInput(DescriptionSchema, description, 'exceptionFor(description)', 'description');
  checkInput(HttpStatus, httpStatus, 'exceptionFor(httpStatus)', 'httpStatus');
  const Class = PAPI_ERROR_TYPES[d.type] ?? UnknownErrorException;
  return new Class({
    ...(isHttpError(cause)
      ? {
          ...httpErrorOptionsOf(cause),
          serviceCode: d.type,
          serviceMessage: d.shortMessage || d.message || undefined,
        }
      : {}),
    message: `${d.type}: ${d.shortMessage || d.message}`,
    type: d.type,
    shortMessage: d.shortMessage,
    ...(httpStatus === undefined ? {} : { status: httpStatus }),
    ...(cause === undefined ? {} : { cause }),
  });
}

import { isHttpError, isNetworkError, isSdkError, isTimeoutError } from '@connectorkit/http-core';
import { exceptionFor, parseErrorXml } from '../error-xml.js';
import {
  InvalidConnectorException,
  ServerUnavailableException,
  UnknownErrorException,
} from '../errors.js';

/**
 * The recommendation's exception for a failed call: unreachable, timed out, cut short or
 * overloaded is ServerUnavailableException; 401 InvalidConnectorException; a 4xx/5xx with the
 * `<error>` XML the exception its type names; anything else UnknownErrorException. Errors that
 * are already ours (InvalidResponseError) pass through.
 */
export function translateError(error: unknown, connectorName: string): Error {
  if (isNetworkError(error) || isTimeoutError(error)) {
    return new ServerUnavailableException({
      message: `The Push API server cannot be reached: ${error.message}`,
      cause: error,
    });
  }
  if (!isHttpError(error))
    return isSdkError(error)
      ? error
      : new UnknownErrorException({ message: 'The Push API call failed', cause: error });
  if (error.status >= 502 && error.status <= 504) {
    return new ServerUnavailableException({
      message: `The Push API server is unavailable (${error.status})`,
      httpStatus: error.status,
      cause: error,
    });
  }
  if (error.status === 401) {
    return new InvalidConnectorException({
      message: `The server refused the credentials for connector "${connectorName}" (401)`,
      type: 'Unauthorized',
      httpStatus: 401,
      cause: error,
    });
  }
  const description = parseErrorXml(error.body);
  if (description) return exceptionFor(description, error.status, error);
  return new UnknownErrorException({
    message: `The Push API server answered ${error.status}`,
    httpStatus: error.status,
    cause: error,
  });
}

import { isNetworkError, isSdkError, isTimeoutError } from '@connectorkit/http-core';
import { ServerUnavailableException, UnknownErrorException } from '../errors.js';

/**
 * The recommendation's exception for a call that got no answer: unreachable, timed out or cut
 * short is ServerUnavailableException. Answers (4xx, 5xx) became their classes in the service's
 * client already (service.ts); other errors of ours pass through, anything else is an
 * UnknownErrorException.
 */
export function translateError(error: unknown): Error {
  if (isNetworkError(error) || isTimeoutError(error)) {
    return new ServerUnavailableException({
      message: `The Push API server cannot be reached: ${error.message}`,
      cause: error,
    });
  }
  return isSdkError(error)
    ? error
    : new UnknownErrorException({ message: 'The Push API call failed', cause: error });
}

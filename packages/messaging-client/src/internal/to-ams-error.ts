import {
  httpErrorOptionsOf,
  isHttpError,
  isNetworkError,
  isResponseValidationError,
  isTimeoutError,
  REDACTED,
  ResponseValidationError,
  redactSecrets,
} from '@connectorkit/http-core';
import {
  AmsBalancerException,
  AmsConnectionException,
  AmsServiceException,
  isAmsServiceException,
} from '../errors.js';
import { amsService } from '../service.js';

/**
 * What the service's error table cannot say: the call's route (on the error and in its message),
 * a 5xx without the envelope (the balancer's HTML page) as a balancer error, network failures and
 * timeouts as `AmsConnectionException`, and user tokens out of a wrong answer. Others pass through.
 */
export function toAmsError(error: unknown, route: string): unknown {
  if (isHttpError(error)) {
    const Class =
      error.status >= 500 && !amsService.readErrorBody(error.data)
        ? AmsBalancerException
        : isAmsServiceException(error)
          ? (error.constructor as typeof AmsServiceException)
          : AmsServiceException;
    return new Class({ ...httpErrorOptionsOf(error), route });
  }
  if (isResponseValidationError(error)) return withoutUserTokens(error);
  if (isNetworkError(error) || isTimeoutError(error)) {
    return new AmsConnectionException({
      message: `While trying the [${route}]: ${error.message}`,
      route,
      cause: error,
    });
  }
  return error;
}

/** Every string under a `token` key, at any depth (user objects carry the user's token). */
function userTokens(data: unknown, found: string[] = [], depth = 0): string[] {
  if (typeof data !== 'object' || data === null || depth > 64) return found;
  for (const [key, value] of Object.entries(data)) {
    if (key === 'token' && (typeof value === 'string' || typeof value === 'number')) {
      found.push(String(value));
    } else userTokens(value, found, depth + 1);
  }
  return found;
}

/** A copy of `data` with the value of every `token` key redacted (deeper values dropped). */
function maskTokens(data: unknown, depth = 0): unknown {
  if (typeof data !== 'object' || data === null) return data;
  if (depth > 64) return REDACTED;
  if (Array.isArray(data)) return data.map((item) => maskTokens(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    out[key] = key === 'token' ? REDACTED : maskTokens(value, depth + 1);
  }
  return out;
}

/** A user answer of the wrong shape keeps the users' tokens out of the error's data and issues. */
function withoutUserTokens(error: ResponseValidationError): ResponseValidationError {
  const tokens = userTokens(error.data);
  if (tokens.length === 0) return error;
  return new ResponseValidationError({
    method: error.method,
    url: error.url,
    issues: error.issues.map((issue) => ({
      path: redactSecrets(issue.path, tokens),
      message: redactSecrets(issue.message, tokens),
    })),
    data: maskTokens(error.data),
  });
}

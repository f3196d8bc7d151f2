import {
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
  AmsTimeoutException,
} from '../errors.js';

/** Reads `{"error":{"code","message","status"}}`; undefined for anything else (HTML pages). */
export function readEnvelope(
  data: unknown,
): { code: number | undefined; message: string; status: string } | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const error = (data as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, status } = error as {
    code?: unknown;
    message?: unknown;
    status?: unknown;
  };
  return {
    code: typeof code === 'number' ? code : undefined,
    message: typeof message === 'string' ? message : '',
    status: typeof status === 'string' ? status : '',
  };
}

/** Maps an http-core error to the argo-ams-library hierarchy; other errors pass through. */
export function toAmsError(error: unknown, route: string): unknown {
  if (isHttpError(error)) {
    const envelope = readEnvelope(error.data);
    const errorMessage = envelope?.message ?? error.body.trim().slice(0, 512);
    const options = {
      message: `While trying the [${route}]: ${errorMessage || error.statusText} (${error.status}${envelope?.status ? ` ${envelope.status}` : ''})`,
      status: error.status,
      statusText: envelope?.status ?? '',
      serviceCode: envelope?.code ?? error.status,
      errorMessage,
      route,
      retryCount: error.retryCount,
      cause: error,
    };
    if (error.status === 408) return new AmsTimeoutException(options);
    if ([502, 503, 504].includes(error.status) || (!envelope && error.status >= 500)) {
      return new AmsBalancerException(options);
    }
    return new AmsServiceException(options);
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

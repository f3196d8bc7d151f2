import { isHttpError, isNetworkError, isTimeoutError } from '@connectorkit/http-core';
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
  if (isNetworkError(error) || isTimeoutError(error)) {
    return new AmsConnectionException({
      message: `While trying the [${route}]: ${error.message}`,
      route,
      cause: error,
    });
  }
  return error;
}

import {
  type HttpClient,
  type HttpClientOptions,
  isResponseValidationError,
  ResponseValidationError,
  redactSecrets,
} from '@connectorkit/http-core';
import { presignedSecretsIn } from './presigned-url.js';

function redactDeep(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (typeof value !== 'object' || value === null || depth > 64) return value;
  if (Array.isArray(value)) return value.map((x) => redactDeep(x, secrets, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, x]) => [
      redactSecrets(k, secrets),
      redactDeep(x, secrets, depth + 1),
    ]),
  );
}

/**
 * The error a JSON call throws, as this package shows it: a wrong-shaped or unparsable answer
 * that carries a pre-signed upload URL (a file container's) loses the URL's signing values,
 * which are not the call's own secrets and so are unknown to http-core.
 */
export function answerError(error: unknown): unknown {
  if (!isResponseValidationError(error)) return error;
  const secrets = presignedSecretsIn([error.data, error.message, error.issues]);
  if (secrets.length === 0) return error;
  return new ResponseValidationError({
    method: error.method,
    url: redactSecrets(error.url, secrets),
    issues: error.issues.map((i) => ({
      path: redactSecrets(i.path, secrets),
      message: redactSecrets(i.message, secrets),
    })),
    data: redactDeep(error.data, secrets),
  });
}

type JsonMethod = HttpClient['get'];

/** The client with every JSON helper's errors passed through {@link answerError}. */
export function withJsonAnswers(client: HttpClient): HttpClient {
  const wrap = (method: JsonMethod): JsonMethod =>
    (async (path: string, options?: Parameters<JsonMethod>[1]) => {
      try {
        return await method(path, options);
      } catch (error) {
        throw answerError(error);
      }
    }) as JsonMethod;
  return {
    ...client,
    get: wrap(client.get),
    post: wrap(client.post),
    put: wrap(client.put),
    patch: wrap(client.patch),
    delete: wrap(client.delete),
    extend: (more: HttpClientOptions) => withJsonAnswers(client.extend(more)),
  };
}

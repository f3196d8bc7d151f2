import type { HttpClient, RetryOptions } from '@connectorkit/http-core';

/** What every call accepts besides its own parameters. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Overrides the client's retry policy for this call; `false` turns retries off. */
  retry?: RetryOptions | number | false | undefined;
}

/** What the operation groups share. */
export interface OperationContext {
  http: HttpClient;
}

/** The per-call request options taken out of a params object. */
export function callOptions(params: CallOptions): {
  signal?: AbortSignal;
  retry?: RetryOptions | number | false;
} {
  return {
    ...(params.signal ? { signal: params.signal } : {}),
    ...(params.retry !== undefined ? { retry: params.retry } : {}),
  };
}

/** Drops undefined values, so that only what the caller set is sent. */
export function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** Bodies an operation accepts instead of a JSON value (raw IO). */
export type RawBody = string | Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

import type { HttpClient, RetryOptions } from '@connectorkit/http-core';
import type { DocDbLimits } from './json-body.js';
import { layRetry } from './retry.js';

/** What every call accepts besides its own parameters. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  /**
   * This call's retry policy, laid over the client's: `{ limit: 1 }` changes the limit only, a
   * number is the limit, `false` turns retries off.
   */
  retry?: RetryOptions | number | false | undefined;
  /**
   * Headers for this call only (the Cloudant SDK's per-call `headers`), laid over those the
   * operation sets itself and over the client's.
   */
  headers?: Readonly<Record<string, string>> | undefined;
}

/** What the operation groups share. */
export interface OperationContext {
  http: HttpClient;
  /** The client's retry policy, which a call's `retry` is laid over. */
  retry: RetryOptions | false;
  /** Sizes checked before a request is sent. */
  limits: DocDbLimits;
}

/**
 * The per-call request options taken out of a params object, with the operation's own headers
 * (`undefined` values left out) and the caller's `headers` laid over them.
 */
export function callOptions(
  params: CallOptions,
  context: OperationContext,
  own?: Readonly<Record<string, string | undefined>>,
): {
  signal?: AbortSignal;
  retry?: RetryOptions | false;
  headers?: Record<string, string>;
} {
  const headers =
    own === undefined && params.headers === undefined
      ? undefined
      : (defined({ ...own, ...params.headers }) as Record<string, string>);
  return {
    ...(params.signal ? { signal: params.signal } : {}),
    ...(params.retry !== undefined ? { retry: layRetry(params.retry, context.retry) } : {}),
    ...(headers ? { headers } : {}),
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
/** JSON sent as it is (documents, `_bulk_docs`): bytes or a stream, never a string. */
export type RawJson = Exclude<RawBody, string>;

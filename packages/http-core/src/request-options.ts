import type { TimeoutOptions } from './http-client-options.js';
import type { SearchParamsInit } from './internal/url.js';
import type { RetryOptions } from './retry-policy.js';
import type { Schema } from './validate.js';

/** A request body: text, bytes, form data, or a stream (streams are sent once, never retried). */
export type RequestBody =
  | string
  | Uint8Array
  | ArrayBuffer
  | Blob
  | URLSearchParams
  | FormData
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/**
 * One call's options for {@link HttpClient.request}: what to send and how this call differs from
 * the client's defaults. Checked before anything is sent (an `InputValidationError` otherwise).
 */
export interface RequestOptions {
  /** HTTP method, any case (sent upper-cased). @default 'GET' */
  method?: string;
  /** Query parameters appended to the URL (`undefined` and `null` values are left out). */
  searchParams?: SearchParamsInit;
  /** Headers for this call, laid over the client's; an `undefined` value is skipped. */
  headers?: Record<string, string | undefined>;
  /** Serialized with `JSON.stringify`, sent with `content-type: application/json`. */
  json?: unknown;
  /** A raw body, sent as is (give `json` instead for JSON). */
  body?: RequestBody;
  /** Aborts the call, its retries and their waits; the call rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's timeouts for this call. */
  timeout?: number | false | TimeoutOptions;
  /** Overrides the client's retry policy for this call. */
  retry?: RetryOptions | number | false;
  /**
   * Marks the call safe to retry whatever its method (a POST with a client-chosen id), or unsafe
   * whatever its method. @default decided by the retry policy's `methods`
   */
  idempotent?: boolean;
  /**
   * Statuses that resolve instead of throwing an `HttpError` (e.g. `[404]` for an existence check).
   */
  okStatuses?: readonly number[];
  /**
   * Values to redact from this call's errors and log events, besides the auth provider's and the
   * credential headers': e.g. a token the call sends in its URL path. Values shorter than 4
   * characters are not redacted (they would mangle ordinary text).
   */
  secrets?: readonly string[];
}

/** Options of the JSON helpers (`get`, `post`, ...): a request plus an optional response schema. */
export interface JsonRequestOptions<T = unknown> extends Omit<RequestOptions, 'method'> {
  schema?: Schema<T>;
}

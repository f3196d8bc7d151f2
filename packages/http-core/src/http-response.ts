import * as v from 'valibot';
import { ResponseValidationError } from './errors.js';
import type { WireResponse } from './internal/wire-response.js';
import { type Schema, toProblems } from './validate.js';

/** A successful response, read in the form the caller wants. Each body reader may be used once. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Retries the call needed before this response. */
  readonly retryCount: number;
  /** Parsed JSON, validated when a schema is given (and validation is on). Empty body: `undefined`. */
  json<T = unknown>(schema?: Schema<T>): Promise<T>;
  text(): Promise<string>;
  bytes(): Promise<Uint8Array>;
  /** The unparsed body as a web stream (raw IO); empty stream for an empty body. */
  stream(): ReadableStream<Uint8Array>;
  /** The platform response, for what the helpers above do not cover. */
  readonly raw: Response;
}

export function createHttpResponse(
  wire: WireResponse,
  context: { method: string; redactedUrl: () => string; retryCount: number; validate: boolean },
): HttpResponse {
  return {
    status: wire.status,
    // Built on first use: the node:http transport has neither until asked.
    get headers() {
      return wire.headers;
    },
    get raw() {
      return wire.toResponse?.() ?? (wire as Response);
    },
    retryCount: context.retryCount,
    async json<T>(schema?: Schema<T>): Promise<T> {
      const text = await wire.text();
      const data: unknown = text === '' ? undefined : JSON.parse(text);
      if (!schema || !context.validate) return data as T;
      const result = v.safeParse(schema as unknown as v.GenericSchema<unknown, T>, data);
      if (result.success) return result.output;
      throw new ResponseValidationError({
        method: context.method,
        url: context.redactedUrl(),
        issues: toProblems(result.issues),
        data,
      });
    },
    text: () => wire.text(),
    bytes: async () => new Uint8Array(await wire.arrayBuffer()),
    stream: () => wire.body ?? new ReadableStream({ start: (c) => c.close() }),
  };
}

import * as v from 'valibot';
import { ResponseValidationError } from './errors.js';
import { toProblems } from './validate.js';

/** A successful response, read in the form the caller wants. Each body reader may be used once. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Retries the call needed before this response. */
  readonly retryCount: number;
  /** Parsed JSON, validated when a schema is given (and validation is on). Empty body: `undefined`. */
  json<T = unknown>(schema?: v.GenericSchema<unknown, T>): Promise<T>;
  text(): Promise<string>;
  bytes(): Promise<Uint8Array>;
  /** The unparsed body as a web stream (raw IO); empty stream for an empty body. */
  stream(): ReadableStream<Uint8Array>;
  /** The platform response, for what the helpers above do not cover. */
  readonly raw: Response;
}

export function createHttpResponse(
  raw: Response,
  context: { method: string; redactedUrl: () => string; retryCount: number; validate: boolean },
): HttpResponse {
  return {
    status: raw.status,
    headers: raw.headers,
    retryCount: context.retryCount,
    raw,
    async json<T>(schema?: v.GenericSchema<unknown, T>): Promise<T> {
      const text = await raw.text();
      const data: unknown = text === '' ? undefined : JSON.parse(text);
      if (!schema || !context.validate) return data as T;
      const result = v.safeParse(schema, data);
      if (result.success) return result.output;
      throw new ResponseValidationError({
        method: context.method,
        url: context.redactedUrl(),
        issues: toProblems(result.issues),
        data,
      });
    },
    text: () => raw.text(),
    bytes: async () => new Uint8Array(await raw.arrayBuffer()),
    stream: () => raw.body ?? new ReadableStream({ start: (c) => c.close() }),
  };
}

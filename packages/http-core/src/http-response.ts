import * as v from 'valibot';
import { ResponseValidationError, type ValidationProblem } from './errors.js';
import { ERROR_TEXT_LIMIT_CHARS } from './http-client-options.js';
import type { CallSecrets } from './internal/call-secrets.js';
import { parseJsonText } from './internal/json-text.js';
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

/**
 * The `HttpResponse` of one call. A class, so that a response costs one object rather than one
 * object and six closures: its methods, like `Response`'s, are called on the response.
 */
export class ClientResponse implements HttpResponse {
  readonly status: number;
  readonly retryCount: number;
  readonly #wire: WireResponse;
  readonly #method: string;
  readonly #secrets: CallSecrets;
  readonly #validate: boolean;

  constructor(
    wire: WireResponse,
    method: string,
    secrets: CallSecrets,
    retryCount: number,
    validate: boolean,
  ) {
    this.status = wire.status;
    this.retryCount = retryCount;
    this.#wire = wire;
    this.#method = method;
    this.#secrets = secrets;
    this.#validate = validate;
  }

  // Built on first use: the node:http transport has neither until asked.
  get headers(): Headers {
    return this.#wire.headers;
  }

  get raw(): Response {
    return this.#wire.toResponse?.() ?? (this.#wire as Response);
  }

  async json<T>(schema?: Schema<T>): Promise<T> {
    const text = await this.#wire.text();
    const parsed = parseJsonText(text);
    if (!parsed.ok) {
      throw this.#invalid(
        [{ path: '', message: parsed.problem }],
        text.slice(0, ERROR_TEXT_LIMIT_CHARS),
      );
    }
    const data = parsed.value;
    if (!schema || !this.#validate) return data as T;
    let result: v.SafeParseResult<v.GenericSchema<unknown, T>>;
    try {
      result = v.safeParse(schema as unknown as v.GenericSchema<unknown, T>, data);
    } catch (error) {
      // A schema that recurses (or throws) on this body: the body does not fit it.
      throw this.#invalid(
        [{ path: '', message: `the schema failed on this body (${(error as Error).name})` }],
        data,
      );
    }
    if (result.success) return result.output;
    throw this.#invalid(toProblems(result.issues), data);
  }

  #invalid(issues: ValidationProblem[], data: unknown): ResponseValidationError {
    return this.#secrets.scrub(
      new ResponseValidationError({ method: this.#method, url: this.#secrets.url(), issues, data }),
    );
  }

  text(): Promise<string> {
    return this.#wire.text();
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.#wire.arrayBuffer());
  }

  stream(): ReadableStream<Uint8Array> {
    return this.#wire.body ?? new ReadableStream({ start: (c) => c.close() });
  }
}

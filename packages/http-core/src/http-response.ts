import * as v from 'valibot';
import { ResponseValidationError, type ValidationProblem } from './errors.js';
import { ERROR_TEXT_LIMIT_CHARS } from './http-client-options.js';
import type { CallSecrets } from './internal/call-secrets.js';
import type { CallState, ExecuteResult } from './internal/execute.js';
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
  /**
   * The body decoded as UTF-8 text. A body cut short is retried under the call's retry policy,
   * or ends in a `NetworkError`. Rejects when a body reader was already used.
   */
  text(): Promise<string>;
  /** The body as bytes, undecoded; retried like {@link HttpResponse.text} when cut short. */
  bytes(): Promise<Uint8Array>;
  /** The unparsed body as a web stream (raw IO); empty stream for an empty body. */
  stream(): ReadableStream<Uint8Array>;
  /** The platform response, for what the helpers above do not cover. */
  readonly raw: Response;
}

/** Goes on with a call after reading its body failed: retries it and reads the new answer. */
export type ResumeCall = (
  error: unknown,
  state: CallState,
  read: (wire: WireResponse) => Promise<unknown>,
) => Promise<ExecuteResult>;

/** What a response knows of its call. */
export interface ResponseContext {
  method: string;
  secrets: CallSecrets;
  validate: boolean;
  /** Where the call stands, and how to resume it; absent for a response read inside the attempt. */
  state?: CallState;
  resume?: ResumeCall;
}

/**
 * The `HttpResponse` of one call. A class, so that a response costs one object rather than one
 * object and six closures: its methods, like `Response`'s, are called on the response.
 */
export class ClientResponse implements HttpResponse {
  readonly status: number;
  #wire: WireResponse;
  readonly #context: ResponseContext;
  #retryCount: number;
  #read = false;

  constructor(wire: WireResponse, context: ResponseContext) {
    this.status = wire.status;
    this.#wire = wire;
    this.#context = context;
    this.#retryCount = context.state?.retryCount ?? 0;
  }

  get retryCount(): number {
    return this.#retryCount;
  }

  /**
   * Reads the body once. When that fails mid-way (the connection reset after the headers), the
   * call's retry policy decides, as for any network failure: the call is sent again and the new
   * answer read, or a `NetworkError` (saying whether the request may have been applied) thrown.
   */
  async #readBody<T>(read: (wire: WireResponse) => Promise<T>): Promise<T> {
    if (this.#read) throw new TypeError('Body is unusable: Body has already been read');
    this.#read = true;
    try {
      return await read(this.#wire);
    } catch (error) {
      const { state, resume } = this.#context;
      if (!state || !resume) throw error;
      const next = await resume(error, { ...state, retryCount: this.#retryCount }, read);
      this.#wire = next.response;
      this.#retryCount = next.retryCount;
      return next.value as T;
    }
  }

  // Built on first use: the node:http transport has neither until asked.
  get headers(): Headers {
    return this.#wire.headers;
  }

  get raw(): Response {
    return this.#wire.toResponse?.() ?? (this.#wire as Response);
  }

  async json<T>(schema?: Schema<T>): Promise<T> {
    const text = await this.text();
    const parsed = parseJsonText(text);
    if (!parsed.ok) {
      throw this.#invalid(
        [{ path: '', message: parsed.problem }],
        text.slice(0, ERROR_TEXT_LIMIT_CHARS),
      );
    }
    const data = parsed.value;
    if (!schema || !this.#context.validate) return data as T;
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
    const { method, secrets } = this.#context;
    return secrets.scrub(new ResponseValidationError({ method, url: secrets.url(), issues, data }));
  }

  text(): Promise<string> {
    return this.#readBody((wire) => wire.text());
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.#readBody((wire) => wire.arrayBuffer()));
  }

  stream(): ReadableStream<Uint8Array> {
    this.#read = true;
    return this.#wire.body ?? new ReadableStream({ start: (c) => c.close() });
  }
}

import type { AuthContext } from './auth/auth-provider.js';
import { sleep } from './backoff.js';
import {
  DEFAULT_RESPONSE_TIMEOUT_MS,
  type HttpClientOptions,
  type HttpTransport,
  type TimeoutOptions,
} from './http-client-options.js';
import { ClientResponse, type HttpResponse, type ResumeCall } from './http-response.js';
import { base64Utf8 } from './internal/base64.js';
import { CallSecrets } from './internal/call-secrets.js';
import { REQUEST_ID_HEADERS } from './internal/error-body.js';
import { type ExecuteInput, execute, type Send } from './internal/execute.js';
import { createFetchTransport } from './internal/fetch-transport.js';
import { createKyTransport, fetchOver } from './internal/ky-transport.js';
import { LightHeaders } from './internal/light-headers.js';
import { createNodeTransport } from './internal/node-transport.js';
import { checkRequest, serializeJson } from './internal/request-checks.js';
import { buildUrl } from './internal/url.js';
import type { WireResponse } from './internal/wire-response.js';
import { ClientOptionsSchema, describeRefusal } from './options-schema.js';
import { mergePlugins } from './plugins.js';
import type { JsonRequestOptions, RequestBody, RequestOptions } from './request-options.js';
import { layRetryOptions, resolveRetryOptions } from './retry-policy.js';
import { VERSION } from './version.js';

/** A configured HTTP client. Share one across any number of concurrent calls. */
export interface HttpClient {
  /** Sends a request and resolves with the response for any 2xx (or `okStatuses`) status. */
  request(path: string, options?: RequestOptions): Promise<HttpResponse>;
  /**
   * Sends a GET and resolves with the parsed JSON body (`undefined` for an empty body), checked
   * against `options.schema` when given.
   * @throws {InputValidationError} when the path or an option breaks its rule (nothing is sent)
   * @throws {HttpError} for a status outside 2xx and `okStatuses`, once retries are spent
   * @throws {ResponseValidationError} when the body is not JSON or does not fit the schema
   * @throws {NetworkError} when the server cannot be reached or the connection breaks
   * @throws {TimeoutError} when an attempt or the call's deadline runs out
   * @throws {AuthenticationError} when the auth provider cannot obtain credentials
   * @example
   * const info = await http.get('/', { schema: v.object({ version: v.string() }) });
   */
  get<T = unknown>(path: string, options?: JsonRequestOptions<T>): Promise<T>;
  /**
   * Sends a POST (with `options.json` serialized as the body) and resolves with the parsed JSON
   * answer, checked against `options.schema` when given. Retried only with `idempotent: true` or
   * the retry policy's `methods` include POST. Throws as {@link HttpClient.get} does.
   */
  post<T = unknown>(path: string, options?: JsonRequestOptions<T>): Promise<T>;
  /**
   * Sends a PUT (with `options.json` serialized as the body) and resolves with the parsed JSON
   * answer, checked against `options.schema` when given. Throws as {@link HttpClient.get} does.
   */
  put<T = unknown>(path: string, options?: JsonRequestOptions<T>): Promise<T>;
  /**
   * Sends a PATCH (with `options.json` serialized as the body) and resolves with the parsed JSON
   * answer, checked against `options.schema` when given. Throws as {@link HttpClient.get} does.
   */
  patch<T = unknown>(path: string, options?: JsonRequestOptions<T>): Promise<T>;
  /**
   * Sends a DELETE and resolves with the parsed JSON answer (`undefined` for an empty body),
   * checked against `options.schema` when given. Throws as {@link HttpClient.get} does.
   */
  delete<T = unknown>(path: string, options?: JsonRequestOptions<T>): Promise<T>;
  /** Resolves with the status and headers; never reads a body. */
  head(
    path: string,
    options?: Omit<RequestOptions, 'method'>,
  ): Promise<{ status: number; headers: Headers }>;
  /**
   * A new client with these options laid over this one's: headers merged, `retry` laid field by
   * field ({@link layRetryOptions}), plugins with the same name replaced, anything else replaced.
   */
  extend(options: HttpClientOptions): HttpClient;
  /** The options this client was built from (secrets stay inside the auth provider). */
  readonly options: Readonly<HttpClientOptions>;
}

function resolveTimeouts(timeout: HttpClientOptions['timeout']): Required<TimeoutOptions> {
  if (timeout === false) return { response: false, deadline: false };
  if (typeof timeout === 'number') return { response: timeout, deadline: false };
  return {
    response: timeout?.response ?? DEFAULT_RESPONSE_TIMEOUT_MS,
    deadline: timeout?.deadline ?? false,
  };
}

/** A URL's user or password, percent-decoded when it decodes. */
function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function isReplayable(body: RequestBody | undefined): boolean {
  return !(
    body instanceof ReadableStream ||
    (typeof body === 'object' && body !== null && Symbol.asyncIterator in body)
  );
}

function toFetchBody(body: RequestBody | undefined): RequestBody | undefined {
  if (body instanceof ReadableStream || body === undefined || !isAsyncIterable(body)) return body;
  return (
    ReadableStream as unknown as { from(i: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> }
  ).from(body);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** The global fetch as found when this module loaded; see {@link viaTransport}. */
const platformFetch = globalThis.fetch;

/** The global fetch, looked up on each call (a replaced one is used). */
const globalFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

/**
 * The client's transport, unless the global fetch was replaced since this module loaded (a test
 * double, an interceptor): calls then go through that fetch, as they would without a transport.
 */
function viaTransport(options: HttpClientOptions, transport: HttpTransport, fallback: Send): Send {
  const send = transport.connect({ tls: options.tls, fallback }) as Send;
  return (url, init) => (globalThis.fetch === platformFetch ? send : fallback)(url, init);
}

/**
 * Creates the HTTP client every connectorkit package composes: retries with jittered backoff,
 * timeouts, authentication, typed errors with secrets redacted, and plugins.
 * @example
 * const http = createHttpClient({ baseUrl: 'http://127.0.0.1:5984', auth: basicAuth({ username, password }) });
 * const info = await http.get('/');
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  describeRefusal(ClientOptionsSchema, options, 'createHttpClient options');
  const plugins = options.plugins ?? [];
  const hasTransportHooks = plugins.some((p) => p.hooks?.beforeRequest || p.hooks?.afterResponse);
  const viaFetch = createFetchTransport(options.fetch ?? globalFetch);
  let direct = viaFetch;
  if (options.transport && !options.fetch) {
    direct = viaTransport(options, options.transport, viaFetch);
  } else if (options.tls && !options.fetch) {
    // fetch takes no TLS options: HTTPS goes over the node transport with them.
    const overTls = createNodeTransport(options.tls, viaFetch);
    direct = (url, init) => (url.protocol === 'https:' ? overTls : viaFetch)(url, init);
  }
  // The auth provider's token requests go out as the client's do, TLS options included.
  const baseFetch = options.fetch ?? (options.tls ? fetchOver(direct) : globalFetch);
  // Request and response hooks run in ky, which then sends through the chosen transport: a
  // plugin never changes how requests go out.
  const transport = hasTransportHooks
    ? createKyTransport(direct === viaFetch ? baseFetch : fetchOver(direct), plugins)
    : direct;
  const clock = () => Date.now();
  const policy = resolveRetryOptions(options.retry, { now: clock, sleep, random: Math.random });
  const timeouts = resolveTimeouts(options.timeout);
  const validate = options.validateResponses ?? true;
  const defaultHeaders = new LightHeaders(options.headers);
  if (!defaultHeaders.has('user-agent')) {
    defaultHeaders.set('user-agent', options.userAgent ?? `connectorkit-http-core/${VERSION}`);
  }
  if (!defaultHeaders.has('accept')) defaultHeaders.set('accept', 'application/json');
  const authContext: AuthContext = {
    fetch: baseFetch,
    logger: options.logger,
    now: policy.now,
    sleep: policy.sleep,
    random: policy.random,
    timeout: timeouts.response,
    baseUrl: options.baseUrl,
  };
  const secretHeaders = options.secretHeaders?.length
    ? new Set(options.secretHeaders.map((name) => name.toLowerCase()))
    : undefined;
  const env = {
    send: transport,
    auth: options.auth,
    authContext,
    plugins,
    logger: options.logger,
    parseErrorBody: options.parseErrorBody,
    secretHeaders,
    requestIdHeaders: options.requestIdHeaders?.length
      ? [...options.requestIdHeaders.map((name) => name.toLowerCase()), ...REQUEST_ID_HEADERS]
      : REQUEST_ID_HEADERS,
  };

  async function call(
    path: string,
    req: JsonRequestOptions,
    method: string,
    consume?: (response: HttpResponse) => Promise<unknown>,
  ): Promise<{ response: ClientResponse; value: unknown }> {
    checkRequest(path, req, method);
    const url = buildUrl(options.baseUrl, path, req.searchParams);
    const headers = defaultHeaders.clone();
    const extraSecrets: string[] = req.secrets ? [...req.secrets] : [];
    if (url.username || url.password) {
      // fetch refuses URLs with credentials; send them as Basic authentication instead.
      const user = decodeComponent(url.username);
      const pass = decodeComponent(url.password);
      const encoded = base64Utf8(`${user}:${pass}`);
      headers.set('authorization', `Basic ${encoded}`);
      extraSecrets.push(encoded, `${user}:${pass}`, pass, url.password);
      url.username = '';
      url.password = '';
    }
    const secrets = new CallSecrets({
      auth: options.auth,
      headers,
      url,
      extra: extraSecrets,
      secretHeaders,
    });
    if (req.headers) {
      for (const name in req.headers) {
        const value = req.headers[name];
        if (value !== undefined) headers.set(name, value);
      }
    }
    let body = req.body;
    if (req.json !== undefined) {
      body = serializeJson(req.json);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const callTimeouts = req.timeout === undefined ? timeouts : resolveTimeouts(req.timeout);
    const callPolicy =
      req.retry === undefined
        ? policy
        : resolveRetryOptions(layRetryOptions(options.retry, req.retry), {
            now: clock,
            sleep,
            random: Math.random,
          });
    const input: ExecuteInput = {
      method,
      url,
      headers,
      body: toFetchBody(body),
      replayable: isReplayable(body),
      signal: req.signal,
      responseTimeout: callTimeouts.response,
      deadline: callTimeouts.deadline,
      policy: callPolicy,
      idempotent: req.idempotent,
      okStatuses: req.okStatuses,
      secrets,
    };
    const context = { method, secrets, validate };
    // Inside the attempt, a body cut short is retried like any network failure.
    const inAttempt = (wire: WireResponse) =>
      (consume as (r: HttpResponse) => Promise<unknown>)(new ClientResponse(wire, context));
    const result = await execute(consume ? { ...input, consume: inAttempt } : input, env);
    // Read after the call returned, a body cut short resumes the call's retries.
    const resume: ResumeCall = (error, state, read) =>
      execute({ ...input, consume: read }, env, { ...state, error });
    const response = new ClientResponse(result.response, { ...context, state: result, resume });
    return { response, value: result.value };
  }

  async function request(path: string, req: RequestOptions = {}): Promise<HttpResponse> {
    // An invalid method is refused by checkRequest.
    const method = typeof req?.method === 'string' ? req.method.toUpperCase() : 'GET';
    return (await call(path, req, method)).response;
  }

  const jsonCall =
    (method: string) =>
    async <T>(path: string, req: JsonRequestOptions<T> = {}): Promise<T> => {
      const { value } = await call(path, req, method, (response) => response.json(req.schema));
      return value as T;
    };

  return {
    request,
    get: jsonCall('GET'),
    post: jsonCall('POST'),
    put: jsonCall('PUT'),
    patch: jsonCall('PATCH'),
    delete: jsonCall('DELETE'),
    async head(path, req = {}) {
      const response = await request(path, { ...req, method: 'HEAD' });
      await response.raw.body?.cancel().catch(() => {});
      return { status: response.status, headers: response.headers };
    },
    extend(more: HttpClientOptions): HttpClient {
      describeRefusal(ClientOptionsSchema, more, 'extend options');
      return createHttpClient({
        ...options,
        ...more,
        ...(more.retry === undefined ? {} : { retry: layRetryOptions(options.retry, more.retry) }),
        headers: { ...options.headers, ...more.headers },
        plugins: mergePlugins(plugins, more.plugins ?? []),
      });
    },
    options,
  };
}

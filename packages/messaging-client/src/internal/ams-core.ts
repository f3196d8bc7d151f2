import {
  type AuthProvider,
  apiKeyAuth,
  buildPath,
  type HttpClient,
  type RetryOptions,
  type Schema,
  type TlsOptions,
  validateInput,
  x509TokenAuth,
} from '@connectorkit/http-core';
import { MAX_MESSAGE_BYTES } from '../ams-message.js';
import type { ArgoMessagingServiceOptions } from '../argo-messaging-service-options.js';
import { AmsServiceException } from '../errors.js';
import { type AmsRetryKnobs, amsService, knobsToRetry } from '../service.js';
import { ClientOptionsSchema, TokenSchema } from './client-options-schema.js';
import { checkName } from './names.js';
import {
  type AmsMethod,
  type AmsRequestOptions,
  AnyAnswer,
  prepareRequest,
} from './raw-request.js';
import { assertCanPresentCertificate } from './runtime.js';
import { type SwitchableAuth, switchableAuth } from './switchable-auth.js';
import { toAmsError } from './to-ams-error.js';

/**
 * Per-call options: an abort signal, a timeout and headers (argo-ams-library's `**reqkwargs`),
 * and, where the seed has them, its retry knobs.
 */
export interface CallOptions extends AmsRetryKnobs {
  signal?: AbortSignal;
  /** This call's per-attempt response timeout, in milliseconds (the seed's is in seconds). */
  timeout?: number;
  /**
   * Headers for this call (not `x-api-key`: see `assignToken`). Values of credential headers
   * (`authorization`, `cookie`, ...) are redacted from errors and logs like the token (http-core).
   */
  headers?: Record<string, string>;
}

/** The pull options `setPullopt` stores. */
export type PullOption = 'maxMessages' | 'returnImmediately';

/** A call's signal, timeout and headers, without its retry knobs (for a follow-up call). */
export function requestOnly(options: CallOptions): CallOptions {
  const { signal, timeout, headers } = options;
  return {
    ...(signal ? { signal } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    ...(headers ? { headers } : {}),
  };
}

export interface CoreRequest {
  method?: string;
  body?: unknown;
  searchParams?: Record<string, string>;
  /** The caller's options: signal, timeout and headers. */
  options?: CallOptions | undefined;
  retry?: RetryOptions | false;
  idempotent?: boolean;
  /** Per-attempt response timeout for this call, in ms. */
  timeout?: number;
  /** Values this call sends that are secret (a token in the path): cut from its errors and logs. */
  secrets?: readonly string[];
}

const VERBS: Record<string, 'get' | 'post' | 'put' | 'delete'> = {
  GET: 'get',
  POST: 'post',
  PUT: 'put',
  DELETE: 'delete',
};

type Pem = NonNullable<TlsOptions['cert']>;

function baseUrl(endpoint: string): string {
  const url = /^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`;
  return `${url.replace(/\/+$/, '')}/v1`;
}

/** Neither a token, a certificate, `auth` nor a shared client: refused as the seed refuses it. */
function noCredentials(): AmsServiceException {
  const message = 'No certificate provided. No token provided.';
  return new AmsServiceException({
    status: 400,
    statusText: 'Bad Request',
    method: 'GET',
    url: '',
    headers: {},
    data: { error: { code: 400, message, status: 'BAD_REQUEST' } },
    body: '',
    requestId: undefined,
    serviceCode: 'BAD_REQUEST',
    serviceMessage: message,
    retryCount: 0,
    attempts: 0,
    isRetryable: false,
    route: 'auth_x509',
  });
}

/**
 * The state and HTTP plumbing one client shares with its resource modules (topics,
 * subscriptions, ...): each of their calls takes the core as its first argument.
 */
export class AmsCore {
  readonly project: string;
  readonly endpoint: string;
  /** The HTTP client (replaced once by `assignToken` on a shared client made without credentials). */
  http: HttpClient;
  /** The client's retry policy, before any call's knobs. */
  readonly retryBase: RetryOptions;
  readonly warn: (message: string) => void;

  /** The largest message `publish` and the publisher send, as counted by `AmsMessage.wireSize`. */
  readonly maxMessageBytes: number;

  /** The default pull options, as strings, as AMS wants them (`setPullopt`). */
  readonly pullopts: Record<PullOption, string> = { maxMessages: '1', returnImmediately: 'true' };

  #auth: SwitchableAuth | undefined;

  constructor(options: ArgoMessagingServiceOptions) {
    validateInput(ClientOptionsSchema, options, 'ArgoMessagingService options');
    this.project = options.project;
    this.maxMessageBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
    this.endpoint = options.endpoint;
    this.warn = options.warn ?? (() => {});
    this.retryBase = amsService.retry(options.retry) || { limit: 0 };
    const url = baseUrl(options.endpoint);
    let auth: AuthProvider | undefined = options.auth;
    if (options.token) auth = apiKeyAuth({ key: options.token, name: 'x-api-key' });
    else if (options.cert && options.key) {
      assertCanPresentCertificate();
      auth = x509TokenAuth({
        host: new URL(url).hostname,
        ...(options.authnPort !== undefined ? { authnPort: options.authnPort } : {}),
        ...(options.authnUrl !== undefined ? { authnUrl: options.authnUrl } : {}),
        // http-core reads PEM text or any Uint8Array (its option type is narrower).
        tls: { ...options.tls, cert: options.cert as Pem, key: options.key as Pem },
      });
    } else if (!auth && !options.http) throw noCredentials();
    this.#auth = auth && switchableAuth(auth);
    const { fetch, transport, headers, plugins, logger, tls, http, timeout, retry } = options;
    const common = { fetch, transport, headers, plugins, logger, tls, http, timeout, retry };
    // Options left unset stay out: `undefined` would replace a shared client's own.
    this.http = amsService.createHttp(
      Object.fromEntries(
        Object.entries({ ...common, baseUrl: url, auth: this.#auth?.provider }).filter(
          ([, value]) => value !== undefined,
        ),
      ),
    );
  }

  /**
   * Replaces the token (argo-ams-library's `assign_token`): every attempt from now on sends it in
   * `x-api-key`, whether the client was made with a token or a certificate. The old token stays
   * redacted from errors and logs.
   */
  assignToken(token: string): void {
    validateInput(TokenSchema, token, 'token');
    const auth = apiKeyAuth({ key: token, name: 'x-api-key' });
    if (this.#auth) this.#auth.use(auth);
    else {
      // A shared client made without credentials: from now on this client sends the token.
      this.#auth = switchableAuth(auth);
      this.http = this.http.extend({ auth: this.#auth.provider });
    }
  }

  /**
   * A call to a route the client does not wrap (argo-ams-library's `do_get`, `do_post`, ...):
   * `route` is the path after `/v1`, with `{name}` placeholders filled from `params` (`{project}`
   * defaults to the client's). Checked before any request, retried, answered and redacted like
   * every other call; the answer is checked against `schema` when given.
   * @example
   * const schema = await ams.request('GET', '/projects/{project}/schemas/{schema}', {
   *   params: { schema: 'orders' },
   * });
   */
  async request<T = unknown>(
    method: AmsMethod,
    route: string,
    options: AmsRequestOptions<T> = {},
  ): Promise<T> {
    const { path, secrets } = prepareRequest(method, route, options, this.project);
    const retry = this.retryFor(options);
    return this.call(`${method} ${route}`, path, options.schema ?? (AnyAnswer as Schema<T>), {
      method,
      options,
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.searchParams ? { searchParams: options.searchParams } : {}),
      idempotent: options.idempotent ?? method !== 'POST',
      ...(retry ? { retry } : {}),
      ...(secrets.length > 0 ? { secrets } : {}),
    });
  }

  /**
   * Sends one call through http-core's JSON path: the body is read inside the attempt
   * (a body cut short is retried like any network failure on an idempotent call) and checked
   * against the route's wire schema. Failures map to the Ams* hierarchy.
   */
  async call<T>(route: string, path: string, schema: Schema<T>, req: CoreRequest = {}): Promise<T> {
    const method = req.method ?? 'GET';
    const send = this.http[VERBS[method] ?? 'get'];
    const { signal, timeout = req.timeout, headers } = req.options ?? {};
    try {
      return await send<T>(path, {
        schema,
        ...(req.body !== undefined ? { json: req.body } : {}),
        ...(req.searchParams ? { searchParams: req.searchParams } : {}),
        ...(signal ? { signal } : {}),
        ...(headers ? { headers } : {}),
        ...(req.retry !== undefined ? { retry: req.retry } : {}),
        ...(req.idempotent !== undefined ? { idempotent: req.idempotent } : {}),
        ...(timeout !== undefined ? { timeout } : {}),
        ...(req.secrets ? { secrets: req.secrets } : {}),
      });
    } catch (error) {
      throw toAmsError(error, route);
    }
  }

  /** The retry policy of a call that names the seed's knobs. */
  retryFor(options: AmsRetryKnobs): RetryOptions | undefined {
    if (
      options.retry === undefined &&
      options.retrysleep === undefined &&
      options.retrybackoff === undefined
    ) {
      return undefined;
    }
    return knobsToRetry(options, this.retryBase);
  }

  /** `/projects/{project}`, the client's project by default. */
  projectPath(project: string = this.project): string {
    return buildPath('/projects/{project}', { project: checkName(project, 'project') });
  }
}

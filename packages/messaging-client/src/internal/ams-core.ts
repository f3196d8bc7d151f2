import {
  apiKeyAuth,
  buildPath,
  createHttpClient,
  type HttpClient,
  nodeHttpTransport,
  type RetryOptions,
  type Schema,
  validateInput,
  x509TokenAuth,
} from '@connectorkit/http-core';
import { MAX_MESSAGE_BYTES } from '../ams-message.js';
import {
  type AmsRetryKnobs,
  type ArgoMessagingServiceOptions,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  knobsToRetry,
} from '../argo-messaging-service-options.js';
import { AmsServiceException } from '../errors.js';
import { VERSION } from '../version.js';
import { ClientOptionsSchema } from './client-options-schema.js';
import { checkName } from './names.js';
import { readEnvelope, toAmsError } from './to-ams-error.js';

/** Per-call options: an abort signal and, where the seed has them, its retry knobs. */
export interface CallOptions extends AmsRetryKnobs {
  signal?: AbortSignal;
}

export interface CoreRequest {
  method?: string;
  body?: unknown;
  searchParams?: Record<string, string>;
  signal?: AbortSignal | undefined;
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

function baseUrl(endpoint: string): string {
  const url = /^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`;
  return `${url.replace(/\/+$/, '')}/v1`;
}

/** The HTTP plumbing shared by every resource group. */
export class AmsCore {
  readonly project: string;
  readonly endpoint: string;
  /** @internal */
  protected readonly http: HttpClient;
  /** @internal */
  protected readonly retryBase: RetryOptions;
  /** @internal */
  protected readonly warn: (message: string) => void;

  /** The largest message `publish` and the publisher send, as counted by `AmsMessage.wireSize`. */
  readonly maxMessageBytes: number;

  constructor(options: ArgoMessagingServiceOptions) {
    validateInput(ClientOptionsSchema, options, 'ArgoMessagingService options');
    this.project = options.project;
    this.maxMessageBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
    this.endpoint = options.endpoint;
    this.warn = options.warn ?? (() => {});
    const retry = options.retry;
    this.retryBase =
      retry === false
        ? { limit: 0 }
        : typeof retry === 'number'
          ? { ...DEFAULT_RETRY, limit: retry }
          : { ...DEFAULT_RETRY, ...retry };
    const host = new URL(baseUrl(options.endpoint)).hostname;
    let auth: ReturnType<typeof apiKeyAuth>;
    if (options.token) auth = apiKeyAuth({ key: options.token, name: 'x-api-key' });
    else if (options.cert && options.key) {
      auth = x509TokenAuth({
        host,
        ...(options.authnPort !== undefined ? { authnPort: options.authnPort } : {}),
        ...(options.authnUrl !== undefined ? { authnUrl: options.authnUrl } : {}),
        tls: { ...options.tls, cert: options.cert, key: options.key },
      });
    } else {
      throw new AmsServiceException({
        message: 'No certificate provided. No token provided.',
        status: 400,
        statusText: 'BAD_REQUEST',
        errorMessage: 'No certificate provided. No token provided.',
        route: 'auth_x509',
        retryCount: 0,
      });
    }
    this.http = createHttpClient({
      baseUrl: baseUrl(options.endpoint),
      auth,
      retry: this.retryBase,
      timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
      userAgent: `connectorkit-messaging-client/${VERSION}`,
      parseErrorBody: (data) => {
        const envelope = readEnvelope(data);
        return envelope ? { code: envelope.status, message: envelope.message } : undefined;
      },
      // node:http(s) keep-alive unless a fetch is injected: about half fetch's CPU per call.
      ...(options.fetch ? { fetch: options.fetch } : { transport: nodeHttpTransport() }),
      ...(options.tls ? { tls: options.tls } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  /**
   * @internal Sends one call through http-core's JSON path: the body is read inside the attempt
   * (a body cut short is retried like any network failure on an idempotent call) and checked
   * against the route's wire schema. Failures map to the Ams* hierarchy.
   */
  protected async call<T>(
    route: string,
    path: string,
    schema: Schema<T>,
    req: CoreRequest = {},
  ): Promise<T> {
    const method = req.method ?? 'GET';
    const send = this.http[VERBS[method] ?? 'get'];
    try {
      return await send<T>(path, {
        schema,
        ...(req.body !== undefined ? { json: req.body } : {}),
        ...(req.searchParams ? { searchParams: req.searchParams } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
        ...(req.retry !== undefined ? { retry: req.retry } : {}),
        ...(req.idempotent !== undefined ? { idempotent: req.idempotent } : {}),
        ...(req.timeout !== undefined ? { timeout: req.timeout } : {}),
        ...(req.secrets ? { secrets: req.secrets } : {}),
      });
    } catch (error) {
      throw toAmsError(error, route);
    }
  }

  /** @internal The retry policy of a call that names the seed's knobs. */
  protected retryFor(options: AmsRetryKnobs): RetryOptions | undefined {
    if (
      options.retry === undefined &&
      options.retrysleep === undefined &&
      options.retrybackoff === undefined
    ) {
      return undefined;
    }
    return knobsToRetry(options, this.retryBase);
  }

  /** @internal */
  protected projectPath(project: string = this.project): string {
    return buildPath('/projects/{project}', { project: checkName(project, 'project') });
  }
}

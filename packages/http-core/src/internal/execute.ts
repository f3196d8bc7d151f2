import type { AuthContext, AuthProvider } from '../auth/auth-provider.js';
import { computeBackoff, parseRetryAfter } from '../backoff.js';
import { isSdkError, NetworkError, TimeoutError } from '../errors.js';
import type { ServiceErrorInfo } from '../http-client-options.js';
import type { HttpLogger } from '../logger.js';
import type { HttpPlugin } from '../plugins.js';
import type { RequestBody } from '../request-options.js';
import { isRetryableStatus, type ResolvedRetryOptions } from '../retry-policy.js';
import type { CallSecrets } from './call-secrets.js';
import { toHttpError } from './error-body.js';
import type { WireResponse } from './wire-response.js';

/** Errors of connections never established: safe to retry whatever the method. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export type Send = (
  url: URL,
  init: {
    method: string;
    headers: Headers;
    body: RequestBody | undefined;
    signal: AbortSignal | undefined;
    timeout: number | false;
    retryCount: number;
  },
) => Promise<WireResponse>;

export interface ExecuteInput {
  method: string;
  url: URL;
  headers: Headers;
  body: RequestBody | undefined;
  replayable: boolean;
  signal: AbortSignal | undefined;
  responseTimeout: number | false;
  deadline: number | false;
  policy: ResolvedRetryOptions;
  idempotent: boolean | undefined;
  okStatuses: readonly number[] | undefined;
  /** The call's secrets, cut out of every error and log event. */
  secrets: CallSecrets;
  /**
   * Reads the body inside the attempt, so a body cut off mid-way is retried like any other
   * network failure. Without it the response is returned unread.
   */
  consume?: ((response: WireResponse) => Promise<unknown>) | undefined;
}

export interface ExecuteEnv {
  send: Send;
  auth: AuthProvider | undefined;
  authContext: AuthContext;
  plugins: readonly HttpPlugin[];
  logger: HttpLogger | undefined;
  parseErrorBody: ((data: unknown, text: string) => ServiceErrorInfo | undefined) | undefined;
  /** Header names, lower case, whose values are secret besides the usual credential headers. */
  secretHeaders: ReadonlySet<string> | undefined;
  /** Response headers read for the request id of an error answer, in order. */
  requestIdHeaders: readonly string[];
}

/** Where a call stands, so that a body cut short after it returned can resume its retries. */
export interface CallState {
  retryCount: number;
  /** On the policy's clock, for the retry budget. */
  started: number;
  /** On `performance.now()`, for the deadline. */
  startedAt: number;
}

export interface ExecuteResult extends CallState {
  response: WireResponse;
  value: unknown;
}

/**
 * Runs attempts until a response is final, the policy says stop, or the caller aborts. With
 * `resume`, the call goes on after `resume.error` (a body read that failed after the call
 * returned), as if its attempt had failed so: retried if the policy allows, else thrown.
 */
export async function execute(
  input: ExecuteInput,
  env: ExecuteEnv,
  resume?: CallState & { error: unknown },
): Promise<ExecuteResult> {
  const { policy, method } = input;
  const started = resume?.started ?? policy.now();
  const startedAt = resume?.startedAt ?? performance.now();
  let retryCount = resume?.retryCount ?? 0;
  const safeUrl = () => input.secrets.url();
  const deadlineError = () =>
    input.secrets.scrub(
      new TimeoutError({
        method,
        url: safeUrl(),
        retryCount,
        attempts: retryCount + 1,
        timeoutMs: input.deadline || 0,
        kind: 'deadline',
      }),
    );
  const remaining =
    input.deadline === false ? false : input.deadline - (performance.now() - startedAt);
  if (remaining !== false && remaining <= 0) throw deadlineError();
  const deadlineSignal =
    remaining === false ? undefined : AbortSignal.timeout(Math.ceil(remaining));
  const signal =
    deadlineSignal && input.signal
      ? AbortSignal.any([input.signal, deadlineSignal])
      : (deadlineSignal ?? input.signal);
  const fail = async (error: Error): Promise<Error> =>
    input.secrets.scrub(await finalError(error, env.plugins));
  const methodAllowed = input.idempotent ?? policy.methods.includes(method);
  let refreshedAuth = false;
  const authContext = env.auth ? { ...env.authContext, signal } : env.authContext;
  /** What a thrown value means for the call: thrown on at once, or an error to decide on. */
  const failure = (thrown: unknown, responded: boolean): Error => {
    if (input.signal?.aborted) throw input.signal.reason;
    if (deadlineSignal?.aborted) throw deadlineError();
    const error = classify(thrown, input, safeUrl(), retryCount, responded, methodAllowed);
    if (isSdkError(thrown) && !(error instanceof NetworkError || error instanceof TimeoutError)) {
      throw input.secrets.scrub(thrown);
    }
    return error;
  };
  let pending = resume && { thrown: resume.error };

  for (;;) {
    let error: Error;
    let status: number | undefined;
    let retryAfterMs: number | undefined;
    let responded = false;
    if (pending) {
      error = failure(pending.thrown, true);
      pending = undefined;
    } else
      try {
        // The URL and headers belong to this call alone, so providers may set on them directly.
        const { url, headers } = input;
        // Awaited only when a provider is asynchronous: most set a header and return.
        const authenticating = env.auth?.authenticate({ headers, url }, authContext);
        if (authenticating) await authenticating;
        env.logger?.({ type: 'request', method, url: safeUrl(), attempt: retryCount + 1 });
        const t0 = env.logger ? performance.now() : 0;
        const response = await env.send(url, {
          method,
          headers,
          body: input.body,
          signal,
          timeout: input.responseTimeout,
          retryCount,
        });
        responded = true;
        env.logger?.({
          type: 'response',
          method,
          url: safeUrl(),
          status: response.status,
          attempt: retryCount + 1,
          durationMs: performance.now() - t0,
        });
        if (response.ok || input.okStatuses?.includes(response.status)) {
          const value = input.consume ? await input.consume(response) : undefined;
          return { response, retryCount, value, started, startedAt };
        }
        status = response.status;
        if (status === 401 && env.auth?.refresh && !refreshedAuth && input.replayable) {
          refreshedAuth = true;
          env.logger?.({ type: 'auth-refresh', provider: env.auth.type, reason: 'unauthorized' });
          // The 401's body stays readable until a refresh succeeds: a declined one reports it.
          const refreshed = await env.auth.refresh(authContext).catch(async (e: unknown) => {
            await response?.body?.cancel().catch(() => {});
            throw e;
          });
          if (refreshed) {
            await response.body?.cancel().catch(() => {});
            continue;
          }
        }
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), policy.now());
        error = await toHttpError(response, {
          method,
          url: safeUrl(),
          retryCount,
          isRetryable: isRetryableStatus(status, policy),
          parseErrorBody: env.parseErrorBody,
          secrets: input.secrets.collect(),
          secretHeaders: env.secretHeaders,
          requestIdHeaders: env.requestIdHeaders,
        });
      } catch (thrown) {
        status = undefined;
        error = failure(thrown, responded);
      }
    // Before any hook or log sees it.
    input.secrets.scrub(error);

    const delayMs = decideRetry(error, status, retryAfterMs, retryCount, input, methodAllowed);
    const elapsed = policy.now() - started;
    if (delayMs === undefined || elapsed + delayMs > policy.budget) {
      throw await fail(error);
    }
    env.logger?.({
      type: 'retry',
      method,
      url: safeUrl(),
      retryCount: retryCount + 1,
      delayMs,
      reason: status === undefined ? error.name : String(status),
    });
    for (const plugin of env.plugins)
      await plugin.hooks?.beforeRetry?.({ error, retryCount, delayMs });
    try {
      await policy.sleep(delayMs, signal);
    } catch (aborted) {
      if (input.signal?.aborted) throw input.signal.reason;
      if (deadlineSignal?.aborted) throw deadlineError();
      throw aborted;
    }
    retryCount++;
  }
}

function decideRetry(
  error: Error,
  status: number | undefined,
  retryAfterMs: number | undefined,
  retryCount: number,
  input: ExecuteInput,
  methodAllowed: boolean,
): number | undefined {
  const { policy } = input;
  if (retryCount >= policy.limit || !input.replayable) return undefined;
  let retry: boolean;
  if (status !== undefined) {
    // 429 means the server refused to process the request, so any method may be sent again.
    retry = isRetryableStatus(status, policy) && (methodAllowed || status === 429);
  } else if (error instanceof TimeoutError) {
    retry = policy.retryTimeouts && methodAllowed;
  } else {
    const notSent = NOT_SENT_CODES.has(networkCode(error) ?? '');
    retry = policy.retryNetworkErrors && (methodAllowed || notSent);
  }
  const override = policy.shouldRetry?.({
    retryCount,
    method: input.method,
    status,
    error,
    retryAfterMs,
  });
  if (override !== undefined) retry = override;
  if (!retry) return undefined;
  if (retryAfterMs !== undefined) {
    return retryAfterMs > policy.maxRetryAfter ? undefined : retryAfterMs;
  }
  return computeBackoff(retryCount, policy);
}

function networkCode(error: Error): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'NETWORK_ERROR') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function classify(
  thrown: unknown,
  input: ExecuteInput,
  url: string,
  retryCount: number,
  responded: boolean,
  methodAllowed: boolean,
): Error {
  const facts = { method: input.method, url, retryCount, attempts: retryCount + 1 };
  if ((thrown as { name?: unknown })?.name === 'TimeoutError' && !isSdkError(thrown)) {
    return new TimeoutError({ ...facts, timeoutMs: input.responseTimeout || 0, kind: 'attempt' });
  }
  if (isSdkError(thrown)) return thrown;
  // Headers arrived, or bytes may have left: the server may have acted on the request.
  const mayHaveBeenApplied = responded || !NOT_SENT_CODES.has(networkCode(thrown as Error) ?? '');
  return new NetworkError({
    ...facts,
    cause: thrown,
    mayHaveBeenApplied,
    idempotent: methodAllowed,
  });
}

async function finalError(error: Error, plugins: readonly HttpPlugin[]): Promise<Error> {
  let current = error;
  for (const plugin of plugins) {
    const replaced = await plugin.hooks?.beforeError?.({ error: current });
    if (replaced) current = replaced;
  }
  return current;
}

/** State given to `beforeRequest`. Return a `Request` to replace it or a `Response` to answer it. */
export interface BeforeRequestState {
  request: Request;
  retryCount: number;
}
/**
 * State given to `afterResponse`, once per attempt that got a response (any status). Return a
 * `Response` to use instead of this one.
 */
export interface AfterResponseState {
  /** The request as sent. */
  request: Request;
  /** The response of this attempt, before its status is judged. */
  response: Response;
  /** Retries made before this attempt (0 for the first). */
  retryCount: number;
}
/** State given to `beforeRetry`, after a failed attempt and before the wait before its retry. */
export interface BeforeRetryState {
  /** Why the attempt failed (an `HttpError`, `NetworkError` or `TimeoutError`), secrets redacted. */
  error: unknown;
  /** Retries made so far (0 before the first retry). */
  retryCount: number;
  /** The wait before the retry, in ms (backoff or `Retry-After`). */
  delayMs: number;
}
/** State given to `beforeError`, once, when a call is about to fail. */
export interface BeforeErrorState {
  /** The error the call would throw, secrets redacted (or the previous plugin's replacement). */
  error: Error;
}

/** Hooks in the state-object style (ky 2's), whatever ky version runs underneath. */
export interface HttpHooks {
  /**
   * Called before each attempt is sent (retries included). Return a `Request` to send instead,
   * a `Response` to answer without sending, or `undefined` to go on.
   */
  beforeRequest: (
    state: BeforeRequestState,
  ) => Request | Response | undefined | Promise<Request | Response | undefined>;
  /** Called after each attempt that got a response; return a `Response` to replace it. */
  afterResponse: (
    state: AfterResponseState,
  ) => Response | undefined | Promise<Response | undefined>;
  /**
   * Called before each retry's wait, e.g. to count retries. Its result is ignored: veto a retry
   * with `retry.shouldRetry` instead.
   */
  beforeRetry: (state: BeforeRetryState) => void | Promise<void>;
  /** Return a different error to throw instead. */
  beforeError: (state: BeforeErrorState) => Error | undefined | Promise<Error | undefined>;
}

/** A named set of hooks. Names are unique within a client; `extend()` replaces by name. */
export interface HttpPlugin {
  name: string;
  hooks?: Partial<HttpHooks>;
}

/** Appends `extra` to `base`, a plugin of `extra` replacing the one of `base` with the same name. */
export function mergePlugins(
  base: readonly HttpPlugin[],
  extra: readonly HttpPlugin[],
): readonly HttpPlugin[] {
  const replaced = new Map(extra.map((p) => [p.name, p]));
  const merged = base.map((p) => replaced.get(p.name) ?? p);
  for (const p of extra) if (!base.some((b) => b.name === p.name)) merged.push(p);
  return merged;
}

/** Adds an `x-request-id` header (a random UUID) to every request that has none. */
export function requestIdPlugin(header = 'x-request-id'): HttpPlugin {
  return {
    name: 'request-id',
    hooks: {
      beforeRequest({ request }) {
        if (!request.headers.has(header)) request.headers.set(header, crypto.randomUUID());
        return undefined;
      },
    },
  };
}

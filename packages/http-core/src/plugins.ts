/** State given to `beforeRequest`. Return a `Request` to replace it or a `Response` to answer it. */
export interface BeforeRequestState {
  request: Request;
  retryCount: number;
}
export interface AfterResponseState {
  request: Request;
  response: Response;
  retryCount: number;
}
export interface BeforeRetryState {
  error: unknown;
  retryCount: number;
  delayMs: number;
}
export interface BeforeErrorState {
  error: Error;
}

/** Hooks in the state-object style (ky 2's), whatever ky version runs underneath. */
export interface HttpHooks {
  beforeRequest: (
    state: BeforeRequestState,
  ) => Request | Response | undefined | Promise<Request | Response | undefined>;
  afterResponse: (
    state: AfterResponseState,
  ) => Response | undefined | Promise<Response | undefined>;
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

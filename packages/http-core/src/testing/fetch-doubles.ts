/** A scripted answer: a status with optional headers and body, or a network failure. */
export type ScriptedStep =
  | number
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { networkError: string };

/**
 * A `fetch` that plays back `steps` in order (503, 503, 200 ...), then repeats the last one.
 * Objects as `body` are sent as JSON. A `{ networkError: 'ECONNRESET' }` step rejects the way
 * undici does (`TypeError: fetch failed` with a coded cause).
 */
export function scripted(steps: readonly ScriptedStep[]): typeof fetch & { calls: Request[] } {
  const calls: Request[] = [];
  let index = 0;
  const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    calls.push(request);
    if (request.signal.aborted) throw request.signal.reason;
    const step = steps[Math.min(index++, steps.length - 1)];
    if (step === undefined) throw new Error('scripted() needs at least one step');
    if (typeof step === 'object' && 'networkError' in step) {
      const cause = Object.assign(new Error(step.networkError), { code: step.networkError });
      throw new TypeError('fetch failed', { cause });
    }
    const { status, headers, body } = typeof step === 'number' ? { status: step } : step;
    const text = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
    const nullBody = status === 204 || status === 304 || request.method === 'HEAD';
    return new Response(nullBody ? null : text, {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  }) as typeof fetch & { calls: Request[] };
  fn.calls = calls;
  return fn;
}

/** One recorded call. Bodies are read from a clone, so the request still goes through. */
export interface RecordedCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Wraps a fetch and records every call's method, URL, headers and body, in order. */
export function recordCalls(inner: typeof fetch = globalThis.fetch): typeof fetch & {
  calls: RecordedCall[];
} {
  const calls: RecordedCall[] = [];
  const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const body = request.body ? await request.clone().text() : '';
    calls.push({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body,
    });
    return inner(request);
  }) as typeof fetch & { calls: RecordedCall[] };
  fn.calls = calls;
  return fn;
}

/** A route table as a fetch: `'GET /path'` keys, handlers returning a `Response`. */
export function createFetchHandler(
  routes: Record<string, (request: Request, url: URL) => Response | Promise<Response>>,
): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const route = routes[`${request.method} ${url.pathname}`] ?? routes[url.pathname];
    if (!route) return new Response(JSON.stringify({ error: 'not_found' }), { status: 404 });
    return route(request, url);
  };
}

import type { KyInstance } from 'ky';
import type { HttpPlugin } from '../plugins.js';
import type { Send } from './execute.js';

type KyHookOptions = { context?: Record<string, unknown> };
const retryCountOf = (options: KyHookOptions) => Number(options.context?.retryCount ?? 0);

/**
 * The one place that knows ky. Each attempt is one ky call with ky's own retry off (the retry loop
 * in execute.ts owns retries, so that delays, budgets and clocks are injectable) and the plugins'
 * state-style hooks adapted to ky 1's positional ones.
 */
export function createKyTransport(fetchImpl: typeof fetch, plugins: readonly HttpPlugin[]): Send {
  const beforeRequest = plugins.flatMap((p) =>
    p.hooks?.beforeRequest ? [p.hooks.beforeRequest] : [],
  );
  const afterResponse = plugins.flatMap((p) =>
    p.hooks?.afterResponse ? [p.hooks.afterResponse] : [],
  );
  // ky is loaded on first use: at load it probes Request and ReadableStream, which makes Node load
  // undici and web streams (about 13 MB RSS) even in processes that never use a hook.
  let instance: Promise<KyInstance> | undefined;
  const create = async (): Promise<KyInstance> =>
    (await import('ky')).default.create({
      fetch: fetchImpl,
      retry: 0,
      throwHttpErrors: false,
      hooks: {
        beforeRequest: beforeRequest.map(
          (hook) => (request: Request, options: KyHookOptions) =>
            hook({ request, retryCount: retryCountOf(options) }),
        ),
        afterResponse: afterResponse.map(
          (hook) => (request: Request, options: KyHookOptions, response: Response) =>
            hook({ request, response, retryCount: retryCountOf(options) }),
        ),
      },
    });
  return async (url, init) => {
    instance ??= create();
    return (await instance)(url, {
      method: init.method,
      headers: init.headers,
      body: (init.body ?? null) as BodyInit | null,
      signal: init.signal ?? null,
      timeout: init.timeout,
      context: { retryCount: init.retryCount },
    });
  };
}

/**
 * A fetch that sends through a transport, for ky: the hooks see and may replace a `Request`, and
 * what they send goes out the way the client was configured to send (node:http, say), not fetch.
 */
export function fetchOver(send: Send): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    const wire = await send(new URL(request.url), {
      method: request.method,
      headers: request.headers,
      body,
      signal: request.signal,
      timeout: false,
      retryCount: 0,
    });
    return wire.toResponse ? wire.toResponse() : (wire as Response);
  };
}

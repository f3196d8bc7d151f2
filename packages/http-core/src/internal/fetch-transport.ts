import { abortAfter } from './abort-after.js';
import type { Send } from './execute.js';

/**
 * The transport used when no plugin has request or response hooks: one `fetch` per attempt, with
 * the per-attempt timeout as an abort signal. ky 1 builds and clones a `Request` on every call to
 * keep a copy for its own retries, which this layer does not use; bench/http-core measured that at
 * about 1.4x the CPU of plain fetch, so the hook-free path skips it.
 */
export function createFetchTransport(fetchImpl: typeof fetch): Send {
  return async (url, init) => {
    let signal = init.signal;
    let cancelTimeout: (() => void) | undefined;
    let controller: AbortController | undefined;
    if (init.timeout !== false) {
      controller = new AbortController();
      cancelTimeout = abortAfter(controller, init.timeout);
      signal = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
    }
    const body = init.body as BodyInit | undefined;
    try {
      return await fetchImpl(url, {
        method: init.method,
        headers: init.headers,
        ...(body === undefined ? {} : { body, duplex: 'half' }),
        ...(signal ? { signal } : {}),
      } as RequestInit);
    } catch (error) {
      if (controller?.signal.aborted && !init.signal?.aborted) throw controller.signal.reason;
      throw error;
    } finally {
      cancelTimeout?.();
    }
  };
}

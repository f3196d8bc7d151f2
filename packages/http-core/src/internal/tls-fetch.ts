import type { ClientRequest } from 'node:http';
import type { Agent } from 'node:https';
import type * as Stream from 'node:stream';
import type { TlsOptions } from '../http-client-options.js';
import { lazyHttps } from './lazy-https.js';
import { LightHeaders } from './light-headers.js';
import { requireNodeBuiltin } from './runtime.js';

/**
 * A fetch whose connections use the given TLS settings. Node's global fetch takes no TLS options
 * without the undici package, so this is a small fetch over `node:https` with a keep-alive agent.
 */
export function createTlsFetch(tls: TlsOptions): typeof fetch {
  // Client certificates and a private CA need node:https: say so when the client is made.
  const https = lazyHttps();
  const { Readable } = requireNodeBuiltin<typeof Stream>('node:stream', 'tls');
  let agent: Agent | undefined;
  return async (input, init) => {
    const request = new Request(input, init);
    if (request.url.startsWith('http:')) return globalThis.fetch(request);
    agent ??= new https.Agent({ keepAlive: true, ...tls });
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    // node:https gets a signal of its own: when request() throws (Deno without --allow-sys, a bad
    // key) it keeps its abort listener, and on Deno a listened-to AbortSignal.timeout holds the
    // process open until it fires. The forwarding listener here is removed either way.
    const { signal } = request;
    const abort = new AbortController();
    const forward = () => abort.abort(signal.reason);
    const release = () => signal.removeEventListener('abort', forward);
    if (signal.aborted) forward();
    else signal.addEventListener('abort', forward, { once: true });
    return new Promise<Response>((resolve, reject) => {
      const fail = (cause: unknown) => reject(new TypeError('fetch failed', { cause }));
      let req: ClientRequest;
      try {
        req = https.request(
          request.url,
          {
            method: request.method,
            headers: Object.fromEntries(request.headers),
            agent,
            signal: abort.signal,
          },
          (res) => {
            const headers = LightHeaders.fromRaw(res.rawHeaders);
            const status = res.statusCode ?? 500;
            const nullBody = request.method === 'HEAD' || status === 204 || status === 304;
            if (nullBody) res.resume();
            resolve(
              new Response(nullBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
                status,
                statusText: res.statusMessage ?? '',
                headers,
              }),
            );
          },
        );
      } catch (cause) {
        release();
        fail(cause);
        return;
      }
      req.once('close', release);
      req.on('error', fail);
      req.end(body);
    });
  };
}

import type * as Http from 'node:http';
import type { TlsOptions } from '../http-client-options.js';
import { abortAfter } from './abort-after.js';
import type { Send } from './execute.js';
import { createFetchTransport } from './fetch-transport.js';
import { fetchOver } from './ky-transport.js';
import { lazyHttps } from './lazy-https.js';
import { LightHeaders } from './light-headers.js';
import { NodeResponse } from './node-response.js';
import { nodeBuiltin, onNode } from './runtime.js';

type Init = Parameters<Send>[1];
type RequestFn = typeof Http.request;

// Idle sockets close after 4 s, as with undici's default dispatcher.
const KEEP_ALIVE = { keepAlive: true, timeout: 4_000, scheduling: 'lifo' as const };
const shared: Partial<Record<'http:' | 'https:', Http.Agent>> = {};
const REDIRECTS = [301, 302, 303, 307, 308];

/**
 * Sends over `node:http`/`node:https` with keep-alive agents: no `Request`, no web streams and no
 * `Response` unless someone asks for one. Plain HTTP and HTTPS go this way on Node.js only (Deno,
 * Bun and browsers send them with their own fetch). TLS options need `node:https` wherever it
 * exists, since fetch takes none: HTTPS with them goes this way on Deno and Bun too, and where
 * there is no `node:https` (a browser) they are refused here, with a `ConfigError`.
 *
 * What it does not do itself goes to `fallback` (fetch): streamed and form bodies before sending,
 * and GET or HEAD redirects (other methods get the 3xx, as sending them again could repeat a
 * write). Under TLS options, which fetch would drop, such bodies are read into bytes and sent here,
 * and redirects are not followed.
 */
export function createNodeTransport(tls: TlsOptions | undefined, fallback: Send): Send {
  const http = onNode ? nodeBuiltin<typeof Http>('node:http') : undefined;
  const https = tls ? lazyHttps() : undefined;
  if (!http && !https) return fallback;
  let tlsAgent: Http.Agent | undefined;
  return (url, init) => {
    const { protocol } = url;
    const withTls = https !== undefined && protocol === 'https:';
    let agent: Http.Agent | undefined;
    let request: RequestFn;
    if (withTls) {
      tlsAgent ??= new https.Agent({ ...KEEP_ALIVE, ...tls });
      agent = tlsAgent;
      request = https.request;
    } else if (http && protocol === 'http:') {
      agent = shared['http:'] ??= new http.Agent(KEEP_ALIVE);
      request = http.request;
    } else if (http && protocol === 'https:') {
      const node = lazyHttps();
      agent = shared['https:'] ??= new node.Agent(KEEP_ALIVE);
      request = node.request;
    } else return fallback(url, init);
    const { body, method } = init;
    // Anything else goes to fetch, which also refuses a body on GET and HEAD.
    const plain =
      body === undefined ||
      ((typeof body === 'string' || body instanceof Uint8Array) &&
        method !== 'GET' &&
        method !== 'HEAD');
    if (plain) return sendNode(url, init, agent, request, withTls ? undefined : fallback);
    if (!withTls) return fallback(url, init);
    return asBytes(url, init).then((bytes) => sendNode(url, bytes, agent, request, undefined));
  };
}

/**
 * A fetch over the node transport with these TLS options, for token requests that present a
 * client certificate (`x509TokenAuth`); plain HTTP goes through the global fetch where Node.js
 * does not run.
 */
export function createNodeFetch(tls: TlsOptions): typeof fetch {
  const viaFetch = createFetchTransport((input, init) => globalThis.fetch(input, init));
  return fetchOver(createNodeTransport(tls, viaFetch));
}

/** A streamed, blob or form body as bytes, with the content type it implies, as fetch sends it. */
async function asBytes(url: URL, init: Init): Promise<Init> {
  // Refuses a body on GET and HEAD with fetch's TypeError.
  const request = new Request(url, {
    method: init.method,
    headers: init.headers,
    body: init.body as BodyInit,
    duplex: 'half',
  } as RequestInit);
  return { ...init, headers: request.headers, body: new Uint8Array(await request.arrayBuffer()) };
}

/**
 * One request over `node:http(s)`. A GET or HEAD redirect goes to `redirects` (fetch, which
 * follows it); without one the 3xx is the answer.
 */
function sendNode(
  url: URL,
  init: Init,
  agent: Http.Agent,
  request: RequestFn,
  redirects: Send | undefined,
): ReturnType<Send> {
  const { body, method, signal, timeout } = init;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate' };
  if (init.headers instanceof LightHeaders) init.headers.copyInto(headers);
  else for (const [name, value] of init.headers) headers[name] = value;
  if (typeof body === 'string') headers['content-type'] ??= 'text/plain;charset=UTF-8';
  return new Promise((resolve, reject) => {
    let response: NodeResponse | undefined;
    let req: Http.ClientRequest;
    let cancelTimeout: (() => void) | undefined;
    const detach = () => signal?.removeEventListener('abort', onAbort);
    const fail = (error: unknown) => {
      cancelTimeout?.();
      detach();
      req.destroy();
      reject(error);
    };
    function onAbort(): void {
      if (!response) fail(signal?.reason);
      else {
        detach();
        response.fail(signal?.reason);
      }
    }
    const { hostname } = url;
    try {
      // Options rather than the URL: node would convert the URL on every call. The caller's
      // signal is not given to node: a request that throws here (Deno without --allow-sys, a bad
      // key) would keep node's listener on it, and on Deno a listened-to AbortSignal.timeout
      // holds the process open until it fires. This function's listener is added only once the
      // request exists, and removed when it ends.
      req = request(
        {
          hostname: hostname[0] === '[' ? hostname.slice(1, -1) : hostname,
          port: url.port,
          path: url.pathname + url.search,
          method,
          headers,
          agent,
        },
        (message) => {
          cancelTimeout?.();
          const status = message.statusCode ?? 0;
          if (
            redirects &&
            (method === 'GET' || method === 'HEAD') &&
            REDIRECTS.includes(status) &&
            message.headers.location
          ) {
            message.resume();
            detach();
            resolve(redirects(url, init));
            return;
          }
          response = new NodeResponse(
            message,
            method === 'HEAD' || status === 204 || status === 304,
          );
          // The abort listener stays until the body was read or dropped.
          if (signal) message.once('close', detach);
          resolve(response);
        },
      );
    } catch (cause) {
      reject(new TypeError('fetch failed', { cause }));
      return;
    }
    // A plain abortable, not an AbortController: one fewer signal and listener per request.
    if (timeout !== false) cancelTimeout = abortAfter({ abort: fail }, timeout);
    // A network failure in the shape fetch gives it, so errors read the same either way.
    req.on('error', (cause) => fail(new TypeError('fetch failed', { cause })));
    signal?.addEventListener('abort', onAbort, { once: true });
    req.end(body);
  });
}

import type * as Http from 'node:http';
import type { TlsOptions } from '../http-client-options.js';
import { abortAfter } from './abort-after.js';
import type { Send } from './execute.js';
import { lazyHttps } from './lazy-https.js';
import { LightHeaders } from './light-headers.js';
import { NodeResponse } from './node-response.js';
import { nodeBuiltin, onNode } from './runtime.js';

type Agents = Partial<Record<string, Http.Agent>>;

// Idle sockets close after 4 s, as with undici's default dispatcher.
const KEEP_ALIVE = { keepAlive: true, timeout: 4_000, scheduling: 'lifo' as const };
const shared: Agents = {};

/** The keep-alive agent for a protocol, made on first use (so `node:https` loads only for HTTPS). */
function agentFor(
  http: typeof Http,
  protocol: string,
  tls: TlsOptions | undefined,
  own: Agents,
): Http.Agent | undefined {
  if (protocol === 'http:') {
    shared['http:'] ??= new http.Agent(KEEP_ALIVE);
    return shared['http:'];
  }
  if (protocol !== 'https:') return undefined;
  const pool = tls ? own : shared;
  pool['https:'] ??= new (lazyHttps().Agent)({ ...KEEP_ALIVE, ...tls });
  return pool['https:'];
}

/**
 * Sends over `node:http`/`node:https` with keep-alive agents: no `Request`, no web streams and no
 * `Response` unless someone asks for one. What it does not do itself goes to `fallback` (fetch):
 * streamed and form bodies before sending, and GET or HEAD redirects (other methods get the 3xx,
 * as sending them again could repeat a write).
 */
export function createNodeTransport(tls: TlsOptions | undefined, fallback: Send): Send {
  // Deno, Bun and browsers send with their own fetch.
  const http = onNode ? nodeBuiltin<typeof Http>('node:http') : undefined;
  if (!http) return fallback;
  const own: Agents = {};
  return (url, init) => {
    const { body, method, signal, timeout } = init;
    const agent = agentFor(http, url.protocol, tls, own);
    // Anything else goes to fetch, which also refuses a body on GET and HEAD.
    const plain =
      body === undefined ||
      ((typeof body === 'string' || body instanceof Uint8Array) &&
        method !== 'GET' &&
        method !== 'HEAD');
    if (!agent || !plain) return fallback(url, init);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate' };
    if (init.headers instanceof LightHeaders) init.headers.copyInto(headers);
    else for (const [name, value] of init.headers) headers[name] = value;
    if (typeof body === 'string') headers['content-type'] ??= 'text/plain;charset=UTF-8';
    return new Promise((resolve, reject) => {
      let response: NodeResponse | undefined;
      // A plain abortable, not an AbortController: one fewer signal and listener per request.
      const timer = { abort: (reason: unknown) => fail(reason) };
      const cancelTimeout = timeout === false ? undefined : abortAfter(timer, timeout);
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
      // Options rather than the URL: node would convert the URL on every call.
      const options = {
        hostname: hostname[0] === '[' ? hostname.slice(1, -1) : hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers,
        agent,
      };
      const send = url.protocol === 'https:' ? lazyHttps().request : http.request;
      const req = send(options, (message) => {
        cancelTimeout?.();
        const status = message.statusCode ?? 0;
        if (
          (method === 'GET' || method === 'HEAD') &&
          [301, 302, 303, 307, 308].includes(status) &&
          message.headers.location
        ) {
          message.resume();
          detach();
          resolve(fallback(url, init));
          return;
        }
        response = new NodeResponse(message, method === 'HEAD' || status === 204 || status === 304);
        // The abort listener stays until the body was read or dropped.
        if (signal) message.once('close', detach);
        resolve(response);
      });
      // A network failure in the shape fetch gives it, so errors read the same either way.
      req.on('error', (cause) => fail(new TypeError('fetch failed', { cause })));
      signal?.addEventListener('abort', onAbort, { once: true });
      req.end(body);
    });
  };
}

import type { HttpTransport } from './http-client-options.js';
import type { Send } from './internal/execute.js';
import { createNodeTransport } from './internal/node-transport.js';

/**
 * A transport on `node:http` and `node:https` with keep-alive agents, for `createHttpClient`'s
 * `transport` option. For small JSON calls it costs about half the client CPU of the global fetch
 * (bench/doc-db-client), as it builds no `Request`, no web streams and no `Response` unless one
 * is asked for (`HttpResponse.raw`). What callers see stays fetch's: `accept-encoding: gzip,
 * deflate` with the body decoded, network errors as `TypeError('fetch failed')` with the cause,
 * aborts with the signal's reason, and the per-attempt `response` timeout covering connecting too
 * (there is no separate 10 s connect timeout as in undici). Streamed, `Blob`, `FormData` and
 * `URLSearchParams` bodies, and GET or HEAD redirects, go through fetch; redirects of other
 * methods are not followed (the 3xx is an `HttpError`). While the global fetch is replaced (a test
 * double, an interceptor), every call goes through it instead.
 *
 * The same transport serves HTTPS with the client's `tls` options (CA, client certificate and key,
 * `rejectUnauthorized`), on Deno and Bun too, and its token requests (`x509TokenAuth`): those
 * bodies are sent as bytes and redirects are not followed, since fetch would drop the options.
 * @example
 * const http = createHttpClient({ baseUrl, transport: nodeHttpTransport() });
 */
export function nodeHttpTransport(): HttpTransport {
  return {
    name: 'node:http',
    connect: ({ tls, fallback }) => createNodeTransport(tls, fallback as Send),
  };
}

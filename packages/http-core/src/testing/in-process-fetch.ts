import { createServer, type IncomingMessage, request as sendRequest } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { answerErrors } from './answer-errors.js';
import type { NodeHandler } from './loopback-server.js';
import { socketPair } from './socket-pair.js';

const NULL_BODY = new Set([101, 103, 204, 205, 304]);
// Headers Node.js's fetch adds when a request has none of its own.
const FETCH_DEFAULTS: Record<string, string> = {
  accept: '*/*',
  'accept-language': '*',
  'sec-fetch-mode': 'cors',
  'user-agent': 'node',
  'accept-encoding': 'gzip, deflate',
};

function decoded(message: IncomingMessage): Readable {
  const coding = String(message.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (coding !== 'gzip' && coding !== 'deflate') return message;
  return pipeline(message, coding === 'gzip' ? createGunzip() : createInflate(), () => {});
}

/** A web stream over the answer that fails as fetch's does when cut off (`TypeError: terminated`). */
function bodyStream(source: Readable, signal: AbortSignal): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value));
      } catch (cause) {
        controller.error(signal.aborted ? signal.reason : new TypeError('terminated', { cause }));
      }
    },
    cancel: () => {
      source.destroy();
    },
  });
}

/**
 * A `fetch` answered by `handler` in this process: each request is written as HTTP/1.1 to a
 * `node:http` server over an in-memory connection (no port, no socket), so the handler gets a real
 * `IncomingMessage` and `ServerResponse` and a fault that resets, stalls or cuts the connection
 * fails the call as it fails over the network (`TypeError: fetch failed`, or `terminated` mid-body).
 * An `https:` URL is served as if over TLS (`req.socket.encrypted`). Answers are not decompressed
 * beyond gzip and deflate, and redirects are handed back as they are, not followed.
 */
export function createInProcessFetch(handler: NodeHandler): typeof fetch {
  const server = createServer(answerErrors(handler));
  return async (input, init) => {
    const request = new Request(input, init);
    const { signal } = request;
    signal.throwIfAborted();
    const url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new TypeError('fetch failed', { cause: new Error(`scheme ${url.protocol}`) });
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const headers: Record<string, string> = { ...FETCH_DEFAULTS, host: url.host };
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body) headers['content-length'] = String(body.byteLength);
    else if (['POST', 'PUT', 'PATCH'].includes(request.method)) headers['content-length'] = '0';
    const [clientEnd, serverEnd] = socketPair();
    if (url.protocol === 'https:') Object.assign(serverEnd, { encrypted: true });
    server.emit('connection', serverEnd);
    const message = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = sendRequest({
        method: request.method,
        path: url.pathname + url.search,
        headers,
        setHost: false,
        createConnection: () => clientEnd,
      });
      const onAbort = () => outgoing.destroy();
      signal.addEventListener('abort', onAbort, { once: true });
      outgoing.once('response', (answer) => {
        answer.once('close', () => signal.removeEventListener('abort', onAbort));
        resolve(answer);
      });
      outgoing.once('error', (cause) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? signal.reason : new TypeError('fetch failed', { cause }));
      });
      outgoing.end(body);
    });
    const status = message.statusCode ?? 0;
    const answerHeaders = new Headers();
    const raw = message.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2)
      answerHeaders.append(raw[i] as string, raw[i + 1] as string);
    const empty = request.method === 'HEAD' || NULL_BODY.has(status);
    if (empty) message.resume();
    const response = new Response(empty ? null : bodyStream(decoded(message), signal), {
      status,
      statusText: message.statusMessage ?? '',
      headers: answerHeaders,
    });
    Object.defineProperty(response, 'url', { value: request.url });
    return response;
  };
}

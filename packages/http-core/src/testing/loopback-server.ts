import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { answerErrors } from './answer-errors.js';

/** A `node:http` request handler. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
/** A fetch-style handler: a web `Request` in, a web `Response` out. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** A running server started by {@link startLoopbackServer}; `close()` it after the test. */
export interface LoopbackServer {
  /** Base URL such as `http://127.0.0.1:49152` (no trailing slash). */
  url: string;
  /** The port it listens on (the free one chosen when asked for 0). */
  port: number;
  /** Closes the server and destroys every open connection. */
  close(): Promise<void>;
  /** Connections currently open (to check that clients reuse keep-alive sockets). */
  connectionCount(): number;
  /** Connections accepted since start. */
  totalConnections(): number;
}

/** Options of {@link startLoopbackServer}: the port, and TLS for an HTTPS server. */
export interface LoopbackServerOptions {
  /** Port to listen on. @default 0 (any free port) */
  port?: number;
  /** Serve HTTPS with this key and certificate (see `createSelfSignedCertificate`). */
  tls?: { key: string; cert: string; ca?: string; requestCert?: boolean };
}

/**
 * Starts a server on 127.0.0.1 for tests and simulators. Accepts a `node:http` handler or, through
 * {@link toNodeHandler}, a fetch-style one.
 */
export async function startLoopbackServer(
  handler: NodeHandler,
  options: LoopbackServerOptions = {},
): Promise<LoopbackServer> {
  const onRequest = answerErrors(handler);
  const server = options.tls
    ? createHttpsServer(
        {
          key: options.tls.key,
          cert: options.tls.cert,
          ...(options.tls.ca ? { ca: options.tls.ca } : {}),
          requestCert: options.tls.requestCert ?? false,
          rejectUnauthorized: false,
        },
        onRequest,
      )
    : createServer(onRequest);
  server.keepAliveTimeout = 30_000;
  const sockets = new Set<Socket>();
  let total = 0;
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    total++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    connectionCount: () => sockets.size,
    totalConnections: () => total,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Adapts a fetch-style handler to `node:http`, streaming both bodies. */
export function toNodeHandler(handler: FetchHandler): NodeHandler {
  return async (req, res) => {
    const host = req.headers.host ?? '127.0.0.1';
    // A TLS server hands out https:// URLs (upload URLs, Location headers built from req.url).
    const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
    const url = `${scheme}://${host}${req.url ?? '/'}`;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.set(name, value);
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const chunks: Buffer[] = [];
    if (hasBody) for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = new Request(url, {
      method: req.method ?? 'GET',
      headers,
      ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
    });
    const response = await handler(request);
    const outHeaders: Record<string, string | string[]> = {};
    response.headers.forEach((value, name) => {
      if (name === 'set-cookie') outHeaders[name] = response.headers.getSetCookie();
      else outHeaders[name] = value;
    });
    res.writeHead(
      response.status,
      response.statusText || STATUS_CODES[response.status] || '',
      outHeaders,
    );
    if (!response.body || req.method === 'HEAD') {
      res.end();
      return;
    }
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      res.write(chunk);
    }
    res.end();
  };
}

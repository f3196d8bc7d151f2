import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NodeHandler } from './loopback-server.js';

/**
 * Lets a browser page on any origin call a simulator: a request with an `Origin` header gets
 * `Access-Control-Allow-Origin` (that origin, with credentials allowed) and every response header
 * exposed, and a preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered 204 with
 * the method and headers it asked for. A request without `Origin` is answered exactly as before,
 * so what a server-side client sees does not change.
 */
export function withCors(handler: NodeHandler): NodeHandler {
  return (req: IncomingMessage, res: ServerResponse) => {
    const origin = req.headers.origin;
    if (origin === undefined) return handler(req, res);
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('vary', 'Origin');
    const method = req.headers['access-control-request-method'];
    if (req.method === 'OPTIONS' && method !== undefined) {
      res.writeHead(204, {
        'access-control-allow-methods': method,
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const writeHead = res.writeHead;
    // Expose every header the simulator sets (ETag, Location, Retry-After, ...), as a browser
    // hides all but a few otherwise.
    res.writeHead = function (this: ServerResponse, ...args: Parameters<typeof writeHead>) {
      const names = new Set(this.getHeaderNames());
      const given = args.find((a, i) => i > 0 && typeof a === 'object' && a !== null);
      if (given && !Array.isArray(given)) for (const name of Object.keys(given)) names.add(name);
      names.delete('access-control-allow-origin');
      this.setHeader('access-control-expose-headers', [...names].join(', ') || '*');
      return writeHead.apply(this, args);
    } as typeof writeHead;
    return handler(req, res);
  };
}

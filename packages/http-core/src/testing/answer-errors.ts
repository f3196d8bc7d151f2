import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NodeHandler } from './loopback-server.js';

/**
 * Runs a handler so that a throw or a rejection becomes a 500 (or a dropped connection once the
 * headers went out), on a socket and in process alike.
 */
export function answerErrors(handler: NodeHandler) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const fail = (error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'internal_error', reason: String(error) }));
      } else res.destroy();
    };
    try {
      Promise.resolve(handler(req, res)).catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

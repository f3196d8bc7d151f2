import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimResponse } from './sim-responses.js';

/** What the simulator reads from a request, whether it came through `fetch` or a socket. */
export interface SimRequest {
  method: string;
  url: URL;
  header(name: string): string | null;
  body(): Promise<string>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves the simulator on a node socket without going through `Request`/`Response` objects, so
 * that the simulator costs little next to the client under test (the benchmark measures clients).
 */
export function nodeHandler(
  serve: (request: SimRequest) => Promise<SimResponse>,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const answer = await serve({
      method: req.method ?? 'GET',
      url,
      header: (name) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value.join(', ') : (value ?? null);
      },
      body: () => readBody(req),
    });
    res.writeHead(answer.status, {
      ...answer.headers,
      'content-length': String(Buffer.byteLength(answer.body)),
    });
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  };
}

import type { IncomingMessage } from 'node:http';
import {
  type LoopbackServer,
  type NodeHandler,
  startLoopbackServer,
} from '@connectorkit/http-core/testing';

/** One request as the server received it. */
export interface ReceivedRequest {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

export interface RecordingServer extends LoopbackServer {
  /** Requests received since the last `clear()`. */
  readonly requests: ReceivedRequest[];
  clear(): void;
}

/**
 * A loopback server that records every request (its body read first, then handed on) before
 * `handler` answers it: the count that proves "no request", and what a request carried.
 */
export async function startRecordingServer(handler: NodeHandler): Promise<RecordingServer> {
  const requests: ReceivedRequest[] = [];
  const server = await startLoopbackServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      contentType: req.headers['content-type'],
      body: body.toString('utf8'),
    });
    // The body was read here: the handler reads it again from this one chunk.
    (req as IncomingMessage & { [Symbol.asyncIterator]: unknown })[Symbol.asyncIterator] =
      async function* () {
        if (body.length > 0) yield body;
      };
    await handler(req, res);
  });
  return Object.assign(server, {
    requests,
    clear: () => {
      requests.length = 0;
    },
  });
}

/**
 * What makes a request well-formed: no dot segment in its path, a query that parses, and a JSON
 * body (when it says it is JSON) that parses. Returns what is wrong, or `undefined`.
 */
export function malformation(request: ReceivedRequest): string | undefined {
  const [path = '', query = ''] = request.url.split('?');
  const segments = path.split('/').map((s) => s.toLowerCase());
  if (segments.some((s) => s === '.' || s === '..' || s === '%2e' || s === '%2e%2e')) {
    return `dot segment in ${request.url}`;
  }
  try {
    decodeURIComponent(query.replace(/\+/g, ' '));
  } catch {
    return `query not valid percent-encoded UTF-8: ${query.slice(0, 80)}`;
  }
  if (request.contentType?.startsWith('application/json') && request.body !== '') {
    try {
      JSON.parse(request.body);
    } catch {
      return `body is not JSON: ${request.body.slice(0, 80)}`;
    }
  }
  return undefined;
}

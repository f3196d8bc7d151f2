import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';

/** Writes a JSON answer with CouchDB's headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'must-revalidate',
    'x-couch-request-id': randomUUID().slice(0, 10),
    server: 'CouchDB/3.3.3 (connectorkit simulator)',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** CouchDB's error envelope. */
export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  reason: string,
): void {
  sendJson(res, status, { error, reason });
}

/** Reads the whole request body as text, gzip or deflate bodies included (the Cloudant SDK gzips). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
  if (encoding === 'gzip') return gunzipSync(raw).toString('utf8');
  if (encoding === 'deflate') return inflateSync(raw).toString('utf8');
  return raw.toString('utf8');
}

/** Thrown by handlers to answer with an error envelope. */
export class CouchHttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Parses a JSON body; anything else is CouchDB's 400 `bad_request`. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new CouchHttpError(400, 'bad_request', 'invalid UTF-8 JSON');
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

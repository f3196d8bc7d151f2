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
    server: 'CouchDB/3.5.0 (connectorkit simulator)',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A HEAD answer: the headers a GET would carry, no body. */
export function sendHead(
  res: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'must-revalidate',
    server: 'CouchDB/3.5.0 (connectorkit simulator)',
    ...headers,
  });
  res.end();
}

/** couch_util:url_encode: letters, digits, `_`, `.`, `-` and `:` as they are, every other byte as `%XX`. */
export function couchUrlEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const safe =
      (byte >= 0x61 && byte <= 0x7a) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x30 && byte <= 0x39) ||
      byte === 0x5f ||
      byte === 0x2e ||
      byte === 0x2d ||
      byte === 0x3a;
    out += safe
      ? String.fromCharCode(byte)
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The absolute URL CouchDB puts in `Location`: the request's scheme (`https` over TLS) and host,
 * then each segment encoded.
 */
export function locationOf(req: IncomingMessage, ...segments: string[]): string {
  const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  return `${scheme}://${req.headers.host ?? 'localhost'}/${segments.map(couchUrlEncode).join('/')}`;
}

/** CouchDB's error envelope; its 500s for crashes carry a `ref` to find them in the log. */
export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  reason: string,
): void {
  const ref = status === 500 && error === 'unknown_error' ? { ref: refOf(reason) } : {};
  sendJson(res, status, { error, reason, ...ref });
}

function refOf(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  return h;
}

/** couch_httpd:validate_ctype: a body CouchDB reads as JSON must say so (415 otherwise). */
export function requireJsonContent(req: IncomingMessage): void {
  const type = String(req.headers['content-type'] ?? '');
  if ((type.split(';')[0] ?? '').trim().toLowerCase() !== 'application/json')
    throw new CouchHttpError(415, 'bad_content_type', 'Content-Type must be application/json');
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

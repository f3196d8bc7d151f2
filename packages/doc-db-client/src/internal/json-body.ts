import type { ValidationProblem } from '@connectorkit/http-core';
import { refuse } from './rules.js';
import { utf8Length, writeUtf8 } from './utf8.js';

/** Size limits checked before a request is sent (see `DocDbClientOptions.limits`). */
export interface DocDbLimits {
  /** Largest document, in bytes of JSON without `_attachments`. @default 8_000_000 (CouchDB 3's `max_document_size`) */
  maxDocumentBytes: number;
  /** Largest request body, in bytes. @default 4_294_967_296 (CouchDB's `max_http_request_size`) */
  maxRequestBytes: number;
}

/** CouchDB 3's defaults: `[couchdb] max_document_size` and `[chttpd] max_http_request_size`. */
export const DEFAULT_DOC_DB_LIMITS: Readonly<DocDbLimits> = Object.freeze({
  maxDocumentBytes: 8_000_000,
  maxRequestBytes: 4_294_967_296,
});

/** The content type of a body serialised here rather than by http-core's `json`. */
export const JSON_TYPE = { 'content-type': 'application/json' } as const;

/**
 * Where in `value` JSON.stringify gave up, found only after it did: a cycle, a BigInt, or nesting
 * too deep for the stack. Own enumerable keys are walked as JSON.stringify walks them.
 */
function locate(
  value: unknown,
  path: string,
  ancestors: Set<object>,
  depth: number,
): ValidationProblem | undefined {
  if (typeof value === 'bigint') return { path, message: 'cannot be sent as JSON (a BigInt)' };
  if (typeof value !== 'object' || value === null) return undefined;
  if (ancestors.has(value)) {
    return { path, message: 'cannot be sent as JSON (a circular reference)' };
  }
  if (depth > 2_000) return { path, message: 'is nested too deeply to be sent as JSON' };
  ancestors.add(value);
  for (const key of Object.keys(value)) {
    const child = path === '' ? key : `${path}.${key}`;
    const found = locate((value as Record<string, unknown>)[key], child, ancestors, depth + 1);
    if (found) return found;
  }
  ancestors.delete(value);
  return undefined;
}

/**
 * `JSON.stringify(value)`, or an InputValidationError naming the path (from `path`) of what
 * cannot be serialised: a circular reference, a BigInt, nesting too deep, a throwing `toJSON`.
 * `source` is what the path is searched in, when `value` was built from it (a request body built
 * from params names the parameter, not the wire field).
 */
export function toJson(
  value: unknown,
  subject: string,
  path: string = subject,
  source: unknown = value,
): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    const problem = locate(source, path, new Set(), 0) ?? {
      path,
      message:
        error instanceof RangeError
          ? 'is too large to be sent as one JSON text'
          : 'cannot be sent as JSON (its toJSON() threw)',
    };
    return refuse(subject, [problem]);
  }
}

/**
 * The UTF-8 size of `text` when it may be over `limit`, else `undefined`. A UTF-16 unit is 1 to 3
 * bytes of UTF-8, so text of up to a third of the limit is never measured.
 */
function bytesOver(text: string, limit: number): number | undefined {
  if (text.length * 3 <= limit) return undefined;
  const bytes = utf8Length(text);
  return bytes > limit ? bytes : undefined;
}

const documentTooLarge = (bytes: number, limits: DocDbLimits) =>
  `is ${bytes} bytes of JSON, over the ${limits.maxDocumentBytes}-byte document limit ` +
  `(limits.maxDocumentBytes; CouchDB's max_document_size)`;

/**
 * A request body of `bytes`, checked against `limits.maxRequestBytes`.
 * @throws {InputValidationError} naming `path` when it is over.
 */
export function checkRequestBytes(
  bytes: number,
  limits: DocDbLimits,
  subject: string,
  path: string,
  hint = '',
): void {
  if (bytes > limits.maxRequestBytes) {
    refuse(subject, [
      {
        path,
        message:
          `makes a ${bytes}-byte request body, over the ${limits.maxRequestBytes}-byte limit ` +
          `(limits.maxRequestBytes; CouchDB's max_http_request_size)${hint}`,
      },
    ]);
  }
}

/** A JSON request body from `value` ({@link toJson}), its size checked. */
export function jsonRequest(
  value: unknown,
  limits: DocDbLimits,
  subject: string,
  path: string = subject,
  source: unknown = value,
): { body: string; headers: typeof JSON_TYPE } {
  const body = toJson(value, subject, path, source);
  const bytes = bytesOver(body, limits.maxRequestBytes);
  if (bytes !== undefined) checkRequestBytes(bytes, limits, subject, path);
  return { body, headers: JSON_TYPE };
}

/**
 * One document's JSON, and the part of it CouchDB holds against `max_document_size`: the
 * document less `_attachments` (inline attachments count against the request size only). Each
 * part is serialised once; the attachments are spliced in as the last field.
 */
function serialiseDocument(
  document: object,
  subject: string,
  path: string,
): { text: string; counted: string } {
  const { _attachments } = document as { _attachments?: unknown };
  const own = typeof (document as { toJSON?: unknown }).toJSON === 'function';
  if (_attachments === undefined || own) {
    const text = toJson(document, subject, path);
    // A toJSON() may turn the object into anything, or into nothing.
    if (typeof text !== 'string' || text.charCodeAt(0) !== 123) {
      refuse(subject, [{ path, message: 'must serialise to a JSON object' }]);
    }
    return { text, counted: text };
  }
  const { _attachments: _, ...rest } = document as Record<string, unknown>;
  const counted = toJson(rest, subject, path, document);
  const attachments = toJson(_attachments, subject, `${path}._attachments`);
  const text =
    attachments === undefined
      ? counted
      : counted === '{}'
        ? `{"_attachments":${attachments}}`
        : `${counted.slice(0, -1)},"_attachments":${attachments}}`;
  return { text, counted };
}

/**
 * The JSON text of one document to write, which must serialise to a JSON object no larger than
 * `limits.maxDocumentBytes`.
 */
export function documentJson(
  document: object,
  limits: DocDbLimits,
  subject: string,
  path: string = subject,
): string {
  const { text, counted } = serialiseDocument(document, subject, path);
  const bytes = bytesOver(counted, limits.maxDocumentBytes);
  if (bytes !== undefined) refuse(subject, [{ path, message: documentTooLarge(bytes, limits) }]);
  return text;
}

/** A single-document write's body: the document's JSON, its size and the request's checked. */
export function documentRequest(
  document: object,
  limits: DocDbLimits,
  subject: string,
): { body: string; headers: typeof JSON_TYPE } {
  const body = documentJson(document, limits, subject);
  const bytes = bytesOver(body, limits.maxRequestBytes);
  if (bytes !== undefined) checkRequestBytes(bytes, limits, subject, subject);
  return { body, headers: JSON_TYPE };
}

/** Below this many characters a batch's parts are joined into one string; above, into bytes. */
const JOIN_BELOW_CHARS = 200_000;

/**
 * `{"docs":[...]}` for `_bulk_docs`. Each document is serialised once, on its own, so that its
 * size is known (and its JSON is at hand to compare with the server's copy after a retry); the
 * parts are then joined into a string, or for a large batch written into one buffer, whose
 * length is the request's exact size (cheaper than one large string encoded on the way out).
 * @throws {InputValidationError} naming each document over `limits.maxDocumentBytes` (up to
 * ten), or the whole batch when the body is over `limits.maxRequestBytes`.
 */
export function bulkDocsJson(
  docs: readonly object[],
  newEdits: boolean | undefined,
  limits: DocDbLimits,
): { body: string | Uint8Array; parts: string[] } {
  const parts = new Array<string>(docs.length);
  const problems: ValidationProblem[] = [];
  let oversized = 0;
  let chars = 0;
  for (let i = 0; i < docs.length; i++) {
    const path = `docs.${i}`;
    const { text, counted } = serialiseDocument(docs[i] as object, 'docs', path);
    const bytes = bytesOver(counted, limits.maxDocumentBytes);
    if (bytes !== undefined && ++oversized <= 10) {
      problems.push({ path, message: documentTooLarge(bytes, limits) });
    }
    parts[i] = text;
    chars += text.length;
  }
  if (oversized > 10)
    problems.push({ path: 'docs', message: `${oversized} documents in all are over the limit` });
  if (problems.length > 0) refuse('docs', problems);
  const head = '{"docs":[';
  const tail = newEdits === undefined ? ']}' : `],"new_edits":${newEdits}}`;
  const hint = ': send fewer documents per call';
  if (chars < JOIN_BELOW_CHARS) {
    const body = `${head}${parts.join(',')}${tail}`;
    const bytes = bytesOver(body, limits.maxRequestBytes);
    if (bytes !== undefined) checkRequestBytes(bytes, limits, 'docs', 'docs', hint);
    return { body, parts };
  }
  let bytes = head.length + tail.length + Math.max(0, parts.length - 1);
  for (const part of parts) bytes += utf8Length(part);
  checkRequestBytes(bytes, limits, 'docs', 'docs', hint);
  const body = new Uint8Array(bytes);
  let at = writeUtf8(head, body, 0);
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) body[at++] = 44; // ,
    at += writeUtf8(parts[i] as string, body, at);
  }
  writeUtf8(tail, body, at);
  return { body, parts };
}

/** Raw bodies of a known size (bytes or text) checked against `limits.maxRequestBytes`. */
export function checkRawBody(body: unknown, limits: DocDbLimits, subject: string): void {
  const bytes =
    body instanceof Uint8Array
      ? body.byteLength
      : typeof body === 'string'
        ? bytesOver(body, limits.maxRequestBytes)
        : undefined;
  if (bytes !== undefined) checkRequestBytes(bytes, limits, subject, subject);
}

import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CouchHttpError, isObject } from '../routes/http-io.js';

/** An attachment of one revision, as the store keeps it. */
export interface StoredAttachment {
  contentType: string;
  /** The bytes as stored: gzipped when `encoding` is `gzip`. */
  data: Buffer;
  encoding: 'gzip' | undefined;
  /** The length of the bytes as uploaded (`length` in stubs). */
  length: number;
  /** The raw md5 of the stored bytes (what the rev hash and the digest take). */
  md5: Buffer;
  /** The revision position that last changed it. */
  revpos: number;
}

/**
 * An attachment as a write gives it: new bytes, or a stub that keeps the parent's. `encoding`
 * `gzip` marks bytes uploaded already gzipped (`Content-Encoding: gzip` on the standalone PUT).
 */
export type AttachmentInput =
  | { stub: true }
  | { stub: false; data: Buffer; contentType: string; encoding?: 'gzip' };

export type Attachments = Record<string, StoredAttachment>;

/** How a read shows attachments: stubs, inline data, and the stored encoding. */
export interface AttachmentView {
  /** `attachments=true`: inline data instead of stubs. */
  data?: boolean;
  /** `att_encoding_info=true`. */
  encodingInfo?: boolean;
  /** `atts_since`: inline data only for attachments changed after this position. */
  since?: number;
}

// CouchDB's default [attachments] compressible_types, stored gzipped at compression_level 8.
const COMPRESSIBLE = /^(?:text\/.*|application\/javascript|application\/json|application\/xml)$/;

/**
 * The attachment CouchDB stores for these bytes: gzipped when the type compresses. Bytes uploaded
 * gzipped are kept as they came, and CouchDB then gives their encoded length as `length`
 * (couch_db:with_stream, "Compressed attachment uploaded through the standalone API").
 */
export function storeAttachment(
  data: Buffer,
  contentType: string,
  revpos: number,
  uploaded?: 'gzip',
): StoredAttachment {
  if (uploaded === 'gzip')
    return {
      contentType,
      data,
      encoding: 'gzip',
      length: data.length,
      md5: createHash('md5').update(data).digest(),
      revpos,
    };
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const encoding = COMPRESSIBLE.test(type) ? 'gzip' : undefined;
  const stored = encoding ? gzipSync(data, { level: 8 }) : data;
  return {
    contentType,
    data: stored,
    encoding,
    length: data.length,
    md5: createHash('md5').update(stored).digest(),
    revpos,
  };
}

/** The bytes as they were uploaded. */
export function identityData(att: StoredAttachment): Buffer {
  return att.encoding === 'gzip' ? gunzipSync(att.data) : att.data;
}

export function digestOf(att: StoredAttachment): string {
  return `md5-${att.md5.toString('base64')}`;
}

/** `_attachments` as a read shows them. */
export function attachmentsJson(
  atts: Attachments,
  view: AttachmentView = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, att] of Object.entries(atts)) {
    const inline = view.data === true || (view.since !== undefined && att.revpos > view.since);
    const json: Record<string, unknown> = {
      content_type: att.contentType,
      revpos: att.revpos,
      digest: digestOf(att),
    };
    if (inline) json.data = identityData(att).toString('base64');
    else {
      json.length = att.length;
      json.stub = true;
    }
    if (view.encodingInfo && att.encoding) {
      json.encoding = att.encoding;
      json.encoded_length = att.data.length;
    }
    out[name] = json;
  }
  return out;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** CouchDB's checks on an attachment name (couch_httpd_db:validate_attachment_name). */
export function checkAttachmentName(name: string): void {
  if (name === '') throw new CouchHttpError(400, 'bad_request', "Attachment name can't be empty");
  if (name.startsWith('_'))
    throw new CouchHttpError(
      400,
      'bad_request',
      `Attachment name '${name}' starts with prohibited character '_'`,
    );
}

/** Reads a document's `_attachments` member: stubs and inline base64 data. */
export function parseAttachments(value: Record<string, unknown>): Record<string, AttachmentInput> {
  const out: Record<string, AttachmentInput> = {};
  for (const [name, spec] of Object.entries(value)) {
    checkAttachmentName(name);
    if (!isObject(spec))
      throw new CouchHttpError(400, 'bad_request', `Invalid attachment stub for ${name}`);
    if (spec.stub === true) {
      out[name] = { stub: true };
      continue;
    }
    const text = typeof spec.data === 'string' ? spec.data.replace(/\s+/g, '') : undefined;
    if (text === undefined || !BASE64.test(text))
      throw new CouchHttpError(400, 'bad_request', `Invalid attachment data for ${name}`);
    out[name] = {
      stub: false,
      data: Buffer.from(text, 'base64'),
      contentType:
        typeof spec.content_type === 'string' ? spec.content_type : 'application/octet-stream',
    };
  }
  return out;
}

/**
 * The attachments of a new revision at `pos`: new data stored, stubs taken from the parent
 * (CouchDB's 412 `missing_stub` when it has no such attachment).
 */
export function resolveAttachments(
  inputs: Record<string, AttachmentInput> | undefined,
  parent: Attachments | undefined,
  pos: number,
  id: string,
): Attachments | undefined {
  if (!inputs) return undefined;
  const out: Attachments = {};
  for (const [name, input] of Object.entries(inputs)) {
    if (input.stub) {
      const kept = parent?.[name];
      if (!kept)
        throw new CouchHttpError(
          412,
          'missing_stub',
          `Invalid attachment stub in ${id} for ${name}`,
        );
      out[name] = kept;
    } else out[name] = storeAttachment(input.data, input.contentType, pos, input.encoding);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

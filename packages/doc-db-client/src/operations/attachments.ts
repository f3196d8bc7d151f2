import * as v from 'valibot';
import { callOptions, type OperationContext, type RawBody } from '../internal/context.js';
import { checkRawBody } from '../internal/json-body.js';
import { attachmentPath, docId } from '../internal/paths.js';
import { checked, optional, type Rule, type Rules, rev } from '../internal/rules.js';
import { type DocumentResult, DocumentResultSchema } from '../schemas/common.js';
import { DB, type DbParams } from './databases.js';
import {
  batch,
  CONDITIONAL,
  conditional,
  headers,
  headerValue,
  oneOfParams,
  type WriteResult,
  writeSchema,
} from './shared.js';

export interface AttachmentParams extends DbParams {
  docId: string;
  attachmentName: string;
}

/** A read's conditions: the Cloudant SDK's `If-Match`, `If-None-Match`, `Range` and `Accept`. */
interface ReadAttachment extends AttachmentParams {
  rev?: string;
  ifMatch?: string;
  /** A 304 (a DocDbError of status 304) when the attachment's digest matches. */
  ifNoneMatch?: string;
  /** `bytes=0-99`: a part of the attachment (206). */
  range?: string;
  accept?: string;
}

/** The bytes to store: ours as `body`, the Cloudant SDK's as `attachment`. */
type AttachmentBody = { body: RawBody; attachment?: never } | { attachment: RawBody; body?: never };

/**
 * Attachments of a document (`/{db}/{docId}/{attachmentName}`): write, read as bytes or a stream,
 * HEAD and delete.
 */
export interface AttachmentOperations {
  /** PUT an attachment from bytes, text or a stream; creates the document when `rev` is absent. */
  putAttachment(
    params: AttachmentParams &
      AttachmentBody & { contentType: string; rev?: string; ifMatch?: string },
  ): Promise<DocumentResult>;
  /** The attachment's bytes and content type. */
  getAttachment(params: ReadAttachment): Promise<{ bytes: Uint8Array; contentType: string }>;
  /** The attachment as a stream (raw IO). */
  getAttachmentAsStream(params: ReadAttachment): Promise<ReadableStream<Uint8Array>>;
  /**
   * HEAD: the attachment's content type, length and digest (`md5-...`, from its ETag), or
   * `undefined` when the document or the attachment is missing.
   */
  headAttachment(
    params: AttachmentParams & { rev?: string; ifMatch?: string; ifNoneMatch?: string },
  ): Promise<{ contentType: string; length?: number; digest?: string } | undefined>;
  /** DELETE; the revision is required, as `rev` or `ifMatch`. */
  deleteAttachment<P extends AttachmentParams & { rev?: string; ifMatch?: string; batch?: 'ok' }>(
    params: P,
  ): Promise<WriteResult<P>>;
}

const isName = (s: unknown) => typeof s === 'string' && s !== '' && s[0] !== '_';
const attachmentName: Rule = {
  schema: v.pipe(
    v.string('must be a string'),
    v.nonEmpty('must not be empty'),
    v.check((s) => !s.startsWith('_'), 'must not start with "_"'),
  ),
  test: isName,
};
const isBody = (b: unknown) =>
  typeof b === 'string' ||
  b instanceof Uint8Array ||
  b instanceof ReadableStream ||
  (typeof b === 'object' &&
    b !== null &&
    typeof (b as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function');
const body: Rule = optional({
  schema: v.custom(isBody, 'must be bytes (Uint8Array), text or a stream'),
  test: isBody,
});
const ATTACHMENT: Rules = { ...DB, docId, attachmentName };
const HEAD: Rules = { ...ATTACHMENT, ...CONDITIONAL, rev: optional(rev) };
const READ: Rules = { ...HEAD, range: optional(headerValue), accept: optional(headerValue) };
const PUT: Rules = {
  ...ATTACHMENT,
  rev: optional(rev),
  ifMatch: CONDITIONAL.ifMatch as Rule,
  body,
  attachment: body,
  contentType: headerValue,
};
const DELETE: Rules = { ...HEAD, batch };
/** A base64 md5 in quotes: the ETag CouchDB gives an attachment. */
const MD5_ETAG = /^"([A-Za-z0-9+/]{22}==)"$/;

type Params<K extends keyof AttachmentOperations> = Parameters<AttachmentOperations[K]>[0];

export function attachmentOperations(context: OperationContext): AttachmentOperations {
  const { http } = context;
  const path = (p: AttachmentParams) => attachmentPath(p.db, p.docId, p.attachmentName);
  const read = (p: ReadAttachment) =>
    http.request(path(p), {
      ...callOptions(p, context, { accept: p.accept ?? '*/*', range: p.range, ...conditional(p) }),
      searchParams: { rev: p.rev },
    });
  return {
    putAttachment: checked('putAttachment', PUT, (p: Params<'putAttachment'>) => {
      oneOfParams('putAttachment', p, ['body', 'attachment']);
      const bytes = (p.body ?? p.attachment) as RawBody;
      checkRawBody(bytes, context.limits, p.body === undefined ? 'attachment' : 'body');
      return http.put(path(p), {
        ...callOptions(p, context, { 'content-type': p.contentType, 'if-match': p.ifMatch }),
        body: bytes,
        searchParams: { rev: p.rev },
        schema: DocumentResultSchema,
      });
    }),
    getAttachment: checked('getAttachment', READ, async (p: ReadAttachment) => {
      const response = await read(p);
      return {
        bytes: await response.bytes(),
        contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      };
    }),
    getAttachmentAsStream: checked('getAttachmentAsStream', READ, async (p: ReadAttachment) =>
      (await read(p)).stream(),
    ),
    headAttachment: checked('headAttachment', HEAD, async (p: Params<'headAttachment'>) => {
      const found = await headers(http, path(p), {
        ...callOptions(p, context, { accept: '*/*', ...conditional(p) }),
        searchParams: { rev: p.rev },
      });
      if (!found) return undefined;
      const length = Number(found.get('content-length') ?? Number.NaN);
      const md5 = MD5_ETAG.exec(found.get('etag') ?? '')?.[1];
      return {
        contentType: found.get('content-type') ?? 'application/octet-stream',
        ...(Number.isSafeInteger(length) ? { length } : {}),
        ...(md5 ? { digest: `md5-${md5}` } : {}),
      };
    }),
    deleteAttachment: checked('deleteAttachment', DELETE, (p: Params<'deleteAttachment'>) => {
      oneOfParams('deleteAttachment', p, ['rev', 'ifMatch'], false);
      return http.delete(path(p), {
        ...callOptions(p, context, conditional(p)),
        searchParams: { rev: p.rev, batch: p.batch },
        schema: writeSchema(p),
      });
    }) as AttachmentOperations['deleteAttachment'],
  };
}

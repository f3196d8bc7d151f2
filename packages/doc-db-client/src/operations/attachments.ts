import * as v from 'valibot';
import { callOptions, type OperationContext, type RawBody } from '../internal/context.js';
import { checkRawBody } from '../internal/json-body.js';
import { attachmentPath, docId } from '../internal/paths.js';
import { checked, headerText, optional, type Rule, type Rules, rev } from '../internal/rules.js';
import { type DocumentResult, DocumentResultSchema } from '../schemas/common.js';
import { DB, type DbParams } from './databases.js';

export interface AttachmentParams extends DbParams {
  docId: string;
  attachmentName: string;
}

export interface AttachmentOperations {
  /** PUT an attachment from bytes, text or a stream; creates the document when `rev` is absent. */
  putAttachment(
    params: AttachmentParams & { body: RawBody; contentType: string; rev?: string },
  ): Promise<DocumentResult>;
  /** The attachment's bytes and content type. */
  getAttachment(
    params: AttachmentParams & { rev?: string },
  ): Promise<{ bytes: Uint8Array; contentType: string }>;
  /** The attachment as a stream (raw IO). */
  getAttachmentAsStream(
    params: AttachmentParams & { rev?: string },
  ): Promise<ReadableStream<Uint8Array>>;
  deleteAttachment(params: AttachmentParams & { rev: string }): Promise<DocumentResult>;
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
const body: Rule = {
  schema: v.custom(isBody, 'must be bytes (Uint8Array), text or a stream'),
  test: isBody,
};
const contentType: Rule = {
  schema: v.pipe(
    headerText.schema as v.GenericSchema<unknown, string>,
    v.nonEmpty('must not be empty'),
  ),
  test: (x) => headerText.test(x) && x !== '',
};
const ATTACHMENT: Rules = { ...DB, docId, attachmentName };
const READ: Rules = { ...ATTACHMENT, rev: optional(rev) };
const PUT: Rules = { ...READ, body, contentType };
const DELETE: Rules = { ...ATTACHMENT, rev };

type Params<K extends keyof AttachmentOperations> = Parameters<AttachmentOperations[K]>[0];

export function attachmentOperations(context: OperationContext): AttachmentOperations {
  const { http } = context;
  const path = (p: AttachmentParams) => attachmentPath(p.db, p.docId, p.attachmentName);
  const read = (p: Params<'getAttachment'>) =>
    http.request(path(p), {
      ...callOptions(p, context),
      searchParams: { rev: p.rev },
      headers: { accept: '*/*' },
    });
  return {
    putAttachment: checked('putAttachment', PUT, (p: Params<'putAttachment'>) => {
      checkRawBody(p.body, context.limits, 'body');
      return http.put(path(p), {
        ...callOptions(p, context),
        body: p.body,
        headers: { 'content-type': p.contentType },
        searchParams: { rev: p.rev },
        schema: DocumentResultSchema,
      });
    }),
    getAttachment: checked('getAttachment', READ, async (p: Params<'getAttachment'>) => {
      const response = await read(p);
      return {
        bytes: await response.bytes(),
        contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      };
    }),
    getAttachmentAsStream: checked(
      'getAttachmentAsStream',
      READ,
      async (p: Params<'getAttachment'>) => (await read(p)).stream(),
    ),
    deleteAttachment: checked('deleteAttachment', DELETE, (p: Params<'deleteAttachment'>) =>
      http.delete(path(p), {
        ...callOptions(p, context),
        searchParams: { rev: p.rev },
        schema: DocumentResultSchema,
      }),
    ),
  };
}

import { validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';
import { callOptions, type OperationContext, type RawBody } from '../internal/context.js';
import { attachmentPath } from '../internal/paths.js';
import { type DocumentResult, DocumentResultSchema } from '../schemas/common.js';
import type { DbParams } from './databases.js';

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

const NameSchema = v.pipe(
  v.string('must be a string'),
  v.nonEmpty('must not be empty'),
  v.check((s) => !s.startsWith('_'), 'must not start with "_"'),
);

function path(p: AttachmentParams): string {
  const name = validateInput(NameSchema, p.attachmentName, 'attachmentName');
  return attachmentPath(p.db, p.docId, name);
}

export function attachmentOperations(context: OperationContext): AttachmentOperations {
  const { http } = context;
  return {
    putAttachment: (p) =>
      http.put(path(p), {
        ...callOptions(p, context),
        body: p.body,
        headers: { 'content-type': p.contentType },
        searchParams: { rev: p.rev },
        schema: DocumentResultSchema,
      }),
    getAttachment: async (p) => {
      const response = await http.request(path(p), {
        ...callOptions(p, context),
        searchParams: { rev: p.rev },
        headers: { accept: '*/*' },
      });
      return {
        bytes: await response.bytes(),
        contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      };
    },
    getAttachmentAsStream: async (p) =>
      (
        await http.request(path(p), {
          ...callOptions(p, context),
          searchParams: { rev: p.rev },
          headers: { accept: '*/*' },
        })
      ).stream(),
    deleteAttachment: (p) =>
      http.delete(path(p), {
        ...callOptions(p, context),
        searchParams: { rev: p.rev },
        schema: DocumentResultSchema,
      }),
  };
}

import { validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';
import { callOptions, type OperationContext, type RawBody } from '../internal/context.js';
import { checkDocument } from '../internal/documents-input.js';
import { dbPath, designPath, docPath, localPath } from '../internal/paths.js';
import {
  type Document,
  type DocumentResult,
  DocumentResultSchema,
  DocumentSchema,
} from '../schemas/common.js';
import type { DbParams } from './databases.js';

export interface GetDocumentParams extends DbParams {
  docId: string;
  rev?: string;
  revs?: boolean;
  revsInfo?: boolean;
  conflicts?: boolean;
  deletedConflicts?: boolean;
  /** `'all'` or a list of revisions; the answer is then a list of `{ ok }` / `{ missing }`. */
  openRevs?: 'all' | string[];
  latest?: boolean;
  attachments?: boolean;
  attEncodingInfo?: boolean;
  localSeq?: boolean;
}

export interface WriteDocumentParams extends DbParams {
  /** The document: a plain object, or raw bytes or a stream of JSON (raw IO). */
  document: Document | RawBody;
  batch?: 'ok';
}

export interface DocumentOperations {
  getDocument<T extends Document = Document>(params: GetDocumentParams): Promise<T>;
  /** The document body unparsed (the Cloudant SDK's `getDocumentAsStream`). */
  getDocumentAsStream(params: GetDocumentParams): Promise<ReadableStream<Uint8Array>>;
  /** HEAD: the current revision, or `undefined` when there is no such document. */
  headDocument(params: DbParams & { docId: string }): Promise<string | undefined>;
  /** POST `/{db}`: the server picks the id unless the document has `_id`. */
  postDocument(params: WriteDocumentParams): Promise<DocumentResult>;
  /** PUT `/{db}/{docId}`; give `rev` (or `_rev` in the document) to update. */
  putDocument(
    params: WriteDocumentParams & { docId: string; rev?: string; newEdits?: boolean },
  ): Promise<DocumentResult>;
  /** DELETE `/{db}/{docId}?rev=`; `rev` is required. */
  deleteDocument(params: DbParams & { docId: string; rev: string }): Promise<DocumentResult>;
  getDesignDocument<T extends Document = Document>(
    params: DbParams & { ddoc: string; rev?: string },
  ): Promise<T>;
  putDesignDocument(
    params: DbParams & { ddoc: string; document: Document; rev?: string },
  ): Promise<DocumentResult>;
  deleteDesignDocument(params: DbParams & { ddoc: string; rev: string }): Promise<DocumentResult>;
  getLocalDocument<T extends Document = Document>(params: DbParams & { docId: string }): Promise<T>;
  putLocalDocument(
    params: DbParams & { docId: string; document: Document },
  ): Promise<DocumentResult>;
  deleteLocalDocument(params: DbParams & { docId: string; rev?: string }): Promise<DocumentResult>;
}

function isRaw(body: unknown): body is RawBody {
  return (
    typeof body === 'string' ||
    body instanceof Uint8Array ||
    body instanceof ReadableStream ||
    (typeof body === 'object' && body !== null && Symbol.asyncIterator in body)
  );
}

/** The request body of a document write: validated JSON, or raw bytes sent as they are. */
function documentBody(
  document: unknown,
): { json: Document } | { body: RawBody; headers: Record<string, string> } {
  if (isRaw(document)) return { body: document, headers: { 'content-type': 'application/json' } };
  return { json: checkDocument(document, 'document') };
}

function getParams(p: GetDocumentParams) {
  return {
    rev: p.rev,
    revs: p.revs,
    revs_info: p.revsInfo,
    conflicts: p.conflicts,
    deleted_conflicts: p.deletedConflicts,
    open_revs:
      p.openRevs === undefined
        ? undefined
        : p.openRevs === 'all'
          ? 'all'
          : JSON.stringify(p.openRevs),
    latest: p.latest,
    attachments: p.attachments,
    att_encoding_info: p.attEncodingInfo,
    local_seq: p.localSeq,
  };
}

const RevSchema = v.pipe(
  v.string('must be a string'),
  v.regex(/^\d+-\S+$/, 'must be a revision such as "1-abc"'),
);

export function documentOperations(context: OperationContext): DocumentOperations {
  const { http } = context;
  const json = { accept: 'application/json' };
  return {
    getDocument: (p) =>
      http.get(docPath(p.db, p.docId), {
        ...callOptions(p, context),
        searchParams: getParams(p),
        headers: json,
      }),
    getDocumentAsStream: async (p) =>
      (
        await http.request(docPath(p.db, p.docId), {
          ...callOptions(p, context),
          searchParams: getParams(p),
          headers: json,
        })
      ).stream(),
    headDocument: async (p) => {
      const { status, headers } = await http.head(docPath(p.db, p.docId), {
        ...callOptions(p, context),
        okStatuses: [404],
      });
      if (status === 404) return undefined;
      const etag = (headers.get('etag') ?? '').replace(/"/g, '');
      if (/^\d+-\S+$/.test(etag)) return etag;
      // Servers whose ETag is not the revision (express-pouchdb's weak body hash): read it.
      const doc = await http.get<{ _rev?: string }>(
        docPath(p.db, p.docId),
        callOptions(p, context),
      );
      return doc._rev;
    },
    postDocument: (p) => {
      const path = dbPath(p.db);
      const body = documentBody(p.document);
      // A POST without an _id creates a new document on every attempt: never retried blindly.
      const idempotent = 'json' in body && typeof body.json._id === 'string';
      return http.post(path, {
        ...callOptions(p, context),
        ...body,
        searchParams: { batch: p.batch },
        idempotent,
        schema: DocumentResultSchema,
      });
    },
    putDocument: (p) =>
      http.put(docPath(p.db, p.docId), {
        ...callOptions(p, context),
        ...documentBody(p.document),
        searchParams: {
          rev: p.rev === undefined ? undefined : validateInput(RevSchema, p.rev, 'rev'),
          batch: p.batch,
          new_edits: p.newEdits,
        },
        schema: DocumentResultSchema,
      }),
    deleteDocument: (p) =>
      http.delete(docPath(p.db, p.docId), {
        ...callOptions(p, context),
        searchParams: { rev: validateInput(RevSchema, p.rev, 'rev') },
        schema: DocumentResultSchema,
      }),
    getDesignDocument: (p) =>
      http.get(designPath(p.db, p.ddoc), {
        ...callOptions(p, context),
        searchParams: { rev: p.rev },
      }),
    putDesignDocument: (p) =>
      http.put(designPath(p.db, p.ddoc), {
        ...callOptions(p, context),
        json: validateInput(DocumentSchema, p.document, 'document'),
        searchParams: { rev: p.rev },
        schema: DocumentResultSchema,
      }),
    deleteDesignDocument: (p) =>
      http.delete(designPath(p.db, p.ddoc), {
        ...callOptions(p, context),
        searchParams: { rev: validateInput(RevSchema, p.rev, 'rev') },
        schema: DocumentResultSchema,
      }),
    getLocalDocument: (p) => http.get(localPath(p.db, p.docId), callOptions(p, context)),
    putLocalDocument: (p) =>
      http.put(localPath(p.db, p.docId), {
        ...callOptions(p, context),
        json: validateInput(DocumentSchema, p.document, 'document'),
        schema: DocumentResultSchema,
      }),
    deleteLocalDocument: (p) =>
      http.delete(localPath(p.db, p.docId), {
        ...callOptions(p, context),
        searchParams: { rev: p.rev },
        schema: DocumentResultSchema,
      }),
  };
}

import { isHttpError, type Schema } from '@connectorkit/http-core';
import * as v from 'valibot';
import { callOptions, type OperationContext, type RawJson } from '../internal/context.js';
import { checkDocument } from '../internal/documents-input.js';
import {
  checkRawBody,
  type DocDbLimits,
  documentRequest,
  JSON_TYPE,
} from '../internal/json-body.js';
import { isOwnRevision } from '../internal/own-writes.js';
import { anyName, dbPath, designPath, docId, docPath, localPath } from '../internal/paths.js';
import {
  checked,
  flag,
  isRev,
  oneOf,
  optional,
  type Rule,
  type Rules,
  rev,
  revs,
} from '../internal/rules.js';
import {
  type Document,
  type DocumentResult,
  DocumentResultSchema,
  jsonObject,
} from '../schemas/common.js';
import { DocumentReadSchema, OpenRevsSchema } from '../schemas/responses.js';
import { DB, type DbParams } from './databases.js';

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
  /** The document: a plain object, or its JSON as bytes or a stream (raw IO; not as a string). */
  document: Document | RawJson;
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
  /**
   * PUT `/{db}/{docId}`; give `rev` (or `_rev` in the document) to update. A retried write that
   * meets 409 resolves when the document's current revision is provably its own.
   */
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

/** Raw IO: bytes or a stream of JSON, sent as they are. A string is refused (see `document`). */
export function isRaw(body: unknown): body is RawJson {
  return (
    body instanceof Uint8Array ||
    body instanceof ReadableStream ||
    (typeof body === 'object' &&
      body !== null &&
      typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')
  );
}

/** The request body of a document write: its JSON, serialised once, or raw bytes as they are. */
function documentBody(
  document: unknown,
  limits: DocDbLimits,
): { body: string | RawJson; headers: typeof JSON_TYPE } {
  if (!isRaw(document))
    return documentRequest(checkDocument(document, 'document'), limits, 'document');
  checkRawBody(document, limits, 'document');
  return { body: document, headers: JSON_TYPE };
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

const openRevs: Rule = {
  schema: v.union([v.literal('all'), revs.schema], 'must be "all" or an array of revisions'),
  test: (x) => x === 'all' || revs.test(x),
};
const DOC: Rules = { ...DB, docId };
const RevOnlySchema = jsonObject({ _rev: v.string() });
const GET_DOCUMENT: Rules = {
  ...DOC,
  rev: optional(rev),
  revs: optional(flag),
  revsInfo: optional(flag),
  conflicts: optional(flag),
  deletedConflicts: optional(flag),
  openRevs: optional(openRevs),
  latest: optional(flag),
  attachments: optional(flag),
  attEncodingInfo: optional(flag),
  localSeq: optional(flag),
};
const batch = optional(oneOf(['ok']));
const POST_DOCUMENT: Rules = { ...DB, batch };
const PUT_DOCUMENT: Rules = { ...DOC, rev: optional(rev), batch, newEdits: optional(flag) };
const DELETE_DOCUMENT: Rules = { ...DOC, rev };
const DESIGN: Rules = { ...DB, ddoc: anyName };
const DESIGN_WITH_REV: Rules = { ...DESIGN, rev: optional(rev) };
const LOCAL: Rules = { ...DB, docId: anyName };

type Params<K extends keyof DocumentOperations> = Parameters<DocumentOperations[K]>[0];

export function documentOperations(context: OperationContext): DocumentOperations {
  const { http } = context;
  const json = { accept: 'application/json' };
  const getDocument = (p: GetDocumentParams): Promise<unknown> =>
    http.get(docPath(p.db, p.docId), {
      ...callOptions(p, context),
      searchParams: getParams(p),
      headers: json,
      // With open_revs the answer is a list of `{ ok }` / `{ missing }`, one per revision.
      schema: (p.openRevs === undefined ? DocumentReadSchema : OpenRevsSchema) as Schema<unknown>,
    });
  /**
   * Runs a single-document write; a retried one that meets 409 is checked against the document's
   * current revision, and reported as written when that revision is provably its own (see
   * own-writes.ts). Raw bodies and writes without an id are left as they are.
   */
  async function ownWrite(
    p: WriteDocumentParams,
    body: { body: string | RawJson },
    id: string | undefined,
    rev: string | undefined,
    write: (options: ReturnType<typeof callOptions>) => Promise<DocumentResult>,
  ): Promise<DocumentResult> {
    try {
      return await write(callOptions(p, context));
    } catch (error) {
      if (
        typeof body.body !== 'string' ||
        id === undefined ||
        !isHttpError(error) ||
        error.status !== 409 ||
        error.retryCount === 0 ||
        !isRev(rev ?? '0-0')
      ) {
        throw error;
      }
      const sent = { id, rev, json: body.body };
      const stored = await http
        .get(docPath(p.db, id), {
          ...callOptions(p, context),
          searchParams: { revs: true },
          headers: json,
        })
        .catch(() => undefined);
      if (isOwnRevision(sent, stored)) return { ok: true, id, rev: stored._rev };
      throw error;
    }
  }
  return {
    getDocument: checked(
      'getDocument',
      GET_DOCUMENT,
      getDocument,
    ) as DocumentOperations['getDocument'],
    getDocumentAsStream: checked(
      'getDocumentAsStream',
      GET_DOCUMENT,
      async (p: GetDocumentParams) =>
        (
          await http.request(docPath(p.db, p.docId), {
            ...callOptions(p, context),
            searchParams: getParams(p),
            headers: json,
          })
        ).stream(),
    ),
    headDocument: checked('headDocument', DOC, async (p: Params<'headDocument'>) => {
      const { status, headers } = await http.head(docPath(p.db, p.docId), {
        ...callOptions(p, context),
        okStatuses: [404],
      });
      if (status === 404) return undefined;
      const etag = (headers.get('etag') ?? '').replace(/"/g, '');
      if (/^\d+-\S+$/.test(etag)) return etag;
      // Servers whose ETag is not the revision (express-pouchdb's weak body hash): read it.
      const doc = await http.get(docPath(p.db, p.docId), {
        ...callOptions(p, context),
        schema: RevOnlySchema,
      });
      return doc._rev;
    }),
    postDocument: checked('postDocument', POST_DOCUMENT, (p: WriteDocumentParams) => {
      const body = documentBody(p.document, context.limits);
      const id = isRaw(p.document) ? undefined : (p.document as Document)._id;
      // A POST without an _id creates a new document on every attempt: never retried blindly.
      const idempotent = typeof id === 'string';
      return ownWrite(p, body, id, (p.document as Document)._rev, (options) =>
        http.post(dbPath(p.db), {
          ...options,
          ...body,
          searchParams: { batch: p.batch },
          idempotent,
          schema: DocumentResultSchema,
        }),
      );
    }),
    putDocument: checked('putDocument', PUT_DOCUMENT, (p: Params<'putDocument'>) => {
      const body = documentBody(p.document, context.limits);
      const rev = p.rev ?? (isRaw(p.document) ? undefined : (p.document as Document)._rev);
      const id = p.newEdits === false ? undefined : p.docId;
      return ownWrite(p, body, id, rev, (options) =>
        http.put(docPath(p.db, p.docId), {
          ...options,
          ...body,
          searchParams: { rev: p.rev, batch: p.batch, new_edits: p.newEdits },
          schema: DocumentResultSchema,
        }),
      );
    }),
    deleteDocument: checked('deleteDocument', DELETE_DOCUMENT, (p: Params<'deleteDocument'>) =>
      http.delete(docPath(p.db, p.docId), {
        ...callOptions(p, context),
        searchParams: { rev: p.rev },
        schema: DocumentResultSchema,
      }),
    ),
    getDesignDocument: checked(
      'getDesignDocument',
      DESIGN_WITH_REV,
      (p: Params<'getDesignDocument'>) =>
        http.get(designPath(p.db, p.ddoc), {
          ...callOptions(p, context),
          searchParams: { rev: p.rev },
          schema: DocumentReadSchema,
        }),
    ) as DocumentOperations['getDesignDocument'],
    putDesignDocument: checked(
      'putDesignDocument',
      DESIGN_WITH_REV,
      (p: Params<'putDesignDocument'>) =>
        http.put(designPath(p.db, p.ddoc), {
          ...callOptions(p, context),
          ...documentRequest(checkDocument(p.document, 'document'), context.limits, 'document'),
          searchParams: { rev: p.rev },
          schema: DocumentResultSchema,
        }),
    ),
    deleteDesignDocument: checked(
      'deleteDesignDocument',
      { ...DESIGN, rev },
      (p: Params<'deleteDesignDocument'>) =>
        http.delete(designPath(p.db, p.ddoc), {
          ...callOptions(p, context),
          searchParams: { rev: p.rev },
          schema: DocumentResultSchema,
        }),
    ),
    getLocalDocument: checked('getLocalDocument', LOCAL, (p: Params<'getLocalDocument'>) =>
      http.get(localPath(p.db, p.docId), {
        ...callOptions(p, context),
        schema: DocumentReadSchema,
      }),
    ) as DocumentOperations['getLocalDocument'],
    putLocalDocument: checked('putLocalDocument', LOCAL, (p: Params<'putLocalDocument'>) =>
      http.put(localPath(p.db, p.docId), {
        ...callOptions(p, context),
        ...documentRequest(checkDocument(p.document, 'document'), context.limits, 'document'),
        schema: DocumentResultSchema,
      }),
    ),
    deleteLocalDocument: checked(
      'deleteLocalDocument',
      { ...LOCAL, rev: optional(rev) },
      (p: Params<'deleteLocalDocument'>) =>
        http.delete(localPath(p.db, p.docId), {
          ...callOptions(p, context),
          searchParams: { rev: p.rev },
          schema: DocumentResultSchema,
        }),
    ),
  };
}

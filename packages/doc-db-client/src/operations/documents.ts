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
import { dbPath, docId, docPath } from '../internal/paths.js';
import {
  checked,
  flag,
  isRev,
  optional,
  type Rule,
  type Rules,
  rev,
  revs,
} from '../internal/rules.js';
import type { Document, DocumentResult } from '../schemas/common.js';
import { DocumentReadSchema, OpenRevsSchema } from '../schemas/responses.js';
import { DB, type DbParams } from './databases.js';
import {
  batch,
  CONDITIONAL,
  conditional,
  headerValue,
  headRev,
  oneOfParams,
  type WriteResult,
  writeSchema,
} from './shared.js';

/** The Cloudant SDK's conditional request headers (`If-Match`, `If-None-Match`). */
export interface Conditional {
  /** Sent as `If-Match`: the revision (ETag) the write or read expects. */
  ifMatch?: string;
  /** Sent as `If-None-Match`: a 304 answer (a DocDbError of status 304 for reads) when it matches. */
  ifNoneMatch?: string;
}

/** The options of a document read (the query string CouchDB takes on `GET /{db}/{docid}`). */
export interface ReadOptions {
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
  /** `conflicts`, `deleted_conflicts` and `revs_info` at once. */
  meta?: boolean;
  ifNoneMatch?: string;
}

export interface GetDocumentParams extends DbParams, ReadOptions {
  docId: string;
}

export interface WriteDocumentParams extends DbParams {
  /** The document: a plain object, or its JSON as bytes or a stream (raw IO; not as a string). */
  document: Document | RawJson;
  batch?: 'ok';
  /** The body's content type (`application/json` unless given). */
  contentType?: string;
}

/** Single documents: read, write, delete and HEAD, by id, with CouchDB's revision rules. */
export interface DocumentOperations {
  /**
   * GET `/{db}/{docId}`: the document with its `_id` and `_rev` (and `_conflicts`, `_revisions`
   * ... as asked). With `openRevs` the answer is instead a list of `{ ok: document }` or
   * `{ missing: rev }`, one per revision.
   * @throws {NotFoundError} when the database or the document does not exist, or it is deleted
   * @throws {InputValidationError} when a parameter breaks its rule (nothing is sent)
   * @example
   * const doc = await db.getDocument<Product>({ db: 'products', docId: 'p1', conflicts: true });
   */
  getDocument<T extends Document = Document>(params: GetDocumentParams): Promise<T>;
  /** The document body unparsed (the Cloudant SDK's `getDocumentAsStream`). */
  getDocumentAsStream(params: GetDocumentParams): Promise<ReadableStream<Uint8Array>>;
  /** HEAD: the current revision (or the one `rev` names), or `undefined` when there is none. */
  headDocument(
    params: DbParams & Conditional & { docId: string; rev?: string; latest?: boolean },
  ): Promise<string | undefined>;
  /** POST `/{db}`: the server picks the id unless the document has `_id`. */
  postDocument<P extends WriteDocumentParams>(params: P): Promise<WriteResult<P>>;
  /**
   * PUT `/{db}/{docId}`; give `rev` (or `_rev` in the document, or `ifMatch`) to update. A
   * retried write that meets 409 resolves when the document's current revision is provably its own.
   */
  putDocument<P extends PutDocumentParams>(params: P): Promise<WriteResult<P>>;
  /** DELETE `/{db}/{docId}`; the revision is required, as `rev` or `ifMatch`. */
  deleteDocument<
    P extends DbParams & { docId: string; rev?: string; ifMatch?: string; batch?: 'ok' },
  >(params: P): Promise<WriteResult<P>>;
}

export interface PutDocumentParams extends WriteDocumentParams {
  docId: string;
  rev?: string;
  newEdits?: boolean;
  ifMatch?: string;
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
export function documentBody(
  document: unknown,
  limits: DocDbLimits,
  contentType?: string,
): { body: string | RawJson; headers: Record<string, string> } {
  const type = contentType ? { 'content-type': contentType } : JSON_TYPE;
  if (!isRaw(document)) {
    const json = documentRequest(checkDocument(document, 'document'), limits, 'document');
    return { body: json.body, headers: type };
  }
  checkRawBody(document, limits, 'document');
  return { body: document, headers: type };
}

/** The query string of a document read. */
export function readParams(p: ReadOptions) {
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
    meta: p.meta,
  };
}

const openRevs: Rule = {
  schema: v.union([v.literal('all'), revs.schema], 'must be "all" or an array of revisions'),
  test: (x) => x === 'all' || revs.test(x),
};
const DOC: Rules = { ...DB, docId };
/** The options of a document read, checked. */
export const READ_OPTIONS: Rules = {
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
  meta: optional(flag),
  ifNoneMatch: CONDITIONAL.ifNoneMatch as Rule,
};
export const GET_DOCUMENT: Rules = { ...DOC, ...READ_OPTIONS };
const contentType = optional(headerValue);
const POST_DOCUMENT: Rules = { ...DB, batch, contentType };
const PUT_DOCUMENT: Rules = {
  ...DOC,
  rev: optional(rev),
  batch,
  newEdits: optional(flag),
  contentType,
  ifMatch: CONDITIONAL.ifMatch as Rule,
};
const DELETE_DOCUMENT: Rules = { ...DOC, ...CONDITIONAL, rev: optional(rev), batch };
const HEAD_DOCUMENT: Rules = { ...DOC, ...CONDITIONAL, rev: optional(rev), latest: optional(flag) };

type Params<K extends keyof DocumentOperations> = Parameters<DocumentOperations[K]>[0];

export function documentOperations(context: OperationContext): DocumentOperations {
  const { http } = context;
  const json = { accept: 'application/json' };
  const read = (p: GetDocumentParams) => ({
    ...callOptions(p, context, { ...json, ...conditional(p) }),
    searchParams: readParams(p),
  });
  const getDocument = (p: GetDocumentParams): Promise<unknown> =>
    http.get(docPath(p.db, p.docId), {
      ...read(p),
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
          ...callOptions(p, context, json),
          searchParams: { revs: true },
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
        (await http.request(docPath(p.db, p.docId), read(p))).stream(),
    ),
    headDocument: checked('headDocument', HEAD_DOCUMENT, (p: Params<'headDocument'>) =>
      headRev(http, docPath(p.db, p.docId), {
        ...callOptions(p, context, conditional(p)),
        searchParams: { rev: p.rev, latest: p.latest },
      }),
    ),
    postDocument: checked('postDocument', POST_DOCUMENT, (p: WriteDocumentParams) => {
      const body = documentBody(p.document, context.limits, p.contentType);
      const id = isRaw(p.document) ? undefined : (p.document as Document)._id;
      // A POST without an _id creates a new document on every attempt: never retried blindly.
      const idempotent = typeof id === 'string';
      return ownWrite(p, body, id, (p.document as Document)._rev, (options) =>
        http.post(dbPath(p.db), {
          ...options,
          ...body,
          headers: { ...body.headers, ...p.headers },
          searchParams: { batch: p.batch },
          idempotent,
          schema: writeSchema(p),
        }),
      );
    }) as DocumentOperations['postDocument'],
    putDocument: checked('putDocument', PUT_DOCUMENT, (p: Params<'putDocument'>) => {
      const body = documentBody(p.document, context.limits, p.contentType);
      const rev =
        p.rev ??
        (isRaw(p.document) ? undefined : (p.document as Document)._rev) ??
        p.ifMatch?.replace(/"/g, '');
      const id = p.newEdits === false ? undefined : p.docId;
      return ownWrite(p, body, id, rev, (options) =>
        http.put(docPath(p.db, p.docId), {
          ...options,
          body: body.body,
          headers: { ...body.headers, 'if-match': p.ifMatch, ...p.headers },
          searchParams: { rev: p.rev, batch: p.batch, new_edits: p.newEdits },
          schema: writeSchema(p),
        }),
      );
    }) as DocumentOperations['putDocument'],
    deleteDocument: checked('deleteDocument', DELETE_DOCUMENT, (p: Params<'deleteDocument'>) => {
      oneOfParams('deleteDocument', p, ['rev', 'ifMatch'], false);
      return http.delete(docPath(p.db, p.docId), {
        ...callOptions(p, context, conditional(p)),
        searchParams: { rev: p.rev, batch: p.batch },
        schema: writeSchema(p),
      });
    }) as DocumentOperations['deleteDocument'],
  };
}

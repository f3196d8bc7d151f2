import * as v from 'valibot';
import { callOptions, type OperationContext, type RawJson } from '../internal/context.js';
import { checkDocument } from '../internal/documents-input.js';
import { documentRequest } from '../internal/json-body.js';
import { anyName, designPath, localPath } from '../internal/paths.js';
import { checked, flag, optional, type Rules, rev } from '../internal/rules.js';
import { AnyObjectSchema, type Document, jsonObject } from '../schemas/common.js';
import { DocumentReadSchema } from '../schemas/responses.js';
import { DB, type DbParams } from './databases.js';
import {
  type Conditional,
  documentBody,
  READ_OPTIONS,
  type ReadOptions,
  readParams,
} from './documents.js';
import {
  batch,
  CONDITIONAL,
  conditional,
  headers,
  headerValue,
  headRev,
  oneOfParams,
  type WriteResult,
  writeSchema,
} from './shared.js';

/** `GET /{db}/_design/{ddoc}/_info`: the view index of a design document. */
export const DesignDocumentInformationSchema = jsonObject({
  name: v.string(),
  view_index: jsonObject({
    signature: v.optional(v.string()),
    language: v.optional(v.string()),
    sizes: v.optional(AnyObjectSchema),
    update_seq: v.optional(v.unknown()),
    purge_seq: v.optional(v.unknown()),
    updater_running: v.optional(v.boolean()),
    compact_running: v.optional(v.boolean()),
    waiting_clients: v.optional(v.number()),
    waiting_commit: v.optional(v.boolean()),
    updates_pending: v.optional(AnyObjectSchema),
  }),
});
/**
 * GET `/{db}/_design/{ddoc}/_info`: the design document's `name` and its `view_index` (signature,
 * sizes, `update_seq`, whether the updater or compaction runs).
 */
export type DesignDocumentInformation = v.InferOutput<typeof DesignDocumentInformationSchema>;

type DesignParams = DbParams & { ddoc: string };
/** A design document to write: ours is `document`, the Cloudant SDK's `designDocument`. */
type DesignBody =
  | { document: Document; designDocument?: never }
  | { designDocument: Document; document?: never };

/**
 * Design documents (`_design/{ddoc}`: views, indexes, validation) and local documents
 * (`_local/{id}`: never replicated, never in `_changes`); ids are taken with or without their
 * prefix.
 */
export interface DesignLocalOperations {
  /**
   * GET `/{db}/_design/{ddoc}`: the design document with its `_id` and `_rev`; `ddoc` may be given
   * with or without `_design/`. Takes a document read's options, `openRevs` aside.
   * @throws {NotFoundError} when the database or the design document does not exist
   */
  getDesignDocument<T extends Document = Document>(
    params: DesignParams & Omit<ReadOptions, 'openRevs'>,
  ): Promise<T>;
  /** HEAD: the design document's current revision, or `undefined` when there is none. */
  headDesignDocument(params: DesignParams & Conditional): Promise<string | undefined>;
  /**
   * PUT `/{db}/_design/{ddoc}`: creates or updates a design document, given as `document` (or the
   * Cloudant SDK's `designDocument`); give `rev` (or `_rev` in it, or `ifMatch`) to update.
   * Resolves with `{ ok, id, rev }` (`{ ok, id }` with `batch: 'ok'`).
   * @throws {ConflictError} when the revision is missing or stale
   * @throws {InputValidationError} when both or neither of `document` and `designDocument` are
   * given
   */
  putDesignDocument<
    P extends DesignParams &
      DesignBody & { rev?: string; ifMatch?: string; batch?: 'ok'; newEdits?: boolean },
  >(params: P): Promise<WriteResult<P>>;
  /** DELETE; the revision is required, as `rev` or `ifMatch`. */
  deleteDesignDocument<P extends DesignParams & { rev?: string; ifMatch?: string; batch?: 'ok' }>(
    params: P,
  ): Promise<WriteResult<P>>;
  /** GET `/{db}/_design/{ddoc}/_info`: its view index's signature, sizes and state. */
  getDesignDocumentInformation(params: DesignParams): Promise<DesignDocumentInformation>;
  /**
   * GET `/{db}/_local/{docId}`: the local document with its `_id` and `_rev` (`0-N`); `docId` may
   * be given with or without `_local/`.
   * @throws {NotFoundError} when the database or the local document does not exist
   */
  getLocalDocument<T extends Document = Document>(
    params: DbParams & {
      docId: string;
      accept?: string;
      ifNoneMatch?: string;
      attachments?: boolean;
      attEncodingInfo?: boolean;
      localSeq?: boolean;
    },
  ): Promise<T>;
  /** HEAD: whether the local document exists (its ETag is a digest of its body, not a revision). */
  headLocalDocument(params: DbParams & { docId: string; ifNoneMatch?: string }): Promise<boolean>;
  /**
   * PUT `/{db}/_local/{docId}`: creates or replaces a local document (a plain object, or its JSON
   * as bytes or a stream). CouchDB 3 takes no revision here: the write always wins, and the
   * answer's `rev` is `0-N`. Suits replication checkpoints and other per-database state.
   */
  putLocalDocument<
    P extends DbParams & {
      docId: string;
      document: Document | RawJson;
      contentType?: string;
      batch?: 'ok';
    },
  >(params: P): Promise<WriteResult<P>>;
  /**
   * DELETE `/{db}/_local/{docId}`; `rev` is sent when given, but CouchDB 3 does not check it.
   * @throws {NotFoundError} when the local document does not exist
   */
  deleteLocalDocument<P extends DbParams & { docId: string; rev?: string; batch?: 'ok' }>(
    params: P,
  ): Promise<WriteResult<P>>;
}

const DESIGN: Rules = { ...DB, ddoc: anyName };
const { openRevs: _, ...DESIGN_READ } = READ_OPTIONS;
const PUT_DESIGN: Rules = {
  ...DESIGN,
  rev: optional(rev),
  ifMatch: CONDITIONAL.ifMatch as never,
  batch,
  newEdits: optional(flag),
};
const DELETE_DESIGN: Rules = { ...DESIGN, ...CONDITIONAL, rev: optional(rev), batch };
const LOCAL: Rules = { ...DB, docId: anyName };
const GET_LOCAL: Rules = {
  ...LOCAL,
  accept: optional(headerValue),
  ifNoneMatch: CONDITIONAL.ifNoneMatch as never,
  attachments: optional(flag),
  attEncodingInfo: optional(flag),
  localSeq: optional(flag),
};

type Params<K extends keyof DesignLocalOperations> = Parameters<DesignLocalOperations[K]>[0];

export function designLocalOperations(context: OperationContext): DesignLocalOperations {
  const { http } = context;
  return {
    getDesignDocument: checked(
      'getDesignDocument',
      { ...DESIGN, ...DESIGN_READ },
      (p: Params<'getDesignDocument'>) =>
        http.get(designPath(p.db, p.ddoc), {
          ...callOptions(p, context, conditional(p)),
          searchParams: readParams(p),
          schema: DocumentReadSchema,
        }),
    ) as DesignLocalOperations['getDesignDocument'],
    headDesignDocument: checked(
      'headDesignDocument',
      { ...DESIGN, ifNoneMatch: CONDITIONAL.ifNoneMatch as never },
      (p: Params<'headDesignDocument'>) =>
        headRev(http, designPath(p.db, p.ddoc), {
          ...callOptions(p, context, conditional(p)),
        }),
    ),
    putDesignDocument: checked(
      'putDesignDocument',
      PUT_DESIGN,
      (p: Params<'putDesignDocument'>) => {
        oneOfParams('putDesignDocument', p, ['document', 'designDocument']);
        const document = checkDocument(
          p.document ?? p.designDocument,
          p.document ? 'document' : 'designDocument',
        );
        return http.put(designPath(p.db, p.ddoc), {
          ...documentRequest(document, context.limits, 'document'),
          ...callOptions(p, context, { 'content-type': 'application/json', ...conditional(p) }),
          searchParams: { rev: p.rev, batch: p.batch, new_edits: p.newEdits },
          schema: writeSchema(p),
        });
      },
    ) as DesignLocalOperations['putDesignDocument'],
    deleteDesignDocument: checked(
      'deleteDesignDocument',
      DELETE_DESIGN,
      (p: Params<'deleteDesignDocument'>) => {
        oneOfParams('deleteDesignDocument', p, ['rev', 'ifMatch'], false);
        return http.delete(designPath(p.db, p.ddoc), {
          ...callOptions(p, context, conditional(p)),
          searchParams: { rev: p.rev, batch: p.batch },
          schema: writeSchema(p),
        });
      },
    ) as DesignLocalOperations['deleteDesignDocument'],
    getDesignDocumentInformation: checked(
      'getDesignDocumentInformation',
      DESIGN,
      (p: Params<'getDesignDocumentInformation'>) =>
        http.get(`${designPath(p.db, p.ddoc)}/_info`, {
          ...callOptions(p, context),
          schema: DesignDocumentInformationSchema,
        }),
    ),
    getLocalDocument: checked('getLocalDocument', GET_LOCAL, (p: Params<'getLocalDocument'>) =>
      http.get(localPath(p.db, p.docId), {
        ...callOptions(p, context, { accept: p.accept, ...conditional(p) }),
        searchParams: {
          attachments: p.attachments,
          att_encoding_info: p.attEncodingInfo,
          local_seq: p.localSeq,
        },
        schema: DocumentReadSchema,
      }),
    ) as DesignLocalOperations['getLocalDocument'],
    headLocalDocument: checked(
      'headLocalDocument',
      { ...LOCAL, ifNoneMatch: CONDITIONAL.ifNoneMatch as never },
      async (p: Params<'headLocalDocument'>) =>
        (await headers(http, localPath(p.db, p.docId), {
          ...callOptions(p, context, conditional(p)),
        })) !== undefined,
    ),
    putLocalDocument: checked(
      'putLocalDocument',
      { ...LOCAL, contentType: optional(headerValue), batch },
      (p: Params<'putLocalDocument'>) =>
        http.put(localPath(p.db, p.docId), {
          ...callOptions(p, context),
          ...documentBody(p.document, context.limits, p.contentType),
          searchParams: { batch: p.batch },
          schema: writeSchema(p),
        }),
    ) as DesignLocalOperations['putLocalDocument'],
    deleteLocalDocument: checked(
      'deleteLocalDocument',
      { ...LOCAL, rev: optional(rev), batch },
      (p: Params<'deleteLocalDocument'>) =>
        http.delete(localPath(p.db, p.docId), {
          ...callOptions(p, context),
          searchParams: { rev: p.rev, batch: p.batch },
          schema: writeSchema(p),
        }),
    ) as DesignLocalOperations['deleteLocalDocument'],
  };
}

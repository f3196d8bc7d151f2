import * as v from 'valibot';
import { callOptions, type OperationContext, type RawJson } from '../internal/context.js';
import { checkDocuments } from '../internal/documents-input.js';
import { bulkDocsJson, checkRawBody, JSON_TYPE, jsonRequest } from '../internal/json-body.js';
import { confirmOwnRows, countRetries } from '../internal/own-writes.js';
import { dbPath } from '../internal/paths.js';
import {
  checked,
  flag,
  isRecord,
  isRev,
  optional,
  type Rule,
  type Rules,
  rev,
  revs,
} from '../internal/rules.js';
import type { Document } from '../schemas/common.js';
import {
  BulkDocsResultSchema,
  type BulkDocsRow,
  type BulkGetResult,
  BulkGetResultSchema,
  RevsDiffSchema,
} from '../schemas/responses.js';
import { DB, type DbParams } from './databases.js';
import { isRaw } from './documents.js';
import { oneOfParams } from './shared.js';

/** Many documents in one request: `_bulk_docs` writes, `_bulk_get` reads and `_revs_diff`. */
export interface BulkOperations {
  /**
   * POST `/{db}/_bulk_docs`. Each row of the answer is a success (`rev`) or a failure (`error`,
   * `reason`): check them, the call itself succeeds when some rows fail. Retried only when every
   * document has an `_id`. After a retry, a `conflict` row whose document's current revision is
   * the one this call wrote (its first answer was lost) is reported as written: the revision
   * after the `_rev` sent (or the first), with the body sent, checked through `_bulk_get`.
   */
  postBulkDocs(params: BulkDocsParams): Promise<BulkDocsRow[]>;
  /** POST `/{db}/_bulk_get`: per id, `{ ok: doc }` or `{ error }`. */
  postBulkGet(params: BulkGetParams): Promise<BulkGetResult>;
  /** `postBulkGet`, with the answer's body as an unparsed stream. */
  postBulkGetAsStream(params: BulkGetParams): Promise<ReadableStream<Uint8Array>>;
  /** POST `/{db}/_revs_diff`. */
  postRevsDiff(
    params: DbParams &
      (
        | { revs: Record<string, string[]>; documentRevisions?: never }
        | { documentRevisions: Record<string, string[]>; revs?: never }
      ),
  ): Promise<Record<string, { missing: string[] }>>;
}

/**
 * The documents to write: ours as `docs` (and `newEdits`), or as the Cloudant SDK gives them,
 * `bulkDocs: { docs, newEdits }` (or raw JSON bytes).
 */
export type BulkDocsParams = DbParams &
  (
    | { docs: Document[] | RawJson; newEdits?: boolean; bulkDocs?: never }
    | {
        bulkDocs: { docs: Document[]; newEdits?: boolean } | RawJson;
        docs?: never;
        newEdits?: never;
      }
  );

/**
 * What `postBulkGet` reads: per entry an `id` (and a `rev`, else the winning revision), with the
 * read options sent as query parameters.
 */
export type BulkGetParams = DbParams & {
  /** `attsSince` (sent as `atts_since`): attachments changed after these revisions come with data. */
  docs: { id: string; rev?: string; attsSince?: string[] }[];
  revs?: boolean;
  attachments?: boolean;
  attEncodingInfo?: boolean;
  latest?: boolean;
};

const isBulkGetEntry = (d: unknown) =>
  isRecord(d) &&
  typeof d.id === 'string' &&
  d.id !== '' &&
  (d.rev === undefined || isRev(d.rev)) &&
  (d.attsSince === undefined || revs.test(d.attsSince));
const bulkGetDocs: Rule = {
  schema: v.array(
    v.pipe(
      v.custom<Record<string, unknown>>(isRecord, 'must be an object { id, rev? }'),
      v.looseObject({
        id: v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty')),
        rev: v.optional(rev.schema),
        attsSince: v.optional(revs.schema),
      }),
    ),
    'must be an array of { id, rev?, attsSince? }',
  ),
  test: (x) => Array.isArray(x) && x.every(isBulkGetEntry),
};
const revsByDocId: Rule = {
  schema: v.pipe(
    v.custom<Record<string, unknown>>(isRecord, 'must be an object of document ids to revisions'),
    v.record(v.string(), revs.schema),
  ),
  test: (x) => isRecord(x) && Object.values(x).every(revs.test),
};
const isBulkDocs = (x: unknown) =>
  isRaw(x) ||
  (isRecord(x) &&
    Array.isArray(x.docs) &&
    (x.newEdits === undefined || typeof x.newEdits === 'boolean'));
const bulkDocs: Rule = {
  schema: v.union(
    [
      v.custom(isRaw),
      v.pipe(
        v.custom<Record<string, unknown>>(isRecord),
        v.looseObject({
          docs: v.array(v.unknown(), 'must be an array of documents'),
          newEdits: v.optional(flag.schema),
        }),
      ),
    ],
    'must be { docs, newEdits? } or JSON as bytes or a stream',
  ),
  test: isBulkDocs,
};
const POST_BULK_DOCS: Rules = { ...DB, newEdits: optional(flag), bulkDocs: optional(bulkDocs) };
export const POST_BULK_GET: Rules = {
  ...DB,
  docs: bulkGetDocs,
  revs: optional(flag),
  attachments: optional(flag),
  attEncodingInfo: optional(flag),
  latest: optional(flag),
};
const POST_REVS_DIFF: Rules = {
  ...DB,
  revs: optional(revsByDocId),
  documentRevisions: optional(revsByDocId),
};

/** The request of a `_bulk_get` (its JSON body and query string), safe to retry. */
export function bulkGetRequest(p: BulkGetParams, context: OperationContext, method: string) {
  return {
    ...jsonRequest(
      {
        docs: p.docs.some((d) => d.attsSince)
          ? p.docs.map(({ attsSince, ...d }) => (attsSince ? { ...d, atts_since: attsSince } : d))
          : p.docs,
      },
      context.limits,
      `${method} params`,
      'docs',
      p.docs,
    ),
    ...callOptions(p, context, JSON_TYPE),
    searchParams: {
      revs: p.revs,
      attachments: p.attachments,
      att_encoding_info: p.attEncodingInfo,
      latest: p.latest,
    },
    idempotent: true,
  };
}

/** True for rows that failed; narrows to the failure shape. */
export function isBulkRowError(row: BulkDocsRow): row is BulkDocsRow & { error: string } {
  return typeof row.error === 'string';
}

type Params<K extends keyof BulkOperations> = Parameters<BulkOperations[K]>[0];

export function bulkOperations(context: OperationContext): BulkOperations {
  const { http } = context;
  return {
    postBulkDocs: checked('postBulkDocs', POST_BULK_DOCS, async (p: BulkDocsParams) => {
      oneOfParams('postBulkDocs', p, ['docs', 'bulkDocs']);
      const given = p.bulkDocs;
      const input = given === undefined || isRaw(given) ? (p.docs ?? given) : given.docs;
      const newEdits = given === undefined || isRaw(given) ? p.newEdits : given.newEdits;
      if (isRaw(input)) {
        checkRawBody(input, context.limits, p.docs ? 'docs' : 'bulkDocs');
        return http.post(`${dbPath(p.db)}/_bulk_docs`, {
          ...callOptions(p, context, JSON_TYPE),
          body: input,
          idempotent: false,
          schema: BulkDocsResultSchema,
        });
      }
      const docs = checkDocuments(input, p.docs ? 'docs' : 'bulkDocs.docs');
      const { body, parts } = bulkDocsJson(docs, newEdits, context.limits);
      const options = callOptions(p, context, JSON_TYPE);
      const idempotent = docs.every((d) => typeof d._id === 'string');
      // Only a retried call can meet its own lost write; new_edits=false reports no conflicts.
      const counted =
        idempotent && newEdits !== false ? countRetries(options.retry ?? context.retry) : undefined;
      const path = dbPath(p.db);
      const rows = await http.post(`${path}/_bulk_docs`, {
        ...options,
        ...(counted ? { retry: counted.retry } : {}),
        body,
        idempotent,
        schema: BulkDocsResultSchema,
      });
      if (!counted?.retried()) return rows;
      const sent = docs.map((d, i) =>
        d._deleted === true
          ? undefined
          : { id: d._id as string, rev: d._rev, json: parts[i] as string },
      );
      return confirmOwnRows(rows, sent, (ids) =>
        http.post(`${path}/_bulk_get`, {
          ...options,
          body: JSON.stringify({ docs: ids.map((id) => ({ id })) }),
          searchParams: { revs: true },
          idempotent: true,
          schema: BulkGetResultSchema,
        }),
      );
    }),
    postBulkGet: checked('postBulkGet', POST_BULK_GET, (p: BulkGetParams) =>
      http.post(`${dbPath(p.db)}/_bulk_get`, {
        ...bulkGetRequest(p, context, 'postBulkGet'),
        schema: BulkGetResultSchema,
      }),
    ),
    postBulkGetAsStream: checked('postBulkGetAsStream', POST_BULK_GET, async (p: BulkGetParams) =>
      (
        await http.request(`${dbPath(p.db)}/_bulk_get`, {
          ...bulkGetRequest(p, context, 'postBulkGetAsStream'),
          method: 'POST',
        })
      ).stream(),
    ),
    postRevsDiff: checked('postRevsDiff', POST_REVS_DIFF, (p: Params<'postRevsDiff'>) => {
      oneOfParams('postRevsDiff', p, ['revs', 'documentRevisions']);
      const field = p.revs ? 'revs' : 'documentRevisions';
      return http.post(`${dbPath(p.db)}/_revs_diff`, {
        ...jsonRequest(p.revs ?? p.documentRevisions, context.limits, 'postRevsDiff params', field),
        ...callOptions(p, context, JSON_TYPE),
        idempotent: true,
        schema: RevsDiffSchema,
      });
    }),
  };
}

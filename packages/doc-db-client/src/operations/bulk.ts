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

export interface BulkOperations {
  /**
   * POST `/{db}/_bulk_docs`. Each row of the answer is a success (`rev`) or a failure (`error`,
   * `reason`): check them, the call itself succeeds when some rows fail. Retried only when every
   * document has an `_id`. After a retry, a `conflict` row whose document's current revision is
   * the one this call wrote (its first answer was lost) is reported as written: the revision
   * after the `_rev` sent (or the first), with the body sent, checked through `_bulk_get`.
   */
  postBulkDocs(
    params: DbParams & { docs: Document[] | RawJson; newEdits?: boolean },
  ): Promise<BulkDocsRow[]>;
  /** POST `/{db}/_bulk_get`: per id, `{ ok: doc }` or `{ error }`. */
  postBulkGet(params: BulkGetParams): Promise<BulkGetResult>;
  /** `postBulkGet`, with the answer's body as an unparsed stream. */
  postBulkGetAsStream(params: BulkGetParams): Promise<ReadableStream<Uint8Array>>;
  /** POST `/{db}/_revs_diff`. */
  postRevsDiff(
    params: DbParams & { revs: Record<string, string[]> },
  ): Promise<Record<string, { missing: string[] }>>;
}

export type BulkGetParams = DbParams & {
  docs: { id: string; rev?: string }[];
  revs?: boolean;
  attachments?: boolean;
};

const isBulkGetEntry = (d: unknown) =>
  isRecord(d) && typeof d.id === 'string' && d.id !== '' && (d.rev === undefined || isRev(d.rev));
const bulkGetDocs: Rule = {
  schema: v.array(
    v.pipe(
      v.custom<Record<string, unknown>>(isRecord, 'must be an object { id, rev? }'),
      v.looseObject({
        id: v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty')),
        rev: v.optional(rev.schema),
      }),
    ),
    'must be an array of { id, rev? }',
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
const POST_BULK_DOCS: Rules = { ...DB, newEdits: optional(flag) };
const POST_BULK_GET: Rules = {
  ...DB,
  docs: bulkGetDocs,
  revs: optional(flag),
  attachments: optional(flag),
};
const POST_REVS_DIFF: Rules = { ...DB, revs: revsByDocId };

/** True for rows that failed; narrows to the failure shape. */
export function isBulkRowError(row: BulkDocsRow): row is BulkDocsRow & { error: string } {
  return typeof row.error === 'string';
}

type Params<K extends keyof BulkOperations> = Parameters<BulkOperations[K]>[0];

export function bulkOperations(context: OperationContext): BulkOperations {
  const { http } = context;
  const bulkGet = (p: BulkGetParams) => ({
    ...callOptions(p, context),
    ...jsonRequest({ docs: p.docs }, context.limits, 'postBulkGet params', 'docs', p.docs),
    searchParams: { revs: p.revs, attachments: p.attachments },
    idempotent: true,
  });
  return {
    postBulkDocs: checked('postBulkDocs', POST_BULK_DOCS, async (p: Params<'postBulkDocs'>) => {
      if (isRaw(p.docs)) {
        checkRawBody(p.docs, context.limits, 'docs');
        return http.post(`${dbPath(p.db)}/_bulk_docs`, {
          ...callOptions(p, context),
          body: p.docs,
          headers: JSON_TYPE,
          idempotent: false,
          schema: BulkDocsResultSchema,
        });
      }
      const docs = checkDocuments(p.docs, 'docs');
      const { body, parts } = bulkDocsJson(docs, p.newEdits, context.limits);
      const options = callOptions(p, context);
      const idempotent = docs.every((d) => typeof d._id === 'string');
      // Only a retried call can meet its own lost write; new_edits=false reports no conflicts.
      const counted =
        idempotent && p.newEdits !== false
          ? countRetries(options.retry ?? context.retry)
          : undefined;
      const path = dbPath(p.db);
      const rows = await http.post(`${path}/_bulk_docs`, {
        ...options,
        ...(counted ? { retry: counted.retry } : {}),
        body,
        headers: JSON_TYPE,
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
          headers: JSON_TYPE,
          searchParams: { revs: true },
          idempotent: true,
          schema: BulkGetResultSchema,
        }),
      );
    }),
    postBulkGet: checked('postBulkGet', POST_BULK_GET, (p: BulkGetParams) =>
      http.post(`${dbPath(p.db)}/_bulk_get`, { ...bulkGet(p), schema: BulkGetResultSchema }),
    ),
    postBulkGetAsStream: checked('postBulkGetAsStream', POST_BULK_GET, async (p: BulkGetParams) =>
      (await http.request(`${dbPath(p.db)}/_bulk_get`, { ...bulkGet(p), method: 'POST' })).stream(),
    ),
    postRevsDiff: checked('postRevsDiff', POST_REVS_DIFF, (p: Params<'postRevsDiff'>) =>
      http.post(`${dbPath(p.db)}/_revs_diff`, {
        ...callOptions(p, context),
        ...jsonRequest(p.revs, context.limits, 'postRevsDiff params', 'revs'),
        idempotent: true,
        schema: RevsDiffSchema,
      }),
    ),
  };
}

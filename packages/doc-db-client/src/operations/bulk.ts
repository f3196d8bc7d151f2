import { validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';
import { callOptions, type OperationContext, type RawBody } from '../internal/context.js';
import { checkDocuments } from '../internal/documents-input.js';
import { dbPath } from '../internal/paths.js';
import type { Document } from '../schemas/common.js';
import {
  BulkDocsResultSchema,
  type BulkDocsRow,
  type BulkGetResult,
  BulkGetResultSchema,
} from '../schemas/responses.js';
import type { DbParams } from './databases.js';

export interface BulkOperations {
  /**
   * POST `/{db}/_bulk_docs`. Each row of the answer is a success (`rev`) or a failure (`error`,
   * `reason`): check them, the call itself succeeds when some rows fail. Retried only when every
   * document has an `_id` (a retry then reports conflicts for rows that landed, never duplicates).
   */
  postBulkDocs(
    params: DbParams & { docs: Document[] | RawBody; newEdits?: boolean },
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

const BulkGetDocsSchema = v.array(
  v.object({
    id: v.pipe(v.string(), v.nonEmpty('must not be empty')),
    rev: v.optional(v.string()),
  }),
);

/** True for rows that failed; narrows to the failure shape. */
export function isBulkRowError(row: BulkDocsRow): row is BulkDocsRow & { error: string } {
  return typeof row.error === 'string';
}

export function bulkOperations(context: OperationContext): BulkOperations {
  const { http } = context;
  const bulkGet = (p: BulkGetParams) => ({
    ...callOptions(p, context),
    json: { docs: validateInput(BulkGetDocsSchema, p.docs, 'docs') },
    searchParams: { revs: p.revs, attachments: p.attachments },
    idempotent: true,
  });
  return {
    postBulkDocs: (p) => {
      const raw = !Array.isArray(p.docs);
      const docs = raw ? undefined : checkDocuments(p.docs, 'docs');
      const idempotent = docs?.every((d) => typeof d._id === 'string') ?? false;
      return http.post(`${dbPath(p.db)}/_bulk_docs`, {
        ...callOptions(p, context),
        ...(docs
          ? { json: { docs, ...(p.newEdits === undefined ? {} : { new_edits: p.newEdits }) } }
          : { body: p.docs as RawBody, headers: { 'content-type': 'application/json' } }),
        idempotent,
        schema: BulkDocsResultSchema,
      });
    },
    postBulkGet: (p) =>
      http.post(`${dbPath(p.db)}/_bulk_get`, { ...bulkGet(p), schema: BulkGetResultSchema }),
    postBulkGetAsStream: async (p) =>
      (await http.request(`${dbPath(p.db)}/_bulk_get`, { ...bulkGet(p), method: 'POST' })).stream(),
    postRevsDiff: (p) =>
      http.post(`${dbPath(p.db)}/_revs_diff`, {
        ...callOptions(p, context),
        json: p.revs,
        idempotent: true,
      }),
  };
}

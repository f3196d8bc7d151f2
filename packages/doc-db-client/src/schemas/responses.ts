import * as v from 'valibot';
import { jsonObject, SeqSchema } from './common.js';

export const ServerInformationSchema = v.looseObject({
  /** `"Welcome"` on CouchDB and Cloudant (PouchDB Server says it under `express-pouchdb`). */
  couchdb: v.optional(v.string()),
  version: v.optional(v.string()),
  vendor: v.optional(v.looseObject({})),
  features: v.optional(v.array(v.string())),
});
export type ServerInformation = v.InferOutput<typeof ServerInformationSchema>;

export const DatabaseInformationSchema = v.looseObject({
  db_name: v.string(),
  doc_count: v.number(),
  doc_del_count: v.optional(v.number()),
  update_seq: SeqSchema,
  purge_seq: v.optional(SeqSchema),
  sizes: v.optional(
    v.looseObject({
      active: v.optional(v.number()),
      external: v.optional(v.number()),
      file: v.optional(v.number()),
    }),
  ),
  props: v.optional(v.looseObject({ partitioned: v.optional(v.boolean()) })),
});
export type DatabaseInformation = v.InferOutput<typeof DatabaseInformationSchema>;

export const ChangesResultItemSchema = v.looseObject({
  id: v.string(),
  seq: v.optional(SeqSchema),
  changes: v.array(v.looseObject({ rev: v.string() })),
  deleted: v.optional(v.boolean()),
  doc: v.optional(v.record(v.string(), v.unknown())),
});
export type ChangesResultItem = v.InferOutput<typeof ChangesResultItemSchema>;

export const ChangesResultSchema = v.looseObject({
  results: v.array(ChangesResultItemSchema),
  last_seq: SeqSchema,
  pending: v.optional(v.number()),
});
export type ChangesResult = v.InferOutput<typeof ChangesResultSchema>;

const RowSchema = v.looseObject({
  id: v.optional(v.string()),
  key: v.unknown(),
  value: v.optional(v.unknown()),
  doc: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
  error: v.optional(v.string()),
});
export type ViewRow = v.InferOutput<typeof RowSchema>;

/** `_all_docs` and views: rows, and for a missing key in `keys` a row with `error`. */
export const ViewResultSchema = v.looseObject({
  total_rows: v.optional(v.number()),
  offset: v.optional(v.nullable(v.number())),
  update_seq: v.optional(SeqSchema),
  rows: v.array(RowSchema),
});
export type ViewResult = v.InferOutput<typeof ViewResultSchema>;

/** One row of `_bulk_docs`: a success with `rev`, or a failure with `error` and `reason`. */
export const BulkDocsRowSchema = v.union([
  v.looseObject({
    id: v.string(),
    rev: v.string(),
    ok: v.optional(v.boolean()),
    error: v.optional(v.undefined()),
  }),
  v.looseObject({ id: v.optional(v.string()), error: v.string(), reason: v.optional(v.string()) }),
]);
export type BulkDocsRow = v.InferOutput<typeof BulkDocsRowSchema>;
export const BulkDocsResultSchema = v.array(BulkDocsRowSchema);

/** One result of `_bulk_get`: per requested id, `{ ok: doc }` or `{ error: {...} }` entries. */
export const BulkGetResultSchema = v.looseObject({
  results: v.array(
    v.looseObject({
      id: v.string(),
      docs: v.array(
        v.union([
          v.looseObject({ ok: v.record(v.string(), v.unknown()) }),
          v.looseObject({
            error: v.looseObject({
              id: v.optional(v.string()),
              rev: v.optional(v.string()),
              error: v.string(),
              reason: v.optional(v.string()),
            }),
          }),
          v.looseObject({}),
        ]),
      ),
    }),
  ),
});
export type BulkGetResult = v.InferOutput<typeof BulkGetResultSchema>;

export const FindResultSchema = v.looseObject({
  docs: v.array(v.record(v.string(), v.unknown())),
  bookmark: v.optional(v.string()),
  warning: v.optional(v.string()),
  execution_stats: v.optional(v.looseObject({})),
});
export type FindResult = v.InferOutput<typeof FindResultSchema>;

export const SearchResultSchema = v.looseObject({
  total_rows: v.number(),
  bookmark: v.optional(v.string()),
  rows: v.array(
    v.looseObject({
      id: v.string(),
      order: v.optional(v.array(v.unknown())),
      fields: v.optional(v.looseObject({})),
      doc: v.optional(v.looseObject({})),
    }),
  ),
});
export type SearchResult = v.InferOutput<typeof SearchResultSchema>;

export const IndexResultSchema = v.looseObject({
  result: v.string(),
  id: v.string(),
  name: v.string(),
});
export type IndexResult = v.InferOutput<typeof IndexResultSchema>;

export const IndexesInformationSchema = v.looseObject({
  total_rows: v.number(),
  indexes: v.array(
    v.looseObject({
      ddoc: v.nullable(v.string()),
      name: v.string(),
      type: v.string(),
      def: v.looseObject({}),
    }),
  ),
});
export type IndexesInformation = v.InferOutput<typeof IndexesInformationSchema>;

const SecurityGroupSchema = jsonObject({
  names: v.optional(v.array(v.string('must be a string'), 'must be an array of names')),
  roles: v.optional(v.array(v.string('must be a string'), 'must be an array of roles')),
});
export const SecuritySchema = jsonObject({
  admins: v.optional(SecurityGroupSchema),
  members: v.optional(SecurityGroupSchema),
});
export type Security = v.InferOutput<typeof SecuritySchema>;

export const SessionInformationSchema = v.looseObject({
  ok: v.boolean(),
  userCtx: v.looseObject({ name: v.nullable(v.string()), roles: v.array(v.string()) }),
  info: v.optional(v.looseObject({})),
});
export type SessionInformation = v.InferOutput<typeof SessionInformationSchema>;

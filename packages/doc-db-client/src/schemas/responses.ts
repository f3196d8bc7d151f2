import * as v from 'valibot';
import { AnyObjectSchema, jsonObject, SeqSchema } from './common.js';

export const ServerInformationSchema = jsonObject({
  /** `"Welcome"` on CouchDB and Cloudant (PouchDB Server says it under `express-pouchdb`). */
  couchdb: v.optional(v.string()),
  version: v.string(),
  vendor: v.optional(AnyObjectSchema),
  features: v.optional(v.array(v.string())),
});
export type ServerInformation = v.InferOutput<typeof ServerInformationSchema>;

export const DatabaseInformationSchema = jsonObject({
  db_name: v.string(),
  doc_count: v.number(),
  doc_del_count: v.optional(v.number()),
  update_seq: SeqSchema,
  purge_seq: v.optional(SeqSchema),
  sizes: v.optional(
    jsonObject({
      active: v.optional(v.number()),
      external: v.optional(v.number()),
      file: v.optional(v.number()),
    }),
  ),
  props: v.optional(jsonObject({ partitioned: v.optional(v.boolean()) })),
});
export type DatabaseInformation = v.InferOutput<typeof DatabaseInformationSchema>;

export const ChangesResultItemSchema = jsonObject({
  id: v.string(),
  // null on the rows between two `seq_interval` points (CouchDB 3.5 writes `"seq": null` there).
  seq: v.optional(v.nullable(SeqSchema)),
  changes: v.array(jsonObject({ rev: v.string() })),
  deleted: v.optional(v.boolean()),
  doc: v.optional(AnyObjectSchema),
});
export type ChangesResultItem = v.InferOutput<typeof ChangesResultItemSchema>;

export const ChangesResultSchema = jsonObject({
  results: v.array(ChangesResultItemSchema),
  last_seq: SeqSchema,
  pending: v.optional(v.number()),
});
export type ChangesResult = v.InferOutput<typeof ChangesResultSchema>;

const RowSchema = jsonObject({
  id: v.optional(v.string()),
  key: v.unknown(),
  value: v.optional(v.unknown()),
  doc: v.optional(v.nullable(AnyObjectSchema)),
  error: v.optional(v.string()),
});
export type ViewRow = v.InferOutput<typeof RowSchema>;

/** `_all_docs` and views: rows, and for a missing key in `keys` a row with `error`. */
export const ViewResultSchema = jsonObject({
  total_rows: v.optional(v.number()),
  offset: v.optional(v.nullable(v.number())),
  update_seq: v.optional(SeqSchema),
  rows: v.array(RowSchema),
});
export type ViewResult = v.InferOutput<typeof ViewResultSchema>;

/** One row of `_bulk_docs`: a success with `rev`, or a failure with `error` and `reason`. */
export const BulkDocsRowSchema = v.union([
  jsonObject({
    id: v.string(),
    rev: v.string(),
    ok: v.optional(v.boolean()),
    error: v.optional(v.undefined()),
  }),
  jsonObject({ id: v.optional(v.string()), error: v.string(), reason: v.optional(v.string()) }),
]);
export type BulkDocsRow = v.InferOutput<typeof BulkDocsRowSchema>;
export const BulkDocsResultSchema = v.array(BulkDocsRowSchema);

/** One result of `_bulk_get`: per requested id, `{ ok: doc }` or `{ error: {...} }` entries. */
export const BulkGetResultSchema = jsonObject({
  results: v.array(
    jsonObject({
      id: v.string(),
      docs: v.array(
        v.union([
          jsonObject({ ok: AnyObjectSchema }),
          jsonObject({
            error: jsonObject({
              id: v.optional(v.string()),
              rev: v.optional(v.string()),
              error: v.string(),
              reason: v.optional(v.string()),
            }),
          }),
          AnyObjectSchema,
        ]),
      ),
    }),
  ),
});
export type BulkGetResult = v.InferOutput<typeof BulkGetResultSchema>;

export const FindResultSchema = jsonObject({
  docs: v.array(AnyObjectSchema),
  bookmark: v.optional(v.string()),
  warning: v.optional(v.string()),
  execution_stats: v.optional(AnyObjectSchema),
});
export type FindResult = v.InferOutput<typeof FindResultSchema>;

export const SearchResultSchema = jsonObject({
  total_rows: v.number(),
  bookmark: v.optional(v.string()),
  rows: v.array(
    jsonObject({
      id: v.string(),
      order: v.optional(v.array(v.unknown())),
      fields: v.optional(AnyObjectSchema),
      doc: v.optional(AnyObjectSchema),
    }),
  ),
});
export type SearchResult = v.InferOutput<typeof SearchResultSchema>;

export const IndexResultSchema = jsonObject({
  result: v.string(),
  id: v.string(),
  name: v.string(),
});
export type IndexResult = v.InferOutput<typeof IndexResultSchema>;

export const IndexesInformationSchema = jsonObject({
  total_rows: v.number(),
  indexes: v.array(
    jsonObject({
      ddoc: v.nullable(v.string()),
      name: v.string(),
      type: v.string(),
      def: AnyObjectSchema,
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

export const SessionInformationSchema = jsonObject({
  ok: v.boolean(),
  userCtx: jsonObject({ name: v.nullable(v.string()), roles: v.array(v.string()) }),
  info: v.optional(AnyObjectSchema),
});
export type SessionInformation = v.InferOutput<typeof SessionInformationSchema>;

/** A document as a read answers it: `_id` and `_rev` always there. */
export const DocumentReadSchema = jsonObject({
  _id: v.string(),
  _rev: v.string(),
  _deleted: v.optional(v.boolean()),
});

/** `open_revs`: per revision asked, the document (`ok`) or the revision it does not have. */
export const OpenRevsSchema = v.array(
  v.union([jsonObject({ ok: DocumentReadSchema }), jsonObject({ missing: v.string() })]),
);

/** `_revs_diff`: per document id, the revisions the database lacks. */
export const RevsDiffSchema = v.pipe(
  AnyObjectSchema,
  v.record(
    v.string(),
    jsonObject({
      missing: v.array(v.string()),
      possible_ancestors: v.optional(v.array(v.string())),
    }),
  ),
);

/** `_explain`: the index a Mango query would use, and the query as the server read it. */
export const ExplainSchema = jsonObject({ index: AnyObjectSchema, selector: AnyObjectSchema });
export type ExplainResult = v.InferOutput<typeof ExplainSchema>;

/** `GET /{db}/_partition/{key}`. */
export const PartitionInformationSchema = jsonObject({
  db_name: v.string(),
  partition: v.string(),
  doc_count: v.number(),
});
export type PartitionInformation = v.InferOutput<typeof PartitionInformationSchema>;

/** The line that ends a continuous feed. */
export const LastSeqSchema = jsonObject({ last_seq: SeqSchema, pending: v.optional(v.number()) });

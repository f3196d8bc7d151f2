import * as v from 'valibot';
import { AnyObjectSchema, jsonObject, type Seq, SeqSchema } from './common.js';

export const ServerInformationSchema = jsonObject({
  couchdb: v.optional(v.string()),
  version: v.string(),
  vendor: v.optional(AnyObjectSchema),
  features: v.optional(v.array(v.string())),
});
/**
 * GET `/`: the server's welcome (`couchdb`: `"Welcome"` on CouchDB and Cloudant; PouchDB Server
 * says it under `express-pouchdb`), `version`, `vendor` and `features`.
 */
export type ServerInformation = v.InferOutput<typeof ServerInformationSchema>;

/** Checks GET `/{db}`'s answer; see {@link DatabaseInformation}. */
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
/**
 * GET `/{db}`: `db_name`, `doc_count`, `doc_del_count`, `update_seq`, `sizes` (bytes: `active`,
 * `external`, `file`) and `props.partitioned`.
 */
export type DatabaseInformation = v.InferOutput<typeof DatabaseInformationSchema>;

/**
 * Checks one row of a `_changes` answer (or one line of a continuous feed); see
 * {@link ChangesResultItem}.
 */
export const ChangesResultItemSchema = jsonObject({
  id: v.string(),
  // null on the rows between two `seq_interval` points (CouchDB 3.5 writes `"seq": null` there).
  seq: v.optional(v.nullable(SeqSchema)),
  changes: v.array(jsonObject({ rev: v.string() })),
  deleted: v.optional(v.boolean()),
  doc: v.optional(AnyObjectSchema),
});
/**
 * One change: the document `id`, its revisions in `changes` (the winner, or every leaf with
 * `style: 'all_docs'`), `deleted` for a deletion, the `doc` with `includeDocs`, and its `seq`
 * (`null` between two `seq_interval` points).
 */
export type ChangesResultItem = v.InferOutput<typeof ChangesResultItemSchema>;

/** Checks a normal or longpoll `_changes` answer; see {@link ChangesResult}. */
export const ChangesResultSchema = jsonObject({
  results: v.array(ChangesResultItemSchema),
  last_seq: SeqSchema,
  pending: v.optional(v.number()),
});
/**
 * A `_changes` answer: the `results`, the `last_seq` to resume from, and `pending` changes left.
 */
export type ChangesResult = v.InferOutput<typeof ChangesResultSchema>;

/**
 * A `_changes` answer read by `readChangesBatch`: its rows, the `last_seq` to resume from, the
 * `pending` changes left (when the server says), and the body's size in bytes (for sizing the
 * next batch).
 */
export interface ChangesBatchResult {
  results: ChangesResultItem[];
  last_seq: Seq;
  pending: number | undefined;
  /** Bytes of the body as received. */
  bytes: number;
}

const RowSchema = jsonObject({
  id: v.optional(v.string()),
  key: v.unknown(),
  value: v.optional(v.unknown()),
  doc: v.optional(v.nullable(AnyObjectSchema)),
  error: v.optional(v.string()),
});
/**
 * A row of `_all_docs` or a view: `id`, `key`, `value`, the `doc` with `includeDocs`, or `error`
 * (`not_found`) for a key of `keys` that has no row.
 */
export type ViewRow = v.InferOutput<typeof RowSchema>;

/** `_all_docs` and views: rows, and for a missing key in `keys` a row with `error`. */
export const ViewResultSchema = jsonObject({
  total_rows: v.optional(v.number()),
  offset: v.optional(v.nullable(v.number())),
  update_seq: v.optional(SeqSchema),
  rows: v.array(RowSchema),
});
/**
 * An `_all_docs` or view answer: `rows`, with `total_rows`, `offset` and `update_seq` when asked.
 */
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
/**
 * One row of a `_bulk_docs` answer, in the order of the documents sent: `{ id, rev }` on success,
 * `{ id, error, reason }` (e.g. `conflict`) on failure; tell them apart with `isBulkRowError`.
 */
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
/** A `_bulk_get` answer: per requested id, its `docs`, each `{ ok: document }` or `{ error }`. */
export type BulkGetResult = v.InferOutput<typeof BulkGetResultSchema>;

export const FindResultSchema = jsonObject({
  docs: v.array(AnyObjectSchema),
  bookmark: v.optional(v.string()),
  warning: v.optional(v.string()),
  execution_stats: v.optional(AnyObjectSchema),
});
/** A `_find` answer: the matching `docs`, a `bookmark` for the next page, and any `warning`. */
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
/** A search index answer: `total_rows`, a `bookmark` for the next page, and the `rows` found. */
export type SearchResult = v.InferOutput<typeof SearchResultSchema>;

export const IndexResultSchema = jsonObject({
  result: v.string(),
  id: v.string(),
  name: v.string(),
});
/**
 * What POST `/{db}/_index` answers: `result` (`created` or `exists`), and the index's `id` and
 * `name`.
 */
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
/** GET `/{db}/_index`: `total_rows` and each index's `ddoc`, `name`, `type` and definition. */
export type IndexesInformation = v.InferOutput<typeof IndexesInformationSchema>;

const SecurityGroupSchema = jsonObject({
  names: v.optional(v.array(v.string('must be a string'), 'must be an array of names')),
  roles: v.optional(v.array(v.string('must be a string'), 'must be an array of roles')),
});
export const SecuritySchema = jsonObject({
  admins: v.optional(SecurityGroupSchema),
  members: v.optional(SecurityGroupSchema),
});
/**
 * A database's security object: `admins` and `members`, each with `names` and `roles`; other
 * members (Cloudant's `cloudant`, `couchdb_auth_only`) are kept as they come.
 */
export type Security = v.InferOutput<typeof SecuritySchema>;

export const SessionInformationSchema = jsonObject({
  ok: v.boolean(),
  userCtx: jsonObject({ name: v.nullable(v.string()), roles: v.array(v.string()) }),
  info: v.optional(AnyObjectSchema),
});
/**
 * GET `/_session`: the user it authenticates as (`userCtx.name`, `null` when anonymous) and roles.
 */
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
/** The answer of `_explain`: the `index` a Mango query would use, and its `selector` as read. */
export type ExplainResult = v.InferOutput<typeof ExplainSchema>;

/** `GET /{db}/_partition/{key}`. */
export const PartitionInformationSchema = jsonObject({
  db_name: v.string(),
  partition: v.string(),
  doc_count: v.number(),
});
/**
 * GET `/{db}/_partition/{key}`: the partition's name and `doc_count` (with sizes, kept as they
 * come).
 */
export type PartitionInformation = v.InferOutput<typeof PartitionInformationSchema>;

/** The line that ends a continuous feed. */
export const LastSeqSchema = jsonObject({ last_seq: SeqSchema, pending: v.optional(v.number()) });

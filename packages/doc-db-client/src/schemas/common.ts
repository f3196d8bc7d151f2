import * as v from 'valibot';

/** A sequence: opaque (a string on CouchDB 2+/Cloudant, a number on PouchDB), never coerced. */
export const SeqSchema = v.union([v.string(), v.number(), v.array(v.unknown())]);
/**
 * An update sequence (`update_seq`, `last_seq`, a change's `seq`): pass it back as it came, e.g.
 * as `since`; never compare or do arithmetic on it.
 */
export type Seq = v.InferOutput<typeof SeqSchema>;

/** True for what JSON writes as an object: not null, not an array. */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `v.looseObject`, which on its own accepts an array (`[1,2]` passes `looseObject({})`). */
export const jsonObject = <const T extends v.ObjectEntries>(entries: T) =>
  v.pipe(
    v.custom<Record<string, unknown>>(isJsonObject, 'must be an object'),
    v.looseObject(entries),
  );

/** Any JSON object, kept as it is (no copy). */
export const AnyObjectSchema = v.custom<Record<string, unknown>>(isJsonObject, 'must be an object');

/** A JSON document as CouchDB stores it; `_id` and `_rev` are optional on writes. */
export const DocumentSchema = jsonObject({
  _id: v.optional(v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty'))),
  _rev: v.optional(v.string('must be a string')),
  _deleted: v.optional(v.boolean('must be a boolean')),
});
/** A document: any JSON object, with CouchDB's reserved fields typed. */
export type Document = v.InferOutput<typeof DocumentSchema> & Record<string, unknown>;

/** What a write answers: `{ ok, id, rev }`. */
export const DocumentResultSchema = jsonObject({
  ok: v.optional(v.boolean()),
  id: v.string(),
  rev: v.string(),
});
/** What a document write answers: its `id` and new `rev` (`ok` is `true` when present). */
export type DocumentResult = v.InferOutput<typeof DocumentResultSchema>;

export const OkSchema = jsonObject({ ok: v.boolean() });
/**
 * The `{ "ok": true }` that CouchDB answers to writes without a revision (databases, security ...).
 */
export type Ok = v.InferOutput<typeof OkSchema>;

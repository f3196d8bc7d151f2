import * as v from 'valibot';

/** A sequence: opaque (a string on CouchDB 2+/Cloudant, a number on PouchDB), never coerced. */
export const SeqSchema = v.union([v.string(), v.number(), v.array(v.unknown())]);
export type Seq = v.InferOutput<typeof SeqSchema>;

/** A JSON document as CouchDB stores it; `_id` and `_rev` are optional on writes. */
export const DocumentSchema = v.looseObject({
  _id: v.optional(v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty'))),
  _rev: v.optional(v.string('must be a string')),
  _deleted: v.optional(v.boolean('must be a boolean')),
});
/** A document: any JSON object, with CouchDB's reserved fields typed. */
export type Document = v.InferOutput<typeof DocumentSchema> & Record<string, unknown>;

/** What a write answers: `{ ok, id, rev }`. */
export const DocumentResultSchema = v.looseObject({
  ok: v.optional(v.boolean()),
  id: v.string(),
  rev: v.string(),
});
export type DocumentResult = v.InferOutput<typeof DocumentResultSchema>;

export const OkSchema = v.looseObject({ ok: v.boolean() });
export type Ok = v.InferOutput<typeof OkSchema>;

import { type RetryOptions, sleep } from '@connectorkit/http-core';
import * as v from 'valibot';
import { isJsonObject, jsonObject } from '../schemas/common.js';
import { type BulkDocsRow, BulkGetResultSchema } from '../schemas/responses.js';

/*
 * A write whose first answer was lost (the server applied it, the client never saw the answer)
 * is retried, and the retry meets a conflict with itself: `conflict` for a document this very
 * call wrote. Such a conflict is reported as the write it was when, and only when, the document's
 * current revision is provably the one this call wrote:
 * - its revision number is one more than the `_rev` the call sent (or 1 for a new document), and
 *   its parent, from `_revisions`, is that `_rev` (so no other branch or later edit is current);
 * - its body is the body the call sent (the JSON sent, read back, against the stored document).
 * Another writer's revision fails one of these, and stays a conflict. A server that keeps no
 * ancestry (`_revisions` with the current id only) cannot prove an update: it stays a conflict.
 */

/** A document as one attempt sent it. */
export interface SentDocument {
  id: string;
  /** The `_rev` it was sent with (none for a new document). */
  rev: string | undefined;
  /** Its JSON, exactly as sent. */
  json: string;
}

/**
 * A call's retry policy with its retries counted: the sleep before each retry is the one place
 * every retry goes through.
 */
export function countRetries(policy: RetryOptions | false): {
  retry: RetryOptions | false;
  retried: () => boolean;
} {
  if (policy === false) return { retry: false, retried: () => false };
  let count = 0;
  const wait = policy.sleep ?? sleep;
  return {
    retry: {
      ...policy,
      sleep: (ms, signal) => {
        count++;
        return wait(ms, signal);
      },
    },
    retried: () => count > 0,
  };
}

const RevisionsSchema = jsonObject({
  _id: v.string(),
  _rev: v.string(),
  _revisions: jsonObject({ start: v.number(), ids: v.array(v.string()) }),
});
type StoredDocument = v.InferOutput<typeof RevisionsSchema>;

/** The fields of a document that are its body (what a revision's content is compared on). */
function bodyOf(document: Record<string, unknown>): Record<string, unknown> {
  const { _id, _rev, _revisions, ...body } = document;
  if (body._deleted === false) delete body._deleted;
  return body;
}

/** Deep equality of two JSON values, object keys in any order. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]))
  );
}

/** True when `stored` is the revision `sent` created: the next one after its `_rev`, with its body. */
export function isOwnRevision(sent: SentDocument, stored: unknown): stored is StoredDocument {
  const parsed = v.safeParse(RevisionsSchema, stored);
  if (!parsed.success) return false;
  const doc = parsed.output;
  const { start, ids } = doc._revisions;
  if (doc._id !== sent.id || doc._rev !== `${start}-${ids[0]}`) return false;
  if (sent.rev === undefined) {
    if (start !== 1) return false;
  } else {
    const dash = sent.rev.indexOf('-');
    const number = Number(sent.rev.slice(0, dash));
    if (start !== number + 1 || ids[1] !== sent.rev.slice(dash + 1)) return false;
  }
  let body: unknown;
  try {
    body = JSON.parse(sent.json);
  } catch {
    return false;
  }
  return isJsonObject(body) && sameJson(bodyOf(doc), bodyOf(body));
}

/** Fetches the current revision (with `_revisions`) of each id, through `_bulk_get`. */
export type FetchCurrent = (ids: string[]) => Promise<unknown>;

/**
 * The rows of a retried `_bulk_docs` with each `conflict` that is this call's own write turned into
 * the success it was. Any failure to find out leaves the rows as the server gave them.
 */
export async function confirmOwnRows(
  rows: BulkDocsRow[],
  sent: readonly (SentDocument | undefined)[],
  fetchCurrent: FetchCurrent,
): Promise<BulkDocsRow[]> {
  const conflicted = new Map<string, number>();
  rows.forEach((row, i) => {
    const doc = sent[i];
    if (row.error === 'conflict' && doc && row.id === doc.id) conflicted.set(doc.id, i);
  });
  if (conflicted.size === 0) return rows;
  let answer: unknown;
  try {
    answer = await fetchCurrent([...conflicted.keys()]);
  } catch {
    return rows;
  }
  // Checked here too: with validateResponses off, the schema above was not applied.
  const parsed = v.safeParse(BulkGetResultSchema, answer);
  if (!parsed.success) return rows;
  const out = rows.slice();
  for (const result of parsed.output.results) {
    const i = conflicted.get(result.id);
    const entry = result.docs.length === 1 ? result.docs[0] : undefined;
    const stored = entry && 'ok' in entry ? entry.ok : undefined;
    const doc = i === undefined ? undefined : sent[i];
    if (i !== undefined && doc && isOwnRevision(doc, stored)) {
      out[i] = { ok: true, id: doc.id, rev: stored._rev };
    }
  }
  return out;
}

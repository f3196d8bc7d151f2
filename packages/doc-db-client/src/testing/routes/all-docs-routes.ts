import type { IncomingMessage, ServerResponse } from 'node:http';
import { collate, compareRaw } from '../store/collation.js';
import { type CouchDatabase, docJson, type StoredDoc } from '../store/couch-store.js';
import { lowerBound, upperBound } from '../store/id-index.js';
import { parseViewArgs } from '../views/view-engine.js';
import { CouchHttpError, isObject, readJson, requireJsonContent, sendJson } from './http-io.js';
import { type QueryParams, queryParams } from './query-params.js';

/** `_all_docs` keys are document ids in raw order; other key types fall back to view collation. */
export const compareIds = (a: unknown, b: unknown): number =>
  typeof a === 'string' && typeof b === 'string' ? compareRaw(a, b) : collate(a, b);

interface AllDocsOptions {
  /** `_design_docs`: only design documents; `total_rows` counts them. */
  design: boolean;
}

/**
 * Where a key falls among the sorted ids: the index of the first id after it (`after`) or at or
 * after it. Keys that are not strings sort before (null, booleans, numbers) or after (arrays,
 * objects) every id, as view collation puts them.
 */
function boundary(ids: readonly string[], key: unknown, after: boolean): number {
  if (typeof key === 'string') return after ? upperBound(ids, key) : lowerBound(ids, key);
  return collate(key, '') < 0 ? 0 : ids.length;
}

/** What each row shows: `include_docs`, and with it `attachments` and `conflicts`. */
interface RowOptions {
  includeDocs: boolean;
  attachments: boolean;
  conflicts: boolean;
}

function row(doc: StoredDoc, options: RowOptions): Record<string, unknown> {
  const value: Record<string, unknown> = { rev: doc.rev };
  if (doc.deleted) value.deleted = true;
  const out: Record<string, unknown> = { id: doc.id, key: doc.id, value };
  if (options.includeDocs) {
    if (doc.deleted) out.doc = null;
    else {
      const json = docJson(doc, { data: options.attachments });
      const conflicts = options.conflicts ? doc.conflicts() : [];
      if (conflicts.length > 0) json._conflicts = conflicts;
      out.doc = json;
    }
  }
  return out;
}

/** One `_all_docs` query: the rows, `total_rows` and `offset` (the live documents before the first row). */
export function allDocsQuery(
  db: CouchDatabase,
  params: QueryParams,
  options: AllDocsOptions,
): Record<string, unknown> {
  const args = parseViewArgs(params, false, compareIds, false);
  const shown: RowOptions = {
    includeDocs: args.includeDocs,
    attachments: params.bool(false, 'attachments'),
    conflicts: params.bool(false, 'conflicts'),
  };
  const ids = db.sortedIds();
  // The design documents are the ids from `_design/` up to `_design0` (`0` follows `/`).
  const lo = options.design ? lowerBound(ids, '_design/') : 0;
  const hi = options.design ? lowerBound(ids, '_design0') : ids.length;
  const total = options.design ? db.ids.liveBefore(hi) - db.ids.liveBefore(lo) : db.liveCount();
  if (args.keys) {
    const rows = args.keys.map((key) => {
      const doc = typeof key === 'string' ? db.docs.get(key) : undefined;
      return doc ? row(doc, shown) : { key, error: 'not_found' };
    });
    return {
      total_rows: total,
      offset: null,
      rows: rows.slice(args.skip, args.skip + args.limit),
    };
  }
  const rows: Record<string, unknown>[] = [];
  let offset: number;
  if (!args.descending) {
    let from = Math.max(lo, args.startKey === undefined ? 0 : boundary(ids, args.startKey, false));
    const to = Math.min(
      hi,
      args.endKey === undefined ? ids.length : boundary(ids, args.endKey, args.inclusiveEnd),
    );
    offset = db.ids.liveBefore(from);
    let skip = args.skip;
    for (; from < to && rows.length < args.limit; from++) {
      const doc = db.docs.get(ids[from] as string);
      if (!doc || doc.deleted) continue;
      if (skip > 0) skip--;
      else rows.push(row(doc, shown));
    }
    offset += args.skip - skip;
  } else {
    // Walking down: from the last id at or before the start key to the first after the end key.
    let from =
      Math.min(hi, args.startKey === undefined ? ids.length : boundary(ids, args.startKey, true)) -
      1;
    const to = Math.max(
      lo,
      args.endKey === undefined ? 0 : boundary(ids, args.endKey, !args.inclusiveEnd),
    );
    offset = db.liveCount() - db.ids.liveBefore(from + 1);
    let skip = args.skip;
    for (; from >= to && rows.length < args.limit; from--) {
      const doc = db.docs.get(ids[from] as string);
      if (!doc || doc.deleted) continue;
      if (skip > 0) skip--;
      else rows.push(row(doc, shown));
    }
    offset += args.skip - skip;
  }
  return { total_rows: total, offset, rows };
}

/** `GET|POST /{db}/_all_docs`, `/{db}/_design_docs` and their `/queries` forms. */
export async function serveAllDocs(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: CouchDatabase,
  rest: readonly string[],
  options: AllDocsOptions,
): Promise<void> {
  const multi = rest.length === 1 && rest[0] === 'queries';
  if (rest.length > 0 && !multi) throw new CouchHttpError(404, 'not_found', 'missing');
  if (multi && req.method !== 'POST')
    throw new CouchHttpError(405, 'method_not_allowed', 'Only POST allowed');
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST')
    throw new CouchHttpError(405, 'method_not_allowed', 'Only GET,HEAD,POST allowed');
  if (req.method === 'POST') requireJsonContent(req);
  const body = req.method === 'POST' ? ((await readJson(req)) ?? {}) : {};
  if (!isObject(body))
    throw new CouchHttpError(400, 'bad_request', 'Request body must be a JSON object');
  if (!multi) {
    sendJson(res, 200, allDocsQuery(db, queryParams(body, url.searchParams), options));
    return;
  }
  if (!Array.isArray(body.queries))
    throw new CouchHttpError(400, 'bad_request', 'Request body must include a list of `queries`');
  // Each query's members override the query string's, as CouchDB merges them.
  const results = body.queries.map((query) => {
    if (!isObject(query))
      throw new CouchHttpError(400, 'bad_request', 'Each query must be an object');
    return allDocsQuery(db, queryParams(query, url.searchParams), options);
  });
  sendJson(res, 200, { results });
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CouchDatabase, docJson, type StoredDoc } from './couch-store.js';
import { CouchHttpError, isObject, readJson, sendJson } from './http-io.js';

/** `GET|POST /{db}/_all_docs` with keys, ranges, limit, skip, descending and include_docs. */
export async function serveAllDocs(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: CouchDatabase,
): Promise<void> {
  const body = req.method === 'POST' ? ((await readJson(req)) ?? {}) : {};
  if (!isObject(body))
    throw new CouchHttpError(400, 'bad_request', 'Request body must be a JSON object');
  const param = (name: string, alias?: string): unknown => {
    if (body[name] !== undefined) return body[name];
    if (alias && body[alias] !== undefined) return body[alias];
    const raw = url.searchParams.get(name) ?? (alias ? url.searchParams.get(alias) : null);
    return raw === null ? undefined : JSON.parse(raw);
  };
  const includeDocs = param('include_docs') === true;
  const row = (d: StoredDoc) => ({
    id: d.id,
    key: d.id,
    value: { rev: d.rev },
    ...(includeDocs ? { doc: docJson(d) } : {}),
  });
  const totalRows = db.liveCount();
  const keys = param('keys');
  if (Array.isArray(keys)) {
    const rows = keys.map((key) => {
      const doc = db.docs.get(String(key));
      return doc && !doc.deleted ? row(doc) : { key, error: 'not_found' };
    });
    sendJson(res, 200, { total_rows: totalRows, offset: null, rows });
    return;
  }
  const descending = param('descending') === true;
  const start = param('start_key', 'startkey') as string | undefined;
  const end = param('end_key', 'endkey') as string | undefined;
  const inclusiveEnd = param('inclusive_end') !== false;
  const skip = Number(param('skip') ?? 0);
  const limit = param('limit') === undefined ? Number.POSITIVE_INFINITY : Number(param('limit'));
  // Walk the sorted ids from the start key (found by binary search) instead of sorting per page.
  const ids = db.sortedIds();
  const step = descending ? -1 : 1;
  let i =
    start === undefined ? (descending ? ids.length - 1 : 0) : firstIndex(ids, start, descending);
  const pastEnd = (id: string) =>
    end !== undefined &&
    (descending ? (inclusiveEnd ? id < end : id <= end) : inclusiveEnd ? id > end : id >= end);
  const rows: ReturnType<typeof row>[] = [];
  let skipped = 0;
  for (; i >= 0 && i < ids.length && rows.length < limit; i += step) {
    const id = ids[i] as string;
    if (pastEnd(id)) break;
    const doc = db.docs.get(id);
    if (!doc || doc.deleted) continue;
    if (skipped < skip) skipped++;
    else rows.push(row(doc));
  }
  sendJson(res, 200, { total_rows: totalRows, offset: skip, rows });
}

/** The index of the first id at or after `key` (at or before it when descending). */
function firstIndex(ids: readonly string[], key: string, descending: boolean): number {
  let lo = 0;
  let hi = ids.length;
  // lo = the number of ids < key (ascending) or <= key (descending).
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const id = ids[mid] as string;
    if (descending ? id <= key : id < key) lo = mid + 1;
    else hi = mid;
  }
  return descending ? lo - 1 : lo;
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CouchDatabase, docJson, revisionsOf, type StoredDoc } from './couch-store.js';
import { CouchHttpError, isObject, locationOf, readJson, sendHead, sendJson } from './http-io.js';

function checkId(id: unknown): string {
  if (typeof id !== 'string' || id === '')
    throw new CouchHttpError(400, 'bad_request', 'Document id must be a string');
  if (id.startsWith('_') && !id.startsWith('_design/') && !id.startsWith('_local/')) {
    throw new CouchHttpError(
      400,
      'illegal_docid',
      'Only reserved document ids may start with underscore.',
    );
  }
  return id;
}

/** Writes one document and returns CouchDB's row for it. */
export function writeDocument(
  db: CouchDatabase,
  body: unknown,
  idFromPath?: string,
  revFromQuery?: string | null,
): Record<string, unknown> {
  if (!isObject(body))
    throw new CouchHttpError(400, 'bad_request', 'Document must be a JSON object');
  const id = checkId(idFromPath ?? body._id ?? crypto.randomUUID().replace(/-/g, ''));
  if (db.partitioned && !id.startsWith('_design/') && !id.includes(':')) {
    throw new CouchHttpError(400, 'illegal_docid', 'Doc id must be of form partition:id');
  }
  const rev =
    (revFromQuery ?? (typeof body._rev === 'string' ? body._rev : undefined)) || undefined;
  const result = db.write(id, body, rev, body._deleted === true);
  if ('error' in result) return { id, error: 'conflict', reason: 'Document update conflict.' };
  return { ok: true, id, rev: result.rev };
}

/** `/{db}/{docId}` (and `_design/{ddoc}`): GET, HEAD, PUT, DELETE. */
export async function serveDocument(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: CouchDatabase,
  id: string,
  notify: () => void,
): Promise<void> {
  if (id.startsWith('_local/')) {
    const key = id.slice('_local/'.length);
    if (req.method === 'GET') {
      const doc = db.local.get(key);
      if (!doc) throw new CouchHttpError(404, 'not_found', 'missing');
      sendJson(res, 200, doc);
    } else if (req.method === 'PUT') {
      const body = await readJson(req);
      if (!isObject(body))
        throw new CouchHttpError(400, 'bad_request', 'Document must be a JSON object');
      db.local.set(key, { ...body, _id: id, _rev: '0-1' });
      sendJson(res, 201, { ok: true, id, rev: '0-1' }, { location: locationOf(req, db.name, id) });
    } else if (req.method === 'DELETE') {
      if (!db.local.delete(key)) throw new CouchHttpError(404, 'not_found', 'missing');
      sendJson(res, 200, { ok: true, id, rev: '0-0' });
    } else throw new CouchHttpError(405, 'method_not_allowed', 'Only GET,PUT,DELETE allowed');
    return;
  }
  const stored = db.docs.get(id);
  if (req.method === 'GET' || req.method === 'HEAD') {
    const rev = url.searchParams.get('rev');
    if (!stored || (stored.deleted && !rev))
      throw new CouchHttpError(404, 'not_found', stored ? 'deleted' : 'missing');
    if (rev && rev !== stored.rev) throw new CouchHttpError(404, 'not_found', 'missing');
    const body = docJson(stored);
    if (url.searchParams.get('revs') === 'true') body._revisions = revisionsOf(stored);
    if (url.searchParams.get('conflicts') === 'true') body._conflicts = [];
    if (req.method === 'HEAD') return sendHead(res, 200, { etag: `"${stored.rev}"` });
    sendJson(res, 200, body, { etag: `"${stored.rev}"` });
    return;
  }
  if (req.method === 'PUT') {
    const row = writeDocument(db, await readJson(req), id, url.searchParams.get('rev'));
    if (row.error) throw new CouchHttpError(409, 'conflict', 'Document update conflict.');
    notify();
    sendJson(res, 201, row, {
      etag: `"${String(row.rev)}"`,
      location: locationOf(req, db.name, id),
    });
    return;
  }
  if (req.method === 'DELETE') {
    const rev = url.searchParams.get('rev');
    if (!stored || stored.deleted)
      throw new CouchHttpError(404, 'not_found', stored ? 'deleted' : 'missing');
    const result = db.write(id, {}, rev ?? undefined, true);
    if ('error' in result) throw new CouchHttpError(409, 'conflict', 'Document update conflict.');
    notify();
    sendJson(res, 200, { ok: true, id, rev: result.rev }, { etag: `"${result.rev}"` });
    return;
  }
  if (req.method === 'POST' && !req.headers.referer)
    throw new CouchHttpError(400, 'bad_request', 'Referer header required.');
  throw new CouchHttpError(405, 'method_not_allowed', 'Only DELETE,GET,HEAD,POST,PUT,COPY allowed');
}

/** `POST /{db}/_bulk_docs`. */
export async function serveBulkDocs(
  req: IncomingMessage,
  res: ServerResponse,
  db: CouchDatabase,
  notify: () => void,
): Promise<void> {
  const body = await readJson(req);
  if (!isObject(body) || !Array.isArray(body.docs))
    throw new CouchHttpError(400, 'bad_request', 'POST body must include `docs` parameter.');
  const rows = body.docs.map((doc) => {
    try {
      return writeDocument(db, doc);
    } catch (error) {
      if (error instanceof CouchHttpError)
        return {
          id: isObject(doc) ? doc._id : undefined,
          error: error.error,
          reason: error.reason,
        };
      throw error;
    }
  });
  notify();
  sendJson(res, 201, rows);
}

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

import type { IncomingMessage, ServerResponse } from 'node:http';
import { compareRaw } from '../store/collation.js';
import type { CouchDatabase } from '../store/couch-store.js';
import { parseDocument } from '../store/doc-input.js';
import { parseViewArgs } from '../views/view-engine.js';
import { compareIds } from './all-docs-routes.js';
import { CouchHttpError, isObject, locationOf, readJson, sendHead, sendJson } from './http-io.js';
import { type QueryParams, queryParams } from './query-params.js';
import { bodyEtag } from './server-routes.js';

/** A `_local` document: never replicated, no revision tree, a counter for a rev (`0-N`). */
export interface LocalDoc {
  rev: number;
  body: Record<string, unknown>;
}

const missing = () => new CouchHttpError(404, 'not_found', 'missing');

function localJson(id: string, doc: LocalDoc): Record<string, unknown> {
  return { _id: id, _rev: `0-${doc.rev}`, ...doc.body };
}

/**
 * The rev a `_local` write gives (couch_db_updater:increment_local_doc_revs): the rev it names
 * plus one, or 1 without one. CouchDB checks nothing against the stored rev.
 */
function nextRev(given: string | undefined): number {
  if (given === undefined) return 1;
  const n = given.slice(given.indexOf('-') + 1);
  if (!/^\d+$/.test(n)) throw new CouchHttpError(400, 'bad_request', 'Invalid rev format');
  return Number(n) + 1;
}

/** `GET|HEAD|PUT|DELETE /{db}/_local/{id}`. */
export async function serveLocal(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: CouchDatabase,
  id: string,
): Promise<void> {
  const doc = db.local.get(id);
  switch (req.method) {
    case 'GET':
    case 'HEAD': {
      if (!doc) throw missing();
      const json = localJson(id, doc);
      // A local document's ETag is a digest of its body (couch_httpd:doc_etag), not its rev.
      if (req.method === 'HEAD') sendHead(res, 200, { etag: bodyEtag(json) });
      else sendJson(res, 200, json, { etag: bodyEtag(json) });
      return;
    }
    case 'PUT': {
      const input = parseDocument(await readJson(req), db);
      const query = url.searchParams.get('rev') ?? undefined;
      const stored: LocalDoc = { rev: nextRev(input.rev ?? query), body: input.body };
      if (input.deleted) db.local.delete(id);
      else db.local.set(id, stored);
      sendJson(
        res,
        201,
        { ok: true, id, rev: `0-${input.deleted ? 0 : stored.rev}` },
        { etag: bodyEtag(stored), location: locationOf(req, db.name, id) },
      );
      return;
    }
    case 'DELETE':
      if (!doc) throw missing();
      db.local.delete(id);
      sendJson(res, 200, { ok: true, id, rev: '0-0' }, { etag: bodyEtag({ id, deleted: true }) });
      return;
    default:
      throw new CouchHttpError(405, 'method_not_allowed', 'Only DELETE,GET,HEAD,PUT allowed');
  }
}

function localDocsQuery(db: CouchDatabase, params: QueryParams): Record<string, unknown> {
  const args = parseViewArgs(params, false, compareIds, false);
  const row = (id: string) => {
    const doc = db.local.get(id);
    if (!doc) return undefined;
    const out: Record<string, unknown> = { id, key: id, value: { rev: `0-${doc.rev}` } };
    if (args.includeDocs) out.doc = localJson(id, doc);
    return out;
  };
  let rows: Record<string, unknown>[];
  if (args.keys)
    rows = args.keys.map(
      (key) => (typeof key === 'string' && row(key)) || { key, error: 'not_found' },
    );
  else {
    const sign = args.descending ? -1 : 1;
    const ids = [...db.local.keys()].sort((a, b) => sign * compareRaw(a, b));
    rows = ids
      .filter((id) => {
        if (args.startKey !== undefined && sign * compareIds(id, args.startKey) < 0) return false;
        if (args.endKey === undefined) return true;
        const c = sign * compareIds(id, args.endKey);
        return args.inclusiveEnd ? c <= 0 : c < 0;
      })
      .map((id) => row(id) as Record<string, unknown>);
  }
  return { total_rows: null, offset: null, rows: rows.slice(args.skip, args.skip + args.limit) };
}

/** `GET|POST /{db}/_local_docs`: the local documents, by id (no `total_rows` or `offset`). */
export async function serveLocalDocs(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: CouchDatabase,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST')
    throw new CouchHttpError(405, 'method_not_allowed', 'Only GET,HEAD,POST allowed');
  const body = req.method === 'POST' ? ((await readJson(req)) ?? {}) : {};
  if (!isObject(body))
    throw new CouchHttpError(400, 'bad_request', 'Request body must be a JSON object');
  sendJson(res, 200, localDocsQuery(db, queryParams(body, url.searchParams)));
}

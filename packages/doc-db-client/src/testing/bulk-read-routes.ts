import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CouchDatabase, docJson, revisionsOf } from './couch-store.js';
import { CouchHttpError, isObject, readJson, sendJson } from './http-io.js';

// The store keeps only each document's current revision, so an older rev is answered as
// CouchDB answers a rev it never had (`missing`). A choice of this simulator; easy to widen.

/** `POST /{db}/_bulk_get`: one result per requested doc, each `{ok}` or a per-row `{error}`. */
export async function serveBulkGet(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: CouchDatabase,
): Promise<void> {
  const body = await readJson(req);
  if (!isObject(body) || !Array.isArray(body.docs))
    throw new CouchHttpError(400, 'bad_request', 'Missing JSON list of `docs`.');
  const withRevs = url.searchParams.get('revs') === 'true';
  const results = body.docs.map((entry: unknown) => {
    const id = isObject(entry) ? entry.id : undefined;
    const rev = isObject(entry) && typeof entry.rev === 'string' ? entry.rev : undefined;
    const error = (error: string, reason: string) => ({
      id: typeof id === 'string' ? id : null,
      docs: [{ error: { id: id ?? null, rev: rev ?? 'undefined', error, reason } }],
    });
    if (typeof id !== 'string' || id === '')
      return error('illegal_docid', 'Document id must be a non-empty string');
    const stored = db.docs.get(id);
    if (
      !stored ||
      (stored.deleted && rev === undefined) ||
      (rev !== undefined && rev !== stored.rev)
    )
      return error('not_found', stored?.deleted ? 'deleted' : 'missing');
    const doc = docJson(stored);
    if (withRevs) doc._revisions = revisionsOf(stored);
    return { id, docs: [{ ok: doc }] };
  });
  sendJson(res, 200, { results });
}

/** `POST /{db}/_revs_diff`: for each id, the listed revisions this database does not have. */
export async function serveRevsDiff(
  req: IncomingMessage,
  res: ServerResponse,
  db: CouchDatabase,
): Promise<void> {
  const body = await readJson(req);
  if (!isObject(body))
    throw new CouchHttpError(400, 'bad_request', 'Request body must be a JSON object');
  const answer: Record<string, { missing: string[] }> = {};
  for (const [id, revs] of Object.entries(body)) {
    if (!Array.isArray(revs) || !revs.every((r) => typeof r === 'string'))
      throw new CouchHttpError(400, 'bad_request', `Revisions of ${id} must be a list of strings`);
    const current = db.docs.get(id)?.rev;
    const missing = revs.filter((rev) => rev !== current);
    if (missing.length > 0) answer[id] = { missing };
  }
  sendJson(res, 200, answer);
}

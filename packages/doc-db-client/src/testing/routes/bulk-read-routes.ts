import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CouchDatabase, revisionJson } from '../store/couch-store.js';
import { parseRev, revisionsOf } from '../store/rev-tree.js';
import { normaliseRev, openRevs } from './doc-read.js';
import { CouchHttpError, isObject, readJson, sendJson } from './http-io.js';

/**
 * `POST /{db}/_bulk_get`: for each entry the asked revision, or every leaf when none is asked (as
 * CouchDB answers), each `{ok}` or a per-row `{error}`.
 */
export async function serveBulkGet(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: CouchDatabase,
): Promise<void> {
  const body = await readJson(req);
  if (!isObject(body) || !Array.isArray(body.docs))
    throw new CouchHttpError(400, 'bad_request', "Missing JSON list of 'docs'.");
  const withRevs = url.searchParams.get('revs') === 'true';
  const view = { data: url.searchParams.get('attachments') === 'true' };
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
    if (rev === undefined) {
      if (!stored) return error('not_found', 'missing');
      return { id, docs: openRevs(stored, 'all', { latest: false, revs: withRevs, view }) };
    }
    const node = stored?.find(normaliseRev(rev));
    if (!node || (!node.body && !node.deleted)) return error('not_found', 'missing');
    const doc = revisionJson(id, node, view);
    if (withRevs) doc._revisions = revisionsOf(node);
    return { id, docs: [{ ok: doc }] };
  });
  sendJson(res, 200, { results });
}

/**
 * `POST /{db}/_revs_diff`: for each id, the listed revisions this database does not have, and
 * the leaves that could be their ancestors.
 */
export async function serveRevsDiff(
  req: IncomingMessage,
  res: ServerResponse,
  db: CouchDatabase,
): Promise<void> {
  const body = await readJson(req);
  if (!isObject(body))
    throw new CouchHttpError(400, 'bad_request', 'Request body must be a JSON object');
  const answer: Record<string, { missing: string[]; possible_ancestors?: string[] }> = {};
  for (const [id, revs] of Object.entries(body)) {
    if (!Array.isArray(revs) || !revs.every((r) => typeof r === 'string'))
      throw new CouchHttpError(400, 'bad_request', `Revisions of ${id} must be a list of strings`);
    const doc = db.docs.get(id);
    const missing = [...new Set(revs.map(normaliseRev))].filter((rev) => !doc?.find(rev));
    if (missing.length === 0) continue;
    const positions = missing.map((rev) => parseRev(rev).pos);
    const ancestors = (doc?.leaves() ?? [])
      .filter((leaf) => positions.some((pos) => leaf.pos < pos))
      .map((leaf) => leaf.rev)
      .reverse();
    answer[id] = ancestors.length > 0 ? { missing, possible_ancestors: ancestors } : { missing };
  }
  sendJson(res, 200, answer);
}

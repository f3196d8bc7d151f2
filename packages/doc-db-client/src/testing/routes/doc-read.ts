import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AttachmentView } from '../store/attachments.js';
import { type CouchDatabase, revisionJson, type StoredDoc } from '../store/couch-store.js';
import {
  compareLeaves,
  compareRevs,
  isOnPath,
  parseRev,
  type RevNode,
  revisionsOf,
  revsInfoOf,
} from '../store/rev-tree.js';
import { CouchHttpError, sendHead, sendJson } from './http-io.js';

const missing = () => new CouchHttpError(404, 'not_found', 'missing');

/** The leaves that descend from `node` (itself when it is one), winner order. */
export function latestOf(doc: StoredDoc, node: RevNode): RevNode[] {
  return doc
    .leaves()
    .filter((leaf) => isOnPath(node, leaf))
    .sort(compareLeaves);
}

/** A normalised rev from a request (CouchDB's 400 for a malformed one). */
export function normaliseRev(text: string): string {
  const { pos, hash } = parseRev(text);
  return `${pos}-${hash}`;
}

/** `open_revs`: each asked revision (or every leaf), `{ok}` or `{missing}`, in rev order. */
export function openRevs(
  doc: StoredDoc | undefined,
  requested: 'all' | readonly string[],
  options: { latest: boolean; revs: boolean; view?: AttachmentView },
): Record<string, unknown>[] {
  const found = new Map<string, Record<string, unknown>>();
  const add = (node: RevNode) => {
    if (!node.body && !node.deleted) return false;
    const json = revisionJson(doc?.id ?? '', node, options.view);
    if (options.revs) json._revisions = revisionsOf(node);
    found.set(node.rev, { ok: json });
    return true;
  };
  if (requested === 'all') for (const leaf of doc?.leaves() ?? []) add(leaf);
  else
    for (const text of requested) {
      const rev = normaliseRev(text);
      const node = doc?.find(rev);
      const nodes = node && options.latest ? latestOf(doc as StoredDoc, node) : node ? [node] : [];
      if (!nodes.map(add).some(Boolean)) found.set(rev, { missing: rev });
    }
  return [...found.entries()].sort(([a], [b]) => compareRevs(a, b)).map(([, entry]) => entry);
}

/** `attachments`, `att_encoding_info` and `atts_since` (data for attachments newer than those revs). */
export function attachmentView(q: URLSearchParams, doc: StoredDoc | undefined): AttachmentView {
  const view: AttachmentView = {
    data: q.get('attachments') === 'true',
    encodingInfo: q.get('att_encoding_info') === 'true',
  };
  const since = q.get('atts_since');
  if (since !== null) {
    let revs: unknown;
    try {
      revs = JSON.parse(since);
    } catch {
      throw new CouchHttpError(400, 'bad_request', 'invalid UTF-8 JSON');
    }
    if (!Array.isArray(revs))
      throw new CouchHttpError(400, 'bad_request', '`atts_since` must be a list of revs');
    const known = revs.flatMap((rev) => {
      const node = typeof rev === 'string' ? doc?.find(normaliseRev(rev)) : undefined;
      return node ? [node.pos] : [];
    });
    view.since = known.length > 0 ? Math.max(...known) : 0;
  }
  return view;
}

function readOpenRevs(text: string): 'all' | string[] {
  if (text === 'all') return 'all';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CouchHttpError(400, 'bad_request', 'invalid UTF-8 JSON');
  }
  if (!Array.isArray(value) || !value.every((rev) => typeof rev === 'string'))
    throw new CouchHttpError(400, 'bad_request', '`open_revs` must be `all` or a list of revs');
  return value;
}

/** `GET|HEAD /{db}/{docid}` with `rev`, `latest`, `open_revs`, `revs`, `revs_info`, `conflicts`, `deleted_conflicts`, `local_seq` and `meta`. */
export function serveDocumentRead(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: CouchDatabase,
  id: string,
): void {
  const q = url.searchParams;
  const flag = (name: string) => q.get(name) === 'true';
  const doc = db.docs.get(id);
  const view = attachmentView(q, doc);
  const openRevsText = q.get('open_revs');
  if (openRevsText !== null) {
    const requested = readOpenRevs(openRevsText);
    if (!doc && requested === 'all') throw missing();
    const options = { latest: flag('latest'), revs: flag('revs'), view };
    sendJson(res, 200, openRevs(doc, requested, options));
    return;
  }
  if (!doc) throw missing();
  const revText = q.get('rev');
  let node: RevNode;
  if (revText !== null) {
    const found = doc.find(normaliseRev(revText));
    const chosen = found && flag('latest') ? latestOf(doc, found)[0] : found;
    if (!chosen || (!chosen.body && !chosen.deleted)) throw missing();
    node = chosen;
  } else {
    if (doc.deleted) throw new CouchHttpError(404, 'not_found', 'deleted');
    node = doc.winner;
  }
  const json = revisionJson(id, node, view);
  const meta = flag('meta');
  if (flag('revs')) json._revisions = revisionsOf(node);
  // Meta members (couch_doc's meta) make the answer per-request: then CouchDB sends no ETag.
  let hasMeta = false;
  if (meta || flag('revs_info')) {
    json._revs_info = revsInfoOf(node);
    hasMeta = true;
  }
  const conflicts = meta || flag('conflicts') ? doc.conflicts() : [];
  if (conflicts.length > 0) {
    json._conflicts = conflicts;
    hasMeta = true;
  }
  const deletedConflicts = meta || flag('deleted_conflicts') ? doc.deletedConflicts() : [];
  if (deletedConflicts.length > 0) {
    json._deleted_conflicts = deletedConflicts;
    hasMeta = true;
  }
  if (flag('local_seq')) {
    json._local_seq = doc.seq;
    hasMeta = true;
  }
  const etag = `"${node.rev}"`;
  // couch_httpd:etag_respond: a client that already has this revision gets a 304, no body.
  const known = String(req.headers['if-none-match'] ?? '').split(/[, ]+/);
  if (!hasMeta && known.includes(etag)) {
    res.writeHead(304, { etag, 'cache-control': 'must-revalidate' });
    res.end();
    return;
  }
  const headers: Record<string, string> = hasMeta ? {} : { etag };
  if (req.method === 'HEAD') sendHead(res, 200, headers);
  else sendJson(res, 200, json, headers);
}

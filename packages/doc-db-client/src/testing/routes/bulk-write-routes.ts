import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CouchDatabase } from '../store/couch-store.js';
import { type DocInput, parseDocument } from '../store/doc-input.js';
import { parseRev } from '../store/rev-tree.js';
import { revisionsFromRev, writeInput } from './document-routes.js';
import { CouchHttpError, isObject, readJson, requireJsonContent, sendJson } from './http-io.js';

/** A replicated write (`new_edits=false`); a row only when it fails. */
function writeReplicated(db: CouchDatabase, input: DocInput): Record<string, unknown> | undefined {
  const history = input.revisions ?? (input.rev ? revisionsFromRev(input.rev) : undefined);
  if (input.id === undefined || !history)
    return {
      id: input.id ?? null,
      error: 'bad_request',
      reason: 'Document id and revision are required with new_edits=false',
    };
  db.writeReplicated(
    input.id,
    input.body,
    history.start,
    history.ids,
    input.deleted,
    input.attachments,
  );
  return undefined;
}

/**
 * `POST /{db}/_bulk_docs`. Every document is checked before any is written: one that CouchDB
 * cannot read (a bad id, an unknown `_` member) fails the whole request, as in CouchDB; a
 * conflict fails only its row. With `new_edits: false` the answer lists only failures.
 */
export async function serveBulkDocs(
  req: IncomingMessage,
  res: ServerResponse,
  db: CouchDatabase,
  notify: () => void,
): Promise<void> {
  const body = await readJson(req);
  if (!isObject(body) || body.docs === undefined)
    throw new CouchHttpError(400, 'bad_request', 'POST body must include `docs` parameter.');
  if (!Array.isArray(body.docs))
    throw new CouchHttpError(400, 'bad_request', '`docs` parameter must be an array.');
  const inputs = body.docs.map((doc) => parseDocument(doc, db));
  let rows: Record<string, unknown>[];
  if (body.new_edits === false)
    rows = inputs.flatMap((input): Record<string, unknown>[] => {
      const row = writeReplicated(db, input);
      return row ? [row] : [];
    });
  else rows = inputs.map((input) => writeInput(db, input));
  notify();
  sendJson(res, 201, rows);
}

/** `POST /{db}/_purge`: `{docid: [rev, ...]}` → the leaf revisions removed for good. */
export async function servePurge(
  req: IncomingMessage,
  res: ServerResponse,
  db: CouchDatabase,
  notify: () => void,
): Promise<void> {
  if (req.method !== 'POST')
    throw new CouchHttpError(405, 'method_not_allowed', 'Only POST allowed');
  requireJsonContent(req);
  const body = await readJson(req);
  if (!isObject(body))
    throw new CouchHttpError(400, 'bad_request', 'Request body must be a JSON object');
  const purged: Record<string, string[]> = {};
  for (const [id, revs] of Object.entries(body)) {
    if (!Array.isArray(revs))
      throw new CouchHttpError(400, 'bad_request', `Revisions of ${id} must be a list`);
    const normal = revs.map((rev) => {
      const { pos, hash } = parseRev(rev);
      return `${pos}-${hash}`;
    });
    purged[id] = db.purge(id, normal);
  }
  notify();
  sendJson(res, 201, { purge_seq: null, purged });
}

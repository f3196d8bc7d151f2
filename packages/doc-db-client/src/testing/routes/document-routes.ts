import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CouchDatabase } from '../store/couch-store.js';
import { checkDocId, type DocInput, parseDocument } from '../store/doc-input.js';
import { normaliseRev, serveDocumentRead } from './doc-read.js';
import { CouchHttpError, isObject, locationOf, readJson, sendJson } from './http-io.js';
import { serveLocal } from './local-docs.js';

const conflict = () => new CouchHttpError(409, 'conflict', 'Document update conflict.');

/**
 * Writes one checked document as an interactive edit and returns CouchDB's row for it (`{ok, id,
 * rev}` or `{id, error: 'conflict'}`); an id is generated when it has none.
 */
export function writeInput(
  db: CouchDatabase,
  input: DocInput,
  rev?: string,
): Record<string, unknown> {
  const id = input.id ?? crypto.randomUUID().replace(/-/g, '');
  const result = db.write(id, input.body, rev ?? input.rev, input.deleted, input.attachments);
  if ('error' in result) return { id, error: 'conflict', reason: 'Document update conflict.' };
  return { ok: true, id, rev: result.rev };
}

/** Writes one document body (POST /{db}, seeding): checked, then an interactive edit. */
export function writeDocument(db: CouchDatabase, body: unknown): Record<string, unknown> {
  return writeInput(db, parseDocument(body, db));
}

/** The rev a request names: `?rev=` or `If-Match`, which must agree with each other and the body. */
function requestRev(
  req: IncomingMessage,
  url: URL,
  bodyRev: string | undefined,
): string | undefined {
  const queryText = url.searchParams.get('rev');
  const query = queryText === null ? undefined : normaliseRev(queryText);
  if (query !== undefined && bodyRev !== undefined && query !== bodyRev)
    throw new CouchHttpError(
      400,
      'bad_request',
      'Document rev from request body and query string have different values',
    );
  const ifMatch = req.headers['if-match']?.replace(/^"|"$/g, '');
  const header = ifMatch === undefined ? undefined : normaliseRev(ifMatch);
  const explicit = bodyRev ?? query;
  if (header !== undefined && explicit !== undefined && header !== explicit)
    throw new CouchHttpError(400, 'bad_request', 'Document rev and etag have different values');
  return explicit ?? header;
}

/** `PUT /{db}/{docid}`, interactive or (`new_edits=false`) replicated. */
async function putDocument(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: CouchDatabase,
  id: string,
  notify: () => void,
): Promise<void> {
  const json = await readJson(req);
  if (!isObject(json))
    throw new CouchHttpError(400, 'bad_request', 'Document must be a JSON object');
  const input = parseDocument(json, db);
  const rev = requestRev(req, url, input.rev);
  if (url.searchParams.get('batch') === 'ok') {
    // chttpd_db: `batch=ok` answers 202 at once and writes later; a conflict is only logged.
    if (!writeInput(db, { ...input, id }, rev).error) notify();
    sendJson(res, 202, { ok: true, id });
    return;
  }
  if (url.searchParams.get('new_edits') === 'false') {
    const history = input.revisions ?? (rev ? revisionsFromRev(rev) : undefined);
    if (!history) throw conflict();
    db.writeReplicated(
      id,
      input.body,
      history.start,
      history.ids,
      input.deleted,
      input.attachments,
    );
    notify();
    const newRev = `${history.start}-${history.ids[0]}`;
    sendJson(res, 201, { ok: true, id, rev: newRev }, { etag: `"${newRev}"` });
    return;
  }
  const row = writeInput(db, { ...input, id }, rev);
  if (row.error) throw conflict();
  notify();
  sendJson(res, 201, row, {
    etag: `"${String(row.rev)}"`,
    location: locationOf(req, db.name, id),
  });
}

export function revisionsFromRev(rev: string): { start: number; ids: string[] } {
  const dash = rev.indexOf('-');
  return { start: Number(rev.slice(0, dash)), ids: [rev.slice(dash + 1)] };
}

/** `/{db}/{docId}` (and `_design/{ddoc}`, `_local/{id}`): GET, HEAD, PUT, DELETE. */
export async function serveDocument(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: CouchDatabase,
  id: string,
  notify: () => void,
): Promise<void> {
  if (id.startsWith('_local/')) return serveLocal(req, res, url, db, id);
  if (req.method === 'GET' || req.method === 'HEAD')
    return serveDocumentRead(req, res, url, db, id);
  if (req.method === 'PUT') {
    checkDocId(id, db);
    return putDocument(req, res, url, db, id, notify);
  }
  if (req.method === 'DELETE') {
    const stored = db.docs.get(id);
    if (!stored || stored.deleted)
      throw new CouchHttpError(404, 'not_found', stored ? 'deleted' : 'missing');
    const rev = requestRev(req, url, undefined);
    const result = db.write(id, {}, rev, true);
    if ('error' in result) throw conflict();
    notify();
    sendJson(res, 200, { ok: true, id, rev: result.rev }, { etag: `"${result.rev}"` });
    return;
  }
  if (req.method === 'POST' && !req.headers.referer)
    throw new CouchHttpError(400, 'bad_request', 'Referer header required.');
  throw new CouchHttpError(405, 'method_not_allowed', 'Only DELETE,GET,HEAD,POST,PUT,COPY allowed');
}

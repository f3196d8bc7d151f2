import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AttachmentInput, checkAttachmentName, identityData } from '../store/attachments.js';
import type { CouchDatabase } from '../store/couch-store.js';
import { checkDocId } from '../store/doc-input.js';
import { normaliseRev } from './doc-read.js';
import { CouchHttpError, locationOf, sendJson } from './http-io.js';

const missingAttachment = () =>
  new CouchHttpError(404, 'not_found', 'Document is missing attachment');

async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function requestRev(req: IncomingMessage, url: URL): string | undefined {
  const text = url.searchParams.get('rev') ?? req.headers['if-match']?.replace(/^"|"$/g, '');
  return text === undefined ? undefined : normaliseRev(text);
}

/** Every attachment of the revision as a stub to keep, bar `except`. */
function keptStubs(
  atts: Record<string, unknown> | undefined,
  except: string,
): Record<string, AttachmentInput> {
  const out: Record<string, AttachmentInput> = {};
  for (const name of Object.keys(atts ?? {})) if (name !== except) out[name] = { stub: true };
  return out;
}

/** `GET|HEAD|PUT|DELETE /{db}/{docid}/{attname}`. */
export async function serveAttachment(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: CouchDatabase,
  id: string,
  name: string,
  notify: () => void,
): Promise<void> {
  const doc = db.docs.get(id);
  if (req.method === 'GET' || req.method === 'HEAD') {
    const revText = url.searchParams.get('rev');
    const node = revText === null ? doc?.winner : doc?.find(normaliseRev(revText));
    if (!doc || !node || (revText === null && doc.deleted))
      throw new CouchHttpError(404, 'not_found', doc?.deleted ? 'deleted' : 'missing');
    const att = node.atts?.[name];
    if (!att) throw missingAttachment();
    const etag = `"${att.md5.toString('base64')}"`;
    const data = identityData(att);
    const headers = {
      'content-type': att.contentType,
      'cache-control': 'must-revalidate',
      etag,
      'accept-ranges': 'none',
      'content-length': String(data.length),
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag, 'cache-control': 'must-revalidate' });
      res.end();
    } else {
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : data);
    }
    return;
  }
  if (req.method !== 'PUT' && req.method !== 'DELETE')
    throw new CouchHttpError(405, 'method_not_allowed', 'Only DELETE,GET,HEAD,PUT allowed');
  checkDocId(id, db);
  checkAttachmentName(name);
  const rev = requestRev(req, url);
  // The revision the edit applies to: the named leaf, or the winner of a document written without one.
  const parent = rev === undefined ? doc?.winner : doc?.leaves().find((leaf) => leaf.rev === rev);
  if (req.method === 'DELETE') {
    if (!doc || doc.deleted) throw new CouchHttpError(404, 'not_found', 'missing');
    if (!parent) throw new CouchHttpError(409, 'conflict', 'Document update conflict.');
    if (!parent.atts?.[name]) throw missingAttachment();
  }
  let attachments = keptStubs(parent?.deleted ? undefined : parent?.atts, name);
  if (req.method === 'PUT') {
    const contentType = req.headers['content-type'] ?? 'application/octet-stream';
    const added: AttachmentInput = { stub: false, data: await readBytes(req), contentType };
    // chttpd_db: a gzip body is stored as it came (the Cloudant SDK gzips every upload).
    const encoding = String(req.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    if (encoding === 'gzip') added.encoding = 'gzip';
    else if (encoding !== 'identity')
      throw new CouchHttpError(
        415,
        'bad_content_type',
        'Only gzip and identity content-encodings are supported',
      );
    // CouchDB puts the new attachment first, then the ones it keeps.
    attachments = { [name]: added, ...attachments };
  }
  const body = parent && !parent.deleted ? (parent.body ?? {}) : {};
  const result = db.write(id, body, rev, false, attachments);
  if ('error' in result) throw new CouchHttpError(409, 'conflict', 'Document update conflict.');
  notify();
  const row = { ok: true, id, rev: result.rev };
  if (req.method === 'DELETE') sendJson(res, 200, row);
  else sendJson(res, 201, row, { location: locationOf(req, db.name, id, name) });
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { digestOf, identityData } from '../store/attachments.js';
import { type CouchDatabase, revisionJson, type StoredDoc } from '../store/couch-store.js';
import type { RevNode } from '../store/rev-tree.js';
import { attachmentView, normaliseRev, openRevs } from './doc-read.js';
import { CouchHttpError, isObject, readJson, requireJsonContent } from './http-io.js';

/*
 * Multipart reads, as CouchDB sends them (chttpd_db send_docs_multipart, send_doc_efficiently and
 * the _bulk_get multipart branch, couch_doc:doc_to_multi_part_stream): a revision with
 * attachments is a `multipart/related` part, its JSON first (attachments marked `follows`), then
 * each attachment with Content-Disposition, Content-Type and Content-Length.
 * Choices: multipart is sent only when the Accept header names it (CouchDB also sends it for
 * `*\/*`), and attachments are sent as uploaded, not in their stored gzip encoding.
 */

/** Whether the Accept header names this multipart type (or `multipart/*`). */
export function acceptsMultipart(req: IncomingMessage, type: 'mixed' | 'related'): boolean {
  const accept = String(req.headers.accept ?? '').toLowerCase();
  return accept
    .split(',')
    .map((range) => range.split(';')[0]?.trim())
    .some((range) => range === `multipart/${type}` || range === 'multipart/*');
}

const boundary = () => randomUUID().replace(/-/g, '');

/** One revision: its JSON alone, or a multipart/related body of the JSON and its attachments. */
function revisionPart(
  id: string,
  node: RevNode,
  revs: boolean,
  json: Record<string, unknown>,
): { type: string; body: Buffer } {
  const atts = node.atts ?? {};
  if (Object.keys(atts).length === 0)
    return { type: 'application/json', body: Buffer.from(JSON.stringify(json)) };
  const out = revisionJson(id, node);
  if (revs && json._revisions) out._revisions = json._revisions;
  const stubs: Record<string, unknown> = {};
  for (const [name, att] of Object.entries(atts))
    stubs[name] = {
      content_type: att.contentType,
      revpos: att.revpos,
      digest: digestOf(att),
      length: att.length,
      follows: true,
    };
  out._attachments = stubs;
  const inner = boundary();
  const chunks: Buffer[] = [
    Buffer.from(`--${inner}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(out)}`),
  ];
  for (const [name, att] of Object.entries(atts)) {
    const data = identityData(att);
    chunks.push(
      Buffer.from(
        `\r\n--${inner}\r\nContent-Disposition: attachment; filename=${JSON.stringify(name)}\r\n` +
          `Content-Type: ${att.contentType}\r\nContent-Length: ${data.length}\r\n\r\n`,
      ),
      data,
    );
  }
  chunks.push(Buffer.from(`\r\n--${inner}--`));
  return { type: `multipart/related; boundary="${inner}"`, body: Buffer.concat(chunks) };
}

function send(res: ServerResponse, type: string, outer: string, parts: Buffer[]): void {
  const body = Buffer.concat([...parts, Buffer.from(`\r\n--${outer}--`)]);
  res.writeHead(200, {
    'content-type': `${type}; boundary="${outer}"`,
    'cache-control': 'must-revalidate',
    'content-length': body.length,
  });
  res.end(body);
}

/** The entries of `open_revs` (or every leaf) as parts: a revision, or its `missing` error. */
function revisionParts(
  doc: StoredDoc | undefined,
  requested: 'all' | readonly string[],
  options: { latest: boolean; revs: boolean },
  outer: string,
  headers: (json: Record<string, unknown>) => string,
  missing: (rev: string) => Record<string, unknown>,
): Buffer[] {
  return openRevs(doc, requested, { ...options, view: {} }).flatMap((entry) => {
    const json = entry.ok as Record<string, unknown> | undefined;
    if (!json) {
      const error = JSON.stringify(missing(String(entry.missing)));
      return [
        Buffer.from(
          `\r\n--${outer}\r\nContent-Type: application/json; error="true"\r\n\r\n${error}`,
        ),
      ];
    }
    const node = (doc as StoredDoc).find(String(json._rev)) as RevNode;
    const part = revisionPart((doc as StoredDoc).id, node, options.revs, json);
    return [
      Buffer.from(`\r\n--${outer}${headers(json)}\r\nContent-Type: ${part.type}\r\n\r\n`),
      part.body,
    ];
  });
}

/**
 * `GET /{db}/{docid}` asking for multipart: `open_revs` with `multipart/mixed`, or
 * `attachments=true` with `multipart/related` for a revision that has attachments. Resolves to
 * false when CouchDB would answer JSON instead.
 */
export function serveMultipartDocument(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: CouchDatabase,
  id: string,
): boolean {
  if (req.method !== 'GET') return false;
  const q = url.searchParams;
  const flag = (name: string) => q.get(name) === 'true';
  const doc = db.docs.get(id);
  const openRevsText = q.get('open_revs');
  if (openRevsText !== null) {
    if (!acceptsMultipart(req, 'mixed')) return false;
    let requested: 'all' | string[] = 'all';
    if (openRevsText !== 'all') {
      const parsed: unknown = (() => {
        try {
          return JSON.parse(openRevsText);
        } catch {
          throw new CouchHttpError(400, 'bad_request', 'invalid UTF-8 JSON');
        }
      })();
      if (!Array.isArray(parsed) || !parsed.every((r) => typeof r === 'string'))
        throw new CouchHttpError(400, 'bad_request', '`open_revs` must be `all` or a list of revs');
      requested = parsed.map(normaliseRev);
    }
    if (!doc && requested === 'all') throw new CouchHttpError(404, 'not_found', 'missing');
    const outer = boundary();
    const options = { latest: flag('latest'), revs: flag('revs') };
    const parts = revisionParts(
      doc,
      requested,
      options,
      outer,
      () => '',
      (rev) => ({ missing: rev }),
    );
    send(res, 'multipart/mixed', outer, parts);
    return true;
  }
  if (!flag('attachments') || !acceptsMultipart(req, 'related') || !doc || doc.deleted)
    return false;
  const revText = q.get('rev');
  const node = revText === null ? doc.winner : doc.find(normaliseRev(revText));
  if (!node?.atts || !node.body) return false;
  const json = revisionJson(id, node, attachmentView(q, doc));
  const part = revisionPart(id, node, false, json);
  res.writeHead(200, {
    'content-type': part.type,
    'cache-control': 'must-revalidate',
    etag: `"${node.rev}"`,
    'content-length': part.body.length,
  });
  res.end(part.body);
  return true;
}

/** `POST /{db}/_bulk_get` asking for multipart (and not for JSON): one part per revision. */
export async function serveMultipartBulkGet(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: CouchDatabase,
): Promise<void> {
  requireJsonContent(req);
  const body = await readJson(req);
  if (!isObject(body) || !Array.isArray(body.docs))
    throw new CouchHttpError(400, 'bad_request', "Missing JSON list of 'docs'.");
  const outer = boundary();
  const options = {
    latest: url.searchParams.get('latest') === 'true',
    revs: url.searchParams.get('revs') === 'true',
  };
  const parts = body.docs.flatMap((entry: unknown) => {
    const id = isObject(entry) && typeof entry.id === 'string' ? entry.id : '';
    const rev = isObject(entry) && typeof entry.rev === 'string' ? entry.rev : undefined;
    const doc = id === '' ? undefined : db.docs.get(id);
    const error = (r: string) => ({ id, rev: r, error: 'not_found', reason: 'missing' });
    if (!doc) {
      const json = JSON.stringify(error(rev ?? 'undefined'));
      return [
        Buffer.from(
          `\r\n--${outer}\r\nContent-Type: application/json; error="true"\r\n\r\n${json}`,
        ),
      ];
    }
    const headers = (json: Record<string, unknown>) =>
      `\r\nX-Doc-Id: ${encodeURIComponent(id)}\r\nX-Rev-Id: ${String(json._rev)}`;
    return revisionParts(doc, rev ? [normaliseRev(rev)] : 'all', options, outer, headers, error);
  });
  const related = !acceptsMultipart(req, 'mixed');
  send(res, related ? 'multipart/related' : 'multipart/mixed', outer, parts);
}

/** Whether a `_bulk_get` asks for multipart, as CouchDB decides (and not also for JSON). */
export function wantsMultipartBulkGet(req: IncomingMessage): boolean {
  const accept = String(req.headers.accept ?? '').toLowerCase();
  return (
    !accept.includes('application/json') &&
    (acceptsMultipart(req, 'mixed') || acceptsMultipart(req, 'related'))
  );
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatSeq, type SeqStyle } from '../changes/changes-feed.js';
import { CouchDatabase } from '../store/couch-store.js';
import { designDocument } from '../store/design-docs.js';
import { writeDocument } from './document-routes.js';
import {
  CouchHttpError,
  isObject,
  locationOf,
  readJson,
  requireJsonContent,
  sendHead,
  sendJson,
} from './http-io.js';

const DB_NAME = /^[a-z][a-z0-9_$()+/-]*$/;

export interface DatabaseContext {
  dbs: Map<string, CouchDatabase>;
  seqStyle: SeqStyle;
  requireAdmin(): void;
  /** Throws CouchDB's 401 unless the request may read and write the database. */
  requireMember(db: CouchDatabase): void;
  notify(name: string): void;
}

export function illegalName(name: string): CouchHttpError {
  return new CouchHttpError(
    400,
    'illegal_database_name',
    `Name: '${name}'. Only lowercase characters (a-z), digits (0-9), and any of the characters _, $, (, ), +, -, and / are allowed. Must begin with a letter.`,
  );
}

export function openDatabase(ctx: DatabaseContext, name: string): CouchDatabase {
  const db = ctx.dbs.get(name);
  if (!db) throw new CouchHttpError(404, 'not_found', 'Database does not exist.');
  return db;
}

/** `PUT|DELETE|GET|HEAD|POST /{db}`. */
export async function serveDatabase(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  name: string,
  ctx: DatabaseContext,
): Promise<void> {
  switch (req.method) {
    case 'PUT': {
      ctx.requireAdmin();
      if (!DB_NAME.test(name)) throw illegalName(name);
      if (ctx.dbs.has(name))
        throw new CouchHttpError(
          412,
          'file_exists',
          'The database could not be created, the file already exists.',
        );
      const q = Number(url.searchParams.get('q') ?? 2);
      if (!Number.isInteger(q) || q < 1)
        throw new CouchHttpError(400, 'bad_request', '`q` must be a positive integer');
      const db = new CouchDatabase(name, url.searchParams.get('partitioned') === 'true');
      db.shards = q;
      ctx.dbs.set(name, db);
      return sendJson(res, 201, { ok: true }, { location: locationOf(req, name) });
    }
    case 'DELETE':
      ctx.requireAdmin();
      if (url.searchParams.has('rev'))
        throw new CouchHttpError(
          400,
          'bad_request',
          'You tried to DELETE a database with a ?=rev parameter. Did you mean to DELETE a document instead?',
        );
      openDatabase(ctx, name);
      ctx.dbs.delete(name);
      return sendJson(res, 200, { ok: true });
    case 'GET':
    case 'HEAD': {
      const db = openDatabase(ctx, name);
      ctx.requireMember(db);
      if (req.method === 'HEAD') return sendHead(res, 200);
      return sendJson(
        res,
        200,
        db.info((n) => formatSeq(n, ctx.seqStyle)),
      );
    }
    case 'POST': {
      const db = openDatabase(ctx, name);
      ctx.requireMember(db);
      requireJsonContent(req);
      const row = writeDocument(db, await readJson(req));
      if (url.searchParams.get('batch') === 'ok') {
        // chttpd_db: `batch=ok` answers 202 at once and writes later; a conflict is only logged.
        if (!row.error) ctx.notify(name);
        return sendJson(res, 202, { ok: true, id: row.id });
      }
      if (row.error) throw new CouchHttpError(409, 'conflict', 'Document update conflict.');
      ctx.notify(name);
      return sendJson(res, 201, row, { location: locationOf(req, name, String(row.id)) });
    }
    default:
      throw new CouchHttpError(405, 'method_not_allowed', 'Only DELETE,GET,HEAD,POST allowed');
  }
}

/**
 * `/{db}/_revs_limit`, `/{db}/_security`, `/{db}/_ensure_full_commit`, `/{db}/_compact` and
 * `/{db}/_view_cleanup`. Resolves to false for any other path.
 */
export async function serveDatabaseSettings(
  req: IncomingMessage,
  res: ServerResponse,
  db: CouchDatabase,
  what: string,
  ctx: DatabaseContext,
): Promise<boolean> {
  const only = (...methods: string[]) => {
    if (!methods.includes(req.method ?? ''))
      throw new CouchHttpError(405, 'method_not_allowed', `Only ${methods.join(',')} allowed`);
  };
  switch (what) {
    case '_revs_limit': {
      only('GET', 'PUT');
      if (req.method === 'GET') {
        sendJson(res, 200, db.revsLimit);
        return true;
      }
      ctx.requireAdmin();
      const limit = await readJson(req);
      // couch_db:set_revs_limit/2 has a guard for positive integers: anything else crashes it.
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit <= 0)
        throw new CouchHttpError(500, 'unknown_error', 'function_clause');
      db.revsLimit = limit;
      sendJson(res, 200, { ok: true });
      return true;
    }
    case '_security': {
      only('GET', 'PUT');
      if (req.method === 'PUT') {
        ctx.requireAdmin();
        const body = await readJson(req);
        if (!isObject(body))
          throw new CouchHttpError(400, 'bad_request', 'Security object must be a JSON object');
        db.security = body;
        sendJson(res, 200, { ok: true });
        return true;
      }
      sendJson(res, 200, db.security);
      return true;
    }
    case '_ensure_full_commit':
      only('POST');
      sendJson(res, 201, { ok: true, instance_start_time: '0' });
      return true;
    case '_compact':
    case '_view_cleanup':
      only('POST');
      ctx.requireAdmin();
      requireJsonContent(req);
      if (what === '_compact') db.compact();
      sendJson(res, 202, { ok: true });
      return true;
    default:
      return false;
  }
}

/**
 * `POST /{db}/_compact/{ddoc}` (chttpd_db handle_compact_req): compacts a design document's view
 * indexes; 202 when the design document exists, 404 `not_found` otherwise. Nothing to compact here.
 */
export function serveViewCompaction(
  req: IncomingMessage,
  res: ServerResponse,
  db: CouchDatabase,
  ddocName: string,
  ctx: DatabaseContext,
): void {
  if (req.method !== 'POST')
    throw new CouchHttpError(405, 'method_not_allowed', 'Only POST allowed');
  ctx.requireAdmin();
  requireJsonContent(req);
  designDocument(db, ddocName);
  sendJson(res, 202, { ok: true });
}

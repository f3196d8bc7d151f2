import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createFaultInjector,
  type FaultInjector,
  type NodeHandler,
  startLoopbackServer,
} from '@connectorkit/http-core/testing';
import { serveBulkGet, serveRevsDiff } from './bulk-read-routes.js';
import { formatSeq, type SeqStyle, serveChanges } from './changes-feed.js';
import { CouchDatabase } from './couch-store.js';
import { serveAllDocs, serveBulkDocs, serveDocument, writeDocument } from './document-routes.js';
import { CouchHttpError, isObject, readBody, readJson, sendError, sendJson } from './http-io.js';
import { serveQueryRoute } from './query-routes.js';

export interface CouchDbSimulatorOptions {
  /** name → password; none means "admin party" (no authentication). */
  admins?: Record<string, string>;
  /** @default Date.now */
  now?: () => number;
  /** @default 'string' */
  seqStyle?: SeqStyle;
  faults?: FaultInjector;
  /** Session cookie lifetime in seconds (`Max-Age`). @default 600 */
  sessionTimeout?: number;
}

export interface CouchDbSimulator {
  handler: NodeHandler;
  /** A fetch bound to this simulator (a loopback server started on first use), for `fetch:` options. */
  fetch: typeof globalThis.fetch;
  listen(options?: {
    port?: number;
  }): Promise<{ url: string; port: number; close(): Promise<void> }>;
  faults: FaultInjector;
  createDatabase(name: string, options?: { partitioned?: boolean }): void;
  /** Seeds documents without HTTP (fast), each a new revision at a new seq. */
  writeDocuments(db: string, docs: Record<string, unknown>[]): void;
  getDocument(db: string, id: string): Record<string, unknown> | undefined;
  changesCount(db: string): number;
  setOmitPending(on: boolean): void;
  setIgnoreTimeout(on: boolean): void;
  openRequests(): number;
}

const DB_NAME = /^[a-z][a-z0-9_$()+/-]*$/;

/**
 * An in-memory CouchDB 3 / Cloudant simulator over real HTTP: databases, documents with revisions
 * and conflicts, bulk writes, `_all_docs`, local documents, sessions, and a faithful `_changes`
 * (opaque string seqs, `pending`, longpoll `timeout`, heartbeats only when asked, `seq_interval`,
 * POST-body selectors and doc ids), with fault injection and knobs for the faults real servers have.
 * Queries: Mango `_find` (bookmarks) with `_index` and `_explain`, map/reduce views, Cloudant
 * search, and partitioned databases with their `_partition/{p}/...` routes (query-routes.ts).
 */
export function createCouchDbSimulator(options: CouchDbSimulatorOptions = {}): CouchDbSimulator {
  const dbs = new Map<string, CouchDatabase>();
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const sessions = new Map<string, string>();
  const open = new Set<ServerResponse>();
  const faults = options.faults ?? createFaultInjector();
  const seqStyle = options.seqStyle ?? 'string';
  const now = options.now ?? Date.now;
  let omitPending = false;
  let ignoreTimeout = false;
  const admins = options.admins ?? {};

  const database = (name: string): CouchDatabase => {
    const db = dbs.get(name);
    if (!db) throw new CouchHttpError(404, 'not_found', 'Database does not exist.');
    return db;
  };
  const notify = (name: string) => () => events.emit(name);

  function authenticate(req: IncomingMessage): string | undefined {
    const header = req.headers.authorization;
    if (header?.startsWith('Basic ')) {
      const [name = '', password = ''] = Buffer.from(header.slice(6), 'base64')
        .toString()
        .split(':');
      if (admins[name] !== undefined && admins[name] === password) return name;
      throw new CouchHttpError(401, 'unauthorized', 'Name or password is incorrect.');
    }
    const cookie = /AuthSession=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    return cookie ? sessions.get(cookie) : undefined;
  }

  async function serveSession(
    req: IncomingMessage,
    res: ServerResponse,
    user: string | undefined,
  ): Promise<void> {
    if (req.method === 'GET') {
      sendJson(res, 200, {
        ok: true,
        userCtx: { name: user ?? null, roles: user ? ['_admin'] : [] },
        info: { authenticated: 'cookie' },
      });
      return;
    }
    if (req.method === 'DELETE') {
      sendJson(
        res,
        200,
        { ok: true },
        { 'set-cookie': 'AuthSession=; Version=1; Path=/; HttpOnly' },
      );
      return;
    }
    const text = await readBody(req);
    const form = (req.headers['content-type'] ?? '').includes('form')
      ? Object.fromEntries(new URLSearchParams(text))
      : (JSON.parse(text || '{}') as Record<string, unknown>);
    const name = String(form.name ?? form.username ?? '');
    if (admins[name] === undefined || admins[name] !== form.password) {
      throw new CouchHttpError(401, 'unauthorized', 'Name or password is incorrect.');
    }
    const token = Buffer.from(`${name}:${now()}:${randomUUID()}`).toString('base64url');
    sessions.set(token, name);
    sendJson(
      res,
      200,
      { ok: true, name, roles: ['_admin'] },
      {
        'set-cookie': `AuthSession=${token}; Version=1; Path=/; HttpOnly; Max-Age=${options.sessionTimeout ?? 600}`,
      },
    );
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const [first = '', second, ...rest] = parts;
    if (first === '_session') return serveSession(req, res, sessionUser(req));
    const user = authenticate(req);
    if (Object.keys(admins).length > 0 && !user && first !== '_up') {
      throw new CouchHttpError(401, 'unauthorized', 'Authentication required.');
    }
    if (parts.length === 0)
      return sendJson(res, 200, {
        couchdb: 'Welcome',
        version: '3.3.3',
        vendor: { name: 'connectorkit simulator' },
        features: ['partitioned'],
      });
    if (first === '_up') return sendJson(res, 200, { status: 'ok', seeds: {} });
    if (first === '_uuids') {
      const count = Number(url.searchParams.get('count') ?? 1);
      return sendJson(res, 200, {
        uuids: Array.from({ length: count }, () => randomUUID().replace(/-/g, '')),
      });
    }
    if (first === '_all_dbs') return sendJson(res, 200, [...dbs.keys()].sort());
    if (first === '_active_tasks') return sendJson(res, 200, []);
    if (first === '_membership')
      return sendJson(res, 200, { all_nodes: ['sim@127.0.0.1'], cluster_nodes: ['sim@127.0.0.1'] });
    if (first === '_dbs_info' && req.method === 'POST') {
      const body = await readJson(req);
      const keys = isObject(body) && Array.isArray(body.keys) ? body.keys : [];
      return sendJson(
        res,
        200,
        keys.map((key) => {
          const db = dbs.get(String(key));
          return db
            ? { key, info: db.info((n) => formatSeq(n, seqStyle)) }
            : { key, error: 'not_found' };
        }),
      );
    }
    if (first.startsWith('_'))
      throw new CouchHttpError(
        400,
        'illegal_database_name',
        `Name: '${first}'. Only lowercase characters (a-z), digits (0-9), and any of the characters _, $, (, ), +, -, and / are allowed. Must begin with a letter.`,
      );
    if (second === undefined) return serveDatabase(req, res, url, first);
    const db = database(first);
    if (second === '_changes') return serveChanges(req, res, url, db, feedEnvironment);
    if (second === '_bulk_docs' && req.method === 'POST')
      return serveBulkDocs(req, res, db, notify(first));
    if (second === '_all_docs') return serveAllDocs(req, res, url, db);
    if (second === '_bulk_get' && req.method === 'POST') return serveBulkGet(req, res, url, db);
    if (second === '_revs_diff' && req.method === 'POST') return serveRevsDiff(req, res, db);
    const env = { formatSeq: (n: number) => formatSeq(n, seqStyle), notify: notify(first) };
    if (await serveQueryRoute(req, res, url, db, [second, ...rest], env)) return;
    if (second === '_ensure_full_commit')
      return sendJson(res, 201, { ok: true, instance_start_time: '0' });
    if (second === '_revs_limit') {
      if (req.method === 'PUT') {
        db.revsLimit = Number(await readJson(req));
        return sendJson(res, 200, { ok: true });
      }
      return sendJson(res, 200, db.revsLimit);
    }
    if (second === '_security') {
      if (req.method === 'PUT') {
        const body = await readJson(req);
        if (!isObject(body))
          throw new CouchHttpError(400, 'bad_request', 'Security object must be a JSON object');
        db.security = body;
        return sendJson(res, 200, { ok: true });
      }
      return sendJson(res, 200, db.security);
    }
    const id =
      second === '_design' || second === '_local'
        ? `${second}/${rest.join('/')}`
        : [second, ...rest].join('/');
    return serveDocument(req, res, url, db, id, notify(first));
  }

  function sessionUser(req: IncomingMessage): string | undefined {
    try {
      return authenticate(req);
    } catch {
      return undefined;
    }
  }

  async function serveDatabase(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    name: string,
  ): Promise<void> {
    if (req.method === 'PUT') {
      if (!DB_NAME.test(name))
        throw new CouchHttpError(
          400,
          'illegal_database_name',
          `Name: '${name}'. Only lowercase characters (a-z), digits (0-9), and any of the characters _, $, (, ), +, -, and / are allowed. Must begin with a letter.`,
        );
      if (dbs.has(name))
        throw new CouchHttpError(
          412,
          'file_exists',
          'The database could not be created, the file already exists.',
        );
      dbs.set(name, new CouchDatabase(name, url.searchParams.get('partitioned') === 'true'));
      return sendJson(res, 201, { ok: true });
    }
    if (req.method === 'DELETE') {
      if (url.searchParams.has('rev'))
        throw new CouchHttpError(
          400,
          'bad_request',
          'You tried to DELETE a database with a ?=rev parameter. Did you mean to DELETE a document instead?',
        );
      database(name);
      dbs.delete(name);
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === 'POST') {
      const row = writeDocument(database(name), await readJson(req));
      if (row.error) throw new CouchHttpError(409, 'conflict', 'Document update conflict.');
      events.emit(name);
      return sendJson(res, 201, row);
    }
    const db = database(name);
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end();
      return;
    }
    sendJson(
      res,
      200,
      db.info((n) => formatSeq(n, seqStyle)),
    );
  }

  const feedEnvironment = {
    seqStyle,
    omitPending: () => omitPending,
    ignoreTimeout: () => ignoreTimeout,
    onChange: (db: string, listener: () => void) => {
      events.on(db, listener);
      return () => events.off(db, listener);
    },
    track: (res: ServerResponse) => {
      open.add(res);
      res.on('close', () => open.delete(res));
    },
  };

  const handler: NodeHandler = faults.wrap(async (req, res) => {
    try {
      await route(req, res);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof CouchHttpError) sendError(res, error.status, error.error, error.reason);
      else sendError(res, 500, 'unknown_error', String(error));
    }
  });

  const inProcess = toFetch(handler);
  return {
    handler,
    fetch: inProcess,
    listen: async (o = {}) => {
      const server = await startLoopbackServer(
        handler,
        o.port === undefined ? {} : { port: o.port },
      );
      return {
        url: server.url,
        port: server.port,
        close: async () => {
          for (const res of open) res.destroy();
          await server.close();
        },
      };
    },
    faults,
    createDatabase: (name, o = {}) => {
      if (!dbs.has(name)) dbs.set(name, new CouchDatabase(name, o.partitioned ?? false));
    },
    writeDocuments: (name, docs) => {
      const db = database(name);
      for (const doc of docs) writeDocument(db, doc);
      events.emit(name);
    },
    getDocument: (name, id) => {
      const doc = dbs.get(name)?.docs.get(id);
      return doc && !doc.deleted ? { _id: doc.id, _rev: doc.rev, ...doc.body } : undefined;
    },
    changesCount: (name) => database(name).updateSeq,
    setOmitPending: (on) => {
      omitPending = on;
    },
    setIgnoreTimeout: (on) => {
      ignoreTimeout = on;
    },
    openRequests: () => open.size,
  };
}

/** A fetch that sends every request, whatever its origin, to a loopback server of the handler. */
function toFetch(handler: NodeHandler): typeof globalThis.fetch {
  let server: Promise<{ url: string }> | undefined;
  return async (input, init) => {
    server ??= startLoopbackServer(handler);
    const { url } = await server;
    const request = new Request(input, init);
    const target = new URL(request.url);
    return globalThis.fetch(`${url}${target.pathname}${target.search}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body ? { body: await request.arrayBuffer() } : {}),
      signal: request.signal,
    });
  };
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createFaultInjector,
  type FaultInjector,
  type NodeHandler,
  startLoopbackServer,
  withCors,
} from '@connectorkit/http-core/testing';
import { formatSeq, type SeqStyle, serveChanges } from './changes/changes-feed.js';
import { serveAllDocs } from './routes/all-docs-routes.js';
import { serveAttachment } from './routes/attachment-routes.js';
import { serveBulkGet, serveRevsDiff } from './routes/bulk-read-routes.js';
import { serveBulkDocs, servePurge } from './routes/bulk-write-routes.js';
import {
  serveDatabase,
  serveDatabaseSettings,
  serveViewCompaction,
} from './routes/database-routes.js';
import { serveDocument, writeDocument } from './routes/document-routes.js';
import { CouchHttpError, requireJsonContent, sendError } from './routes/http-io.js';
import { serveLocalDocs } from './routes/local-docs.js';
import { serveQueryRoute } from './routes/query-routes.js';
import { SimulatorExtras } from './routes/server-extras.js';
import { serveServerRoute } from './routes/server-routes.js';
import { Sessions } from './routes/session-routes.js';
import { CouchDatabase } from './store/couch-store.js';

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new CouchHttpError(400, 'bad_request', `Invalid URL encoding: ${segment}`);
  }
}

function onlyPost(req: IncomingMessage): void {
  if (req.method !== 'POST')
    throw new CouchHttpError(405, 'method_not_allowed', 'Only POST allowed');
}

/** Options of {@link createCouchDbSimulator}: users, clock, sequence style and faults. */
export interface CouchDbSimulatorOptions {
  /** name → password; none means "admin party" (no authentication). */
  admins?: Record<string, string>;
  /** Clock for session cookie expiry; inject one to test renewals. @default Date.now */
  now?: () => number;
  /**
   * How sequences are written: opaque strings as CouchDB 2+ and Cloudant, or numbers as PouchDB.
   * @default 'string'
   */
  seqStyle?: SeqStyle;
  /** Fault injector put in front of every route. @default a new one, reachable as `faults` */
  faults?: FaultInjector;
  /** Session cookie lifetime in seconds (`Max-Age`). @default 600 */
  sessionTimeout?: number;
}

/**
 * A running in-memory CouchDB made by {@link createCouchDbSimulator}: serve it over HTTP with
 * `listen()` (or hand its `fetch` to a client), seed and inspect it directly, and inject faults.
 * @example
 * const couch = createCouchDbSimulator();
 * couch.createDatabase('products');
 * const server = await couch.listen();
 * const db = createDocDbClient({ url: server.url });
 * // ...
 * await server.close();
 */
export interface CouchDbSimulator {
  /** The `node:http` handler of every route, for a server of your own. */
  handler: NodeHandler;
  /** A fetch bound to this simulator (a loopback server started on first use), for `fetch:` options. */
  fetch: typeof globalThis.fetch;
  /**
   * Starts a loopback HTTP server on 127.0.0.1 (on `port`, or any free one) and resolves with its
   * base URL and port.
   */
  listen(options?: { port?: number }): Promise<{
    url: string;
    port: number;
    /** Ends every open feed, then closes the server and its connections. */
    close(): Promise<void>;
  }>;
  /** The fault injector in front of every route: `faults.failNext(2, 503)` and the like. */
  faults: FaultInjector;
  /** Creates a database without HTTP (nothing happens when it exists). */
  createDatabase(name: string, options?: { partitioned?: boolean }): void;
  /** Seeds documents without HTTP (fast), each a new revision at a new seq. */
  writeDocuments(db: string, docs: Record<string, unknown>[]): void;
  /**
   * The stored winning revision of a document (body with `_id` and `_rev`), read without HTTP;
   * `undefined` when the database or the document is missing, or the document is deleted.
   */
  getDocument(db: string, id: string): Record<string, unknown> | undefined;
  /**
   * The database's update sequence as a number: how many writes it has recorded. Throws when the
   * database does not exist.
   */
  changesCount(db: string): number;
  /** While on, `_changes` answers leave out `pending`, as pouchdb-server does. */
  setOmitPending(on: boolean): void;
  /**
   * While on, longpoll and continuous feeds ignore their `timeout` and any change, sending only
   * heartbeats (every `heartbeat` ms, else every second): a feed that hangs, to test a client's
   * own timeouts and aborts.
   */
  setIgnoreTimeout(on: boolean): void;
  /**
   * Feed responses (`_changes`, `_db_updates`) still open: checks that a client closes its feeds.
   */
  openRequests(): number;
}

/**
 * An in-memory CouchDB 3.5 / Cloudant simulator over real HTTP, checked against exchanges recorded
 * from a real CouchDB 3.5.0 (conformance-replay.test.ts): databases, documents in a revision tree
 * with CouchDB's rev ids, conflicts and `new_edits=false`, attachments, `_local` documents, bulk
 * reads and writes, `_all_docs`, `_purge`, `_compact`, sessions, and a faithful `_changes` (opaque
 * string seqs, `pending`, longpoll `timeout`, heartbeats only when asked, `seq_interval`, filters),
 * with fault injection and knobs for the faults real servers have. Queries: Mango `_find`
 * (bookmarks) with `_index` and `_explain`, map/reduce views, Cloudant search, and partitioned
 * databases with their `_partition/{p}/...` routes (query-routes.ts).
 */
export function createCouchDbSimulator(options: CouchDbSimulatorOptions = {}): CouchDbSimulator {
  const seqStyle = options.seqStyle ?? 'string';
  // Databases and change events are tracked for _db_updates and the replicator (server-extras.ts).
  const extras = new SimulatorExtras(seqStyle);
  const dbs: Map<string, CouchDatabase> = extras.databases;
  const events = extras.events;
  const open = new Set<ServerResponse>();
  const faults = options.faults ?? createFaultInjector();
  const uuid = randomUUID().replace(/-/g, '');
  let omitPending = false;
  let ignoreTimeout = false;
  const sessions = new Sessions({
    admins: options.admins ?? {},
    now: options.now ?? Date.now,
    timeout: options.sessionTimeout ?? 600,
  });

  const database = (name: string): CouchDatabase => {
    const db = dbs.get(name);
    if (!db) throw new CouchHttpError(404, 'not_found', 'Database does not exist.');
    return db;
  };
  const notify = (name: string) => () => events.emit(name);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/';
    const url = new URL(target, 'http://simulator');
    // Segments are split from the raw path: URL would resolve an encoded `%2E%2E` as `..`.
    const rawPath = target.split('?')[0] ?? '/';
    const parts = rawPath.split('/').filter(Boolean).map(decodeSegment);
    const [first, second, ...rest] = parts;
    if (first === '_session') return sessions.serve(req, res);
    const user = sessions.authenticate(req);
    const isAdmin = sessions.adminParty || user !== undefined;
    const requireAdmin = () => {
      if (!isAdmin) throw new CouchHttpError(401, 'unauthorized', 'You are not a server admin.');
    };
    const context = {
      dbs,
      seqStyle,
      uuid,
      requireAdmin,
      requireMember: (db: CouchDatabase) => {
        if (!isAdmin && !db.isPublic())
          throw new CouchHttpError(
            401,
            'unauthorized',
            'You are not authorized to access this db.',
          );
      },
      notify: (name: string) => events.emit(name),
    };
    const extra = { ...context, track: (r: ServerResponse) => feedEnvironment.track(r) };
    if (await extras.serve(req, res, url, parts, extra)) return;
    if (await serveServerRoute(req, res, url, first, context)) return;
    const name = first as string;
    if (second === undefined) return serveDatabase(req, res, url, name, context);
    const db = database(name);
    context.requireMember(db);
    if (second === '_changes') return serveChanges(req, res, url, db, feedEnvironment);
    if (second === '_bulk_docs') {
      onlyPost(req);
      requireJsonContent(req);
      return serveBulkDocs(req, res, db, notify(name));
    }
    if (second === '_all_docs' || second === '_design_docs')
      return serveAllDocs(req, res, url, db, rest, { design: second === '_design_docs' });
    if (second === '_bulk_get') {
      onlyPost(req);
      return serveBulkGet(req, res, url, db);
    }
    if (second === '_local_docs' && rest.length === 0) return serveLocalDocs(req, res, url, db);
    if (second === '_purge') return servePurge(req, res, db, notify(name));
    if (second === '_revs_diff') {
      onlyPost(req);
      return serveRevsDiff(req, res, db);
    }
    const env = { formatSeq: (n: number) => formatSeq(n, seqStyle), notify: notify(name) };
    if (await serveQueryRoute(req, res, url, db, [second, ...rest], env)) return;
    if (second === '_compact' && rest.length === 1)
      return serveViewCompaction(req, res, db, rest[0] as string, context);
    if (rest.length === 0 && (await serveDatabaseSettings(req, res, db, second, context))) return;
    if (second === '_local')
      return serveDocument(req, res, url, db, `_local/${rest.join('/')}`, notify(name));
    // `/{db}/{docid}/{attachment}`: a design document's id takes two segments.
    const design = second === '_design';
    const id = design ? `_design/${rest[0] ?? ''}` : second;
    const attachment = (design ? rest.slice(1) : rest).join('/');
    if (attachment !== '') return serveAttachment(req, res, url, db, id, attachment, notify(name));
    return serveDocument(req, res, url, db, id, notify(name));
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

  // CORS outermost, so that a browser page can call it and read injected faults too; a request
  // without `Origin` is answered exactly as before.
  const handler: NodeHandler = withCors(
    faults.wrap(async (req, res) => {
      try {
        await route(req, res);
      } catch (error) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (error instanceof CouchHttpError)
          sendError(res, error.status, error.error, error.reason);
        else sendError(res, 500, 'unknown_error', String(error));
      }
    }),
  );

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

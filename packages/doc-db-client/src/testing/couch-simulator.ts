import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createLostAnswers,
  createSimulatorClock,
  createSimulatorServer,
  type FaultInjectorOptions,
} from '@connectorkit/http-core/testing';
import { formatSeq, serveChanges } from './changes/changes-feed.js';
import type { CouchDbSimulator, CouchDbSimulatorOptions } from './couch-simulator-types.js';
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

/**
 * An in-memory CouchDB 3.5 / Cloudant simulator over real HTTP, checked against exchanges recorded
 * from a real CouchDB 3.5.0 (conformance-replay.test.ts): databases, documents in a revision tree
 * with CouchDB's rev ids, conflicts and `new_edits=false`, attachments, `_local` documents, bulk
 * reads and writes, `_all_docs`, `_purge`, `_compact`, sessions, and a faithful `_changes` (opaque
 * string seqs, `pending`, longpoll `timeout`, heartbeats only when asked, `seq_interval`, filters),
 * with fault injection and knobs for the faults real servers have. Queries: Mango `_find`
 * (bookmarks) with `_index` and `_explain`, map/reduce views, Cloudant search, and partitioned
 * databases with their `_partition/{p}/...` routes (query-routes.ts). Built on http-core's
 * `createSimulatorServer`: the same `listen()` result, in-process `fetch`, `faults` and `clock` as
 * every simulator of connectorkit.
 */
export function createCouchDbSimulator(options: CouchDbSimulatorOptions = {}): CouchDbSimulator {
  const seqStyle = options.seqStyle ?? 'string';
  const clock = createSimulatorClock(options.clock ?? options.now ?? Date.now);
  // Databases and change events are tracked for _db_updates and the replicator (server-extras.ts).
  const extras = new SimulatorExtras(seqStyle, clock.now);
  const dbs: Map<string, CouchDatabase> = extras.databases;
  const events = extras.events;
  const open = new Set<ServerResponse>();
  // An injector has no `random`: lost answers then draw from Math.random.
  const random = (options.faults as FaultInjectorOptions | undefined)?.random;
  const lostAnswers = createLostAnswers(random ? { random } : {});
  const uuid = randomUUID().replace(/-/g, '');
  let omitPending = false;
  let ignoreTimeout = false;
  const sessions = new Sessions({
    admins: options.admins ?? {},
    now: clock.now,
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

  // The base puts CORS outermost (a browser page can call it and read injected faults too; a
  // request without `Origin` is answered exactly as before), then faults, then lost answers.
  const server = createSimulatorServer({
    handler: lostAnswers.wrap(async (req, res) => {
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
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    // Ends every open feed, so that `close()` does not wait on a continuous `_changes`.
    onClose: () => {
      for (const res of open) res.destroy();
    },
  });

  return {
    handler: server.handler,
    fetch: server.fetch,
    listen: server.listen,
    faults: server.faults,
    lostAnswers,
    clock,
    throttleNext: (count, o = {}) => extras.account.throttleNext(count, o.retryAfter),
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

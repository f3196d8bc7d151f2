import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SeqStyle } from '../changes/changes-feed.js';
import { DbEvents, DbUpdatesLog, serveDbUpdates, TrackedDatabases } from '../changes/db-updates.js';
import { serveScheduler } from '../replicator/routes.js';
import { ReplicationScheduler } from '../replicator/scheduler.js';
import type { CouchDatabase } from '../store/couch-store.js';
import { CloudantAccount } from './cloudant-routes.js';
import { serveDesignInfo, serveSearchAnalyze, serveShards } from './info-routes.js';
import {
  acceptsMultipart,
  serveMultipartBulkGet,
  serveMultipartDocument,
  wantsMultipartBulkGet,
} from './multipart.js';

/** What the extra routes need from the request's context. */
export interface ExtrasContext {
  requireAdmin(): void;
  requireMember(db: CouchDatabase): void;
  /** Keeps a long-lived answer (a feed) open until the server closes. */
  track(res: ServerResponse): void;
}

/**
 * The routes CouchDB and Cloudant have beyond documents and queries: `_db_updates`, the
 * replicator and `_scheduler`, `_shards`, design document and search index information,
 * `_search_analyze`, multipart reads, and Cloudant's `/_api/v2` account API. It owns the
 * simulator's database map and change events, which feed `_db_updates` and the replicator.
 */
export class SimulatorExtras {
  readonly log = new DbUpdatesLog();
  readonly databases = new TrackedDatabases();
  readonly events: DbEvents;
  readonly scheduler: ReplicationScheduler;
  readonly account: CloudantAccount;

  /** `clock`: the simulator's time in ms (Cloudant's metering, replication timestamps). */
  constructor(
    private readonly seqStyle: SeqStyle,
    clock: () => number = Date.now,
  ) {
    this.databases.log = this.log;
    this.events = new DbEvents(this.log, this.databases);
    this.scheduler = new ReplicationScheduler(this.databases, this.events, seqStyle, clock);
    this.account = new CloudantAccount(clock);
  }

  /** Serves the request when it is one of these routes; resolves to false otherwise. */
  async serve(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    parts: readonly string[],
    ctx: ExtrasContext,
  ): Promise<boolean> {
    if (this.account.meter(req, res, parts)) return true;
    const [first, second, ...rest] = parts;
    switch (first) {
      case '_db_updates':
        ctx.requireAdmin();
        serveDbUpdates(req, res, url, this.log, this.seqStyle, ctx.track);
        return true;
      case '_scheduler':
        ctx.requireAdmin();
        serveScheduler(req, res, url, parts.slice(1), this.scheduler);
        return true;
      case '_search_analyze':
        await serveSearchAnalyze(req, res);
        return true;
      case '_api':
        if (second !== 'v2') return false;
        ctx.requireAdmin();
        return this.account.serve(req, res, rest, this.databases);
      case '_replicator':
        this.scheduler.database();
        break;
    }
    const db = first === undefined ? undefined : this.databases.get(first);
    if (!db || second === undefined) return false;
    if (second === '_shards') {
      ctx.requireMember(db);
      serveShards(req, res, db, rest);
      return true;
    }
    const info = second === '_design' ? rest[1] : undefined;
    if (
      (info === '_info' && rest.length === 2) ||
      ((info === '_search_info' || info === '_search_disk_size') && rest.length === 3)
    ) {
      ctx.requireMember(db);
      serveDesignInfo(req, res, db, rest[0] as string, info, rest[2]);
      return true;
    }
    if (second === '_bulk_get' && req.method === 'POST' && wantsMultipartBulkGet(req)) {
      ctx.requireMember(db);
      await serveMultipartBulkGet(req, res, url, db);
      return true;
    }
    const design = second === '_design';
    const isDoc = design ? rest.length === 1 : !second.startsWith('_') && rest.length === 0;
    if (isDoc && (acceptsMultipart(req, 'mixed') || acceptsMultipart(req, 'related'))) {
      ctx.requireMember(db);
      return serveMultipartDocument(req, res, url, db, design ? `_design/${rest[0]}` : second);
    }
    return false;
  }
}

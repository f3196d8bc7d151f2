import { createHash } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { formatSeq, type SeqStyle } from '../changes/changes-feed.js';
import { changesFilter } from '../changes/changes-filters.js';
import { CouchHttpError, isObject } from '../routes/http-io.js';
import { CouchDatabase, type StoredDoc } from '../store/couch-store.js';
import { noStats, type ReplicationStats, replicateChanges } from './copy.js';
import { endpoint, isoSeconds, type Job } from './job.js';

/**
 * The scheduling replicator over the simulator's own databases: each `_replicator` document
 * becomes a job (its `source` and `target` URLs name databases of this server, whatever their
 * host; credentials are not checked). A one-shot job copies what is there and is `completed`,
 * its document updated with `_replication_state`; a continuous one stays `running` and copies
 * each change; a missing database makes it `crashing` (retried), a bad document `failed`.
 */
let pids = 0;

export class ReplicationScheduler {
  readonly jobs = new Map<string, Job>();

  constructor(
    private readonly dbs: Map<string, CouchDatabase>,
    private readonly events: EventEmitter,
    private readonly seqStyle: SeqStyle,
    private readonly clock: () => number = Date.now,
  ) {
    events.on('_replicator', () => this.scan());
  }

  /** The simulator's time as replication states show it. */
  private now(): string {
    return isoSeconds(this.clock());
  }

  /** The `_replicator` database, created on first use. */
  database(): CouchDatabase {
    let db = this.dbs.get('_replicator');
    if (!db) {
      db = new CouchDatabase('_replicator', false);
      this.dbs.set('_replicator', db);
    }
    return db;
  }

  /** Starts, restarts or stops jobs after the `_replicator` database changed. */
  scan(): void {
    const db = this.database();
    for (const [docId, job] of this.jobs) {
      const doc = db.docs.get(docId);
      if (!doc || doc.deleted) {
        job.stop();
        this.jobs.delete(docId);
      }
    }
    for (const doc of db.docs.values()) {
      if (doc.deleted || doc.id.startsWith('_design/')) continue;
      const job = this.jobs.get(doc.id);
      if (job?.rev === doc.rev) continue;
      job?.stop();
      this.start(doc);
    }
  }

  private start(doc: StoredDoc): void {
    const body = doc.body;
    const time = this.now();
    const job: Job = {
      docId: doc.id,
      rev: doc.rev,
      id: null,
      source: undefined,
      target: undefined,
      state: 'initializing',
      info: null,
      errorCount: 0,
      startTime: time,
      lastUpdated: time,
      history: [{ timestamp: time, type: 'added' }],
      pid: `<0.${++pids}.0>`,
      stop: () => {},
    };
    this.jobs.set(doc.id, job);
    const done = body._replication_state;
    if (done === 'completed' || done === 'failed') {
      job.state = done;
      job.info = isObject(body._replication_stats) ? body._replication_stats : null;
      return;
    }
    let source: { url: string; db: string };
    let target: { url: string; db: string };
    try {
      source = endpoint(body.source);
      target = endpoint(body.target);
    } catch (error) {
      this.fail(job, doc, (error as Error).message);
      return;
    }
    const continuous = body.continuous === true;
    const createTarget = body.create_target === true;
    job.source = source.url;
    job.target = target.url;
    const key = [
      source.url,
      target.url,
      body.filter,
      body.doc_ids,
      body.selector,
      body.query_params,
    ];
    job.id = `${createHash('md5').update(JSON.stringify(key)).digest('hex')}${continuous ? '+continuous' : ''}${createTarget ? '+create_target' : ''}`;
    if (body.cancel === true) {
      this.fail(job, doc, 'cancel is only for _replicate');
      return;
    }
    let since = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe = () => {};
    let queued = false;
    let subscribed = false;
    const stats: ReplicationStats = noStats();
    const run = () => {
      queued = false;
      if (this.jobs.get(doc.id) !== job) return;
      const from = this.dbs.get(source.db);
      let to = this.dbs.get(target.db);
      if (from && !to && createTarget) {
        const params = isObject(body.create_target_params) ? body.create_target_params : {};
        to = new CouchDatabase(target.db, params.partitioned === true);
        this.dbs.set(target.db, to);
      }
      if (!from || !to) {
        const missing = from ? target.url : source.url;
        this.crash(job, `db_not_found: could not open ${missing}`);
        timer = setTimeout(run, Math.min(100 * 2 ** job.errorCount, 5_000));
        timer.unref?.();
        return;
      }
      const filter = this.filterOf(from, body);
      if ('reason' in filter) {
        this.crash(job, filter.reason);
        return;
      }
      since = replicateChanges(from, to, since, filter.test, stats);
      const checkpoint = formatSeq(since, this.seqStyle);
      const history = { source_last_seq: checkpoint, end_time: this.now(), ...stats };
      for (const db of [from, to])
        db.local.set(`_local/${job.id}`, {
          rev: 1,
          body: { history: [history], source_last_seq: checkpoint },
        });
      this.events.emit(target.db);
      job.info = {
        ...stats,
        checkpointed_source_seq: checkpoint,
        source_seq: checkpoint,
        through_seq: checkpoint,
        changes_pending: 0,
      };
      job.lastUpdated = this.now();
      if (job.state !== 'running') {
        job.state = 'running';
        job.history.unshift({ timestamp: job.lastUpdated, type: 'started' });
      }
      if (continuous) {
        if (!subscribed) subscribe(from.name);
        return;
      }
      this.complete(job, stats);
    };
    const subscribe = (name: string) => {
      subscribed = true;
      const wake = () => {
        if (queued) return;
        queued = true;
        setImmediate(run).unref?.();
      };
      this.events.on(name, wake);
      unsubscribe = () => this.events.off(name, wake);
    };
    job.stop = () => {
      if (timer) clearTimeout(timer);
      unsubscribe();
    };
    queued = true;
    setImmediate(run).unref?.();
  }

  /** `filter`, `doc_ids` and `selector` as `_changes` reads them (changes-filters.ts). */
  private filterOf(
    db: CouchDatabase,
    body: Record<string, unknown>,
  ): { test: (doc: StoredDoc) => boolean } | { reason: string } {
    const q = new URLSearchParams();
    if (typeof body.filter === 'string') q.set('filter', body.filter);
    else if (body.selector !== undefined) q.set('filter', '_selector');
    else if (body.doc_ids !== undefined) q.set('filter', '_doc_ids');
    if (isObject(body.query_params))
      for (const [k, v] of Object.entries(body.query_params)) q.set(k, String(v));
    try {
      return changesFilter(db, q, { doc_ids: body.doc_ids, selector: body.selector });
    } catch (error) {
      const reason = error instanceof CouchHttpError ? error.reason : String(error);
      return { reason };
    }
  }

  private crash(job: Job, reason: string): void {
    job.errorCount++;
    job.state = 'crashing';
    job.info = { error: reason };
    job.lastUpdated = this.now();
    job.history.unshift({ timestamp: job.lastUpdated, type: 'crashed', reason });
  }

  /** An invalid document: `failed`, and the reason written into it (as CouchDB does). */
  private fail(job: Job, doc: StoredDoc, reason: string): void {
    job.state = 'failed';
    job.info = { error: reason };
    this.writeState(job, doc.id, {
      _replication_state: 'failed',
      _replication_state_reason: reason,
    });
  }

  private complete(job: Job, stats: ReplicationStats): void {
    job.state = 'completed';
    job.lastUpdated = this.now();
    job.history.unshift({ timestamp: job.lastUpdated, type: 'stopped' });
    this.writeState(job, job.docId, {
      _replication_state: 'completed',
      _replication_stats: { ...stats },
    });
  }

  /** Writes the terminal state into the document as a new revision (the job keeps tracking it). */
  private writeState(job: Job, docId: string, fields: Record<string, unknown>): void {
    const db = this.database();
    const doc = db.docs.get(docId);
    if (!doc || doc.deleted || doc.rev !== job.rev) return;
    const body = { ...doc.body, ...fields, _replication_state_time: this.now() };
    const result = db.write(docId, body, doc.rev, false);
    if ('rev' in result) job.rev = result.rev;
    this.events.emit('_replicator');
  }
}

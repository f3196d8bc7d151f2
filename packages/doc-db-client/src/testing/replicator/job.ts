import { isObject } from '../routes/http-io.js';

export type JobState =
  | 'initializing'
  | 'error'
  | 'pending'
  | 'running'
  | 'crashing'
  | 'completed'
  | 'failed';

/** One `_replicator` document as the scheduler tracks it. */
export interface Job {
  docId: string;
  /** The document revision the job was made from (or wrote itself). */
  rev: string;
  /** The replication id (`md5` + `+continuous`, `+create_target`), null for an invalid document. */
  id: string | null;
  source: string | undefined;
  target: string | undefined;
  state: JobState;
  info: Record<string, unknown> | null;
  errorCount: number;
  startTime: string;
  lastUpdated: string;
  history: { timestamp: string; type: string; reason?: string }[];
  pid: string;
  stop(): void;
}

/** A time in ms as CouchDB writes it in replication states: ISO 8601 in whole seconds. */
export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** An endpoint's URL without its password (couch_util:url_strip_password), and its database. */
export function endpoint(value: unknown): { url: string; db: string } {
  const text = isObject(value) ? value.url : value;
  if (typeof text !== 'string' || !URL.canParse(text))
    throw new Error('Replication source and target must be URLs');
  const url = new URL(text);
  if (url.password) url.password = '*****';
  const path = url.pathname.replace(/\/+$/, '').split('/').pop() ?? '';
  const db = decodeURIComponent(path);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { url: url.toString(), db };
}

/** A scheduler entry, as `_scheduler/docs` shows it. */
export function docJson(job: Job): Record<string, unknown> {
  return {
    database: '_replicator',
    doc_id: job.docId,
    id: job.id,
    node: 'nonode@nohost',
    source: job.source,
    target: job.target,
    state: job.state,
    info: job.info,
    error_count: job.errorCount,
    last_updated: job.lastUpdated,
    start_time: job.startTime,
    source_proxy: null,
    target_proxy: null,
  };
}

/** A running job, as `_scheduler/jobs` shows it. */
export function jobJson(job: Job): Record<string, unknown> {
  return {
    id: job.id,
    database: '_replicator',
    doc_id: job.docId,
    history: job.history,
    info: job.info,
    node: 'nonode@nohost',
    pid: job.pid,
    source: job.source,
    start_time: job.startTime,
    target: job.target,
    user: null,
  };
}

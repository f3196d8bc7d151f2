import type { IncomingMessage, ServerResponse } from 'node:http';
import { CouchHttpError, sendJson } from '../routes/http-io.js';
import { docJson, type Job, type JobState, jobJson } from './job.js';
import type { ReplicationScheduler } from './scheduler.js';

const STATES: JobState[] = [
  'initializing',
  'error',
  'pending',
  'running',
  'crashing',
  'completed',
  'failed',
];
const parseError = (reason: string) => new CouchHttpError(400, 'query_parse_error', reason);
const missing = () => new CouchHttpError(404, 'not_found', 'missing');

function integer(q: URLSearchParams, name: string, fallback: number): number {
  const text = q.get(name);
  if (text === null) return fallback;
  if (!/^-?\d+$/.test(text)) throw parseError(`${name} must be an integer`);
  const n = Number(text);
  if (n < 0) throw parseError(`${name} not in range of [0,infinity]`);
  return n;
}

function states(q: URLSearchParams): JobState[] | undefined {
  const text = q.get('states');
  if (text === null) return undefined;
  const asked = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = asked.filter((s) => !STATES.includes(s as JobState));
  if (unknown.length > 0)
    throw parseError(`Unknown states [${unknown.join(',')}]. Choose from: [${STATES.join(',')}]`);
  return asked as JobState[];
}

const byDoc = (a: Job, b: Job) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0);
/** Jobs the scheduler holds: the ones not finished (couch_replicator_scheduler:jobs). */
const isActive = (job: Job) =>
  job.state === 'running' || job.state === 'crashing' || job.state === 'pending';

/**
 * `GET|HEAD /_scheduler/jobs[/{id}]` and `/_scheduler/docs[/_replicator[/{docid}]]`
 * (couch_replicator_httpd), with `limit`, `skip` and `states`.
 */
export function serveScheduler(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: readonly string[],
  scheduler: ReplicationScheduler,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    throw new CouchHttpError(405, 'method_not_allowed', 'Only GET,HEAD allowed');
  const q = url.searchParams;
  const jobs = [...scheduler.jobs.values()].sort(byDoc);
  const [what, db, docId, ...extra] = path;
  if (what === 'jobs' && db === undefined) {
    const active = jobs.filter(isActive).sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const skip = Math.min(integer(q, 'skip', 0), active.length);
    const page = active.slice(skip, skip + integer(q, 'limit', 100));
    sendJson(res, 200, {
      total_rows: active.length,
      offset: skip,
      jobs: page.map(jobJson),
    });
    return;
  }
  if (what === 'jobs' && docId === undefined) {
    const job = jobs.find((j) => j.id === db && isActive(j));
    if (!job) throw missing();
    sendJson(res, 200, jobJson(job));
    return;
  }
  if (what !== 'docs' || (db !== undefined && db !== '_replicator') || extra.length > 0)
    throw new CouchHttpError(404, 'not_found', 'not found');
  if (docId !== undefined) {
    const job = scheduler.jobs.get(docId);
    if (!job) throw missing();
    sendJson(res, 200, docJson(job));
    return;
  }
  const wanted = states(q);
  const shown = wanted ? jobs.filter((j) => wanted.includes(j.state)) : jobs;
  const skip = integer(q, 'skip', 0);
  const page = shown.slice(skip, skip + integer(q, 'limit', Number.MAX_SAFE_INTEGER));
  sendJson(res, 200, {
    total_rows: shown.length,
    offset: skip,
    docs: page.map(docJson),
  });
}

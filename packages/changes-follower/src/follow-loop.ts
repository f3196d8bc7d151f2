import {
  type ChangesBatchParams,
  type ChangesResultItem,
  type DocDbClient,
  invalidAnswerError,
  type Seq,
} from '@connectorkit/doc-db-client';
import {
  buildPath,
  type Clock,
  computeBackoff,
  isAuthenticationError,
  isHttpError,
  isNetworkError,
  isTimeoutError,
  parseRetryAfter,
  type RandomSource,
  type Sleeper,
} from '@connectorkit/http-core';
import { adaptBatchSize, batchSizeFor } from './batch-size.js';
import type { ChangesFollowerOptions } from './changes-follower-options.js';
import { databaseInformationProblems } from './internal/answer-checks.js';

/** One `_changes` response: its changes, where to resume, and how many remain (when the server says). */
export interface ChangesBatch {
  changes: ChangesResultItem[];
  lastSeq: Seq;
  pending: number | undefined;
}

export interface LoopSettings {
  client: DocDbClient;
  options: ChangesFollowerOptions;
  mode: 'continuous' | 'one-off';
  since: Seq | 'now';
  stop: AbortSignal;
  longpollTimeoutMs: number;
  requestMarginMs: number;
  now: Clock;
  sleep: Sleeper;
  random: RandomSource;
}

const TERMINAL = new Set([400, 401, 403, 404]);
const BACKOFF = { baseDelay: 100, multiplier: 2, maxDelay: 60_000 };

/**
 * Failures worth trying again: the network, timeouts, bodies cut short, and HTTP statuses other
 * than 400, 401, 403 and 404 (a session login refused with one of those too). Everything else (an
 * answer of the wrong form, an input the client refused) would fail the same way again.
 */
function isTransient(error: unknown): boolean {
  if (isNetworkError(error) || isTimeoutError(error)) return true;
  if (isHttpError(error)) return !TERMINAL.has(error.status);
  if (isAuthenticationError(error))
    return error.status === undefined || !TERMINAL.has(error.status);
  return false;
}

/** Runs `request` with the follower's error policy: terminal failures at once, others suppressed with backoff. */
function errorPolicy(settings: LoopSettings) {
  let lastSuccess = settings.now();
  let failures = 0;
  const tolerance = settings.options.errorTolerance ?? Number.POSITIVE_INFINITY;
  return async function attempt<T>(request: () => Promise<T>): Promise<T | undefined> {
    for (;;) {
      if (settings.stop.aborted) return undefined;
      try {
        const value = await request();
        lastSuccess = settings.now();
        failures = 0;
        return value;
      } catch (error) {
        if (settings.stop.aborted) return undefined;
        if (!isTransient(error)) throw error;
        if (settings.now() - lastSuccess >= tolerance) throw error;
        const retryAfter = isHttpError(error)
          ? parseRetryAfter(error.headers['retry-after'], settings.now())
          : undefined;
        const delay =
          retryAfter ?? computeBackoff(failures, { ...BACKOFF, random: settings.random });
        failures++;
        try {
          await settings.sleep(Math.min(delay, BACKOFF.maxDelay), settings.stop);
        } catch {
          return undefined;
        }
      }
    }
  };
}

function sameSeq(a: Seq | 'now', b: Seq): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The `_changes` parameters a follower passes through from its options. */
function passThrough(options: ChangesFollowerOptions): Partial<ChangesBatchParams> {
  const out: Partial<ChangesBatchParams> = {};
  for (const key of PASSED_THROUGH) {
    if (options[key] !== undefined) Object.assign(out, { [key]: options[key] });
  }
  return out;
}

const PASSED_THROUGH = [
  'includeDocs',
  'seqInterval',
  'style',
  'conflicts',
  'attachments',
  'attEncodingInfo',
  'filter',
  'selector',
  'docIds',
  'fields',
] as const satisfies readonly (keyof ChangesFollowerOptions & keyof ChangesBatchParams)[];

/**
 * The follower's engine: requests batches until an end condition, suppressing transient errors.
 * Each request is bounded by the server wait plus a margin, so a server that ignores `timeout` or
 * sends heartbeats forever cannot hold it. Bodies are parsed as they stream in, and the next
 * request is sent only when the consumer asks for the next batch, so memory holds about one batch.
 */
export async function* followChanges(settings: LoopSettings): AsyncGenerator<ChangesBatch> {
  const { client, options, mode } = settings;
  const attempt = errorPolicy(settings);
  const includeDocs = options.includeDocs === true;
  let batchSize = options.batchSize;
  const adaptive = batchSize === undefined;
  const dbPath = buildPath('/{db}', { db: options.db });
  if (batchSize === undefined) {
    const info = includeDocs
      ? await attempt(async () => {
          const answer = await client.getDatabaseInformation({
            db: options.db,
            signal: settings.stop,
            retry: false,
          });
          // Checked here too: with validateResponses off the client hands over anything.
          const problems = databaseInformationProblems(answer);
          if (problems.length > 0)
            throw invalidAnswerError(client, {
              method: 'GET',
              path: dbPath,
              issues: problems,
              data: answer,
            });
          return answer;
        })
      : undefined;
    if (settings.stop.aborted) return;
    batchSize = batchSizeFor(info, includeDocs);
  }
  const boundMs = settings.longpollTimeoutMs + settings.requestMarginMs;
  const fixed = passThrough(options);
  let since = settings.since;
  let remaining = options.limit ?? Number.POSITIVE_INFINITY;
  const feed = mode === 'continuous' ? 'longpoll' : 'normal';
  for (;;) {
    const limit = Math.min(batchSize, remaining);
    // Bounded by the server wait plus a margin: past it the client rejects with a TimeoutError,
    // retried like any other.
    const params: ChangesBatchParams = {
      db: options.db,
      feed,
      since,
      limit,
      ...(feed === 'longpoll' ? { timeout: settings.longpollTimeoutMs } : {}),
      ...fixed,
      retry: false,
      deadline: Math.min(boundMs, 2_147_483_647),
      signal: settings.stop,
    };
    let response = await attempt(() => client.readChangesBatch(params));
    if (response === undefined) return;
    if (adaptive && response.results.length > 0)
      batchSize = adaptBatchSize(response.bytes, response.results.length);
    const { last_seq: lastSeq, pending } = response;
    let changes: ChangesResultItem[] | undefined =
      response.results.length > remaining ? response.results.slice(0, remaining) : response.results;
    // Only the batch stays referenced while the consumer works, and not even that once it asks
    // for the next one (a generator's locals live on across the next request otherwise).
    response = undefined;
    const count = changes.length;
    remaining -= count;
    const previous = since;
    since = lastSeq;
    if (count > 0) yield { changes, lastSeq, pending };
    changes = undefined;
    if (remaining <= 0 || settings.stop.aborted) return;
    if (mode === 'one-off') {
      if (pending === 0) return;
      // Nothing came and the sequence did not move: however much the server says is pending,
      // asking again would get the same answer for ever.
      if (count === 0 && sameSeq(previous, lastSeq)) return;
      // A server that omits `pending`: stop at an empty or short batch, or when nothing moved.
      if (pending === undefined && (count < limit || sameSeq(previous, lastSeq))) return;
    }
  }
}

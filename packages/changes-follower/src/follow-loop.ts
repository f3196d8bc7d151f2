import type { ChangesResultItem, DocDbClient, Seq } from '@connectorkit/doc-db-client';
import {
  type Clock,
  computeBackoff,
  isHttpError,
  parseRetryAfter,
  type RandomSource,
  type Sleeper,
} from '@connectorkit/http-core';
import { batchSizeFor } from './batch-size.js';
import type { ChangesFollowerOptions } from './changes-follower-options.js';

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

/** Runs `request` with the follower's error policy: terminal statuses at once, others suppressed with backoff. */
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
        if (isHttpError(error) && TERMINAL.has(error.status)) throw error;
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

/**
 * The follower's engine: requests batches until an end condition, suppressing transient errors.
 * Each request is bounded by the server wait plus a margin, so a server that ignores `timeout` or
 * sends heartbeats forever cannot hold it.
 */
export async function* followChanges(settings: LoopSettings): AsyncGenerator<ChangesBatch> {
  const { client, options, mode } = settings;
  const attempt = errorPolicy(settings);
  const includeDocs = options.includeDocs === true;
  let batchSize = options.batchSize;
  if (batchSize === undefined) {
    const info = includeDocs
      ? await attempt(() =>
          client.getDatabaseInformation({ db: options.db, signal: settings.stop, retry: false }),
        )
      : undefined;
    if (settings.stop.aborted) return;
    batchSize = batchSizeFor(info, includeDocs);
  }
  let since = settings.since;
  let remaining = options.limit ?? Number.POSITIVE_INFINITY;
  const feed = mode === 'continuous' ? 'longpoll' : 'normal';
  for (;;) {
    const limit = Math.min(batchSize, remaining);
    const bound = settings.longpollTimeoutMs + settings.requestMarginMs;
    const result = await attempt(() =>
      client.postChanges({
        db: options.db,
        feed,
        since,
        limit,
        ...(feed === 'longpoll' ? { timeout: settings.longpollTimeoutMs } : {}),
        ...(options.includeDocs !== undefined ? { includeDocs: options.includeDocs } : {}),
        ...(options.seqInterval !== undefined ? { seqInterval: options.seqInterval } : {}),
        ...(options.style !== undefined ? { style: options.style } : {}),
        ...(options.conflicts !== undefined ? { conflicts: options.conflicts } : {}),
        ...(options.attachments !== undefined ? { attachments: options.attachments } : {}),
        ...(options.attEncodingInfo !== undefined
          ? { attEncodingInfo: options.attEncodingInfo }
          : {}),
        ...(options.filter !== undefined ? { filter: options.filter } : {}),
        ...(options.selector !== undefined ? { selector: options.selector } : {}),
        ...(options.docIds !== undefined ? { docIds: options.docIds } : {}),
        ...(options.fields !== undefined ? { fields: options.fields } : {}),
        signal: AbortSignal.any([settings.stop, AbortSignal.timeout(bound)]),
        retry: false,
      }),
    );
    if (result === undefined) return;
    const changes = result.results.slice(0, remaining);
    remaining -= changes.length;
    const previous = since;
    since = result.last_seq;
    if (changes.length > 0) yield { changes, lastSeq: result.last_seq, pending: result.pending };
    if (remaining <= 0 || settings.stop.aborted) return;
    if (mode === 'one-off') {
      if (result.pending === 0) return;
      // A server that omits `pending`: stop at an empty or short batch, or when nothing moved.
      if (
        result.pending === undefined &&
        (changes.length < limit || sameSeq(previous, result.last_seq))
      )
        return;
    }
  }
}

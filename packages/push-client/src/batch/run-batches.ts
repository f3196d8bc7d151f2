import { BatchUpdateError } from '../errors.js';
import { utf8Length } from '../internal/utf8.js';
import { BatchPayload, type EntryKind } from './batch-payload.js';
import {
  type BatchOptions,
  type BatchReport,
  type BatchResult,
  type BatchStep,
  type BatchTotals,
  DEFAULT_BATCH_CONCURRENCY,
  DEFAULT_BATCH_REDOS,
  DEFAULT_MAX_BATCH_BYTES,
} from './batch-types.js';
import type { EntryPart } from './entries.js';
import { isRedoable } from './redo.js';

/** What sending one batch produced. */
export interface SentBatch {
  fileId: string | undefined;
  orderingId?: number | string | undefined;
}

/** What a {@link SendBatch} gets for one attempt at one batch. */
export interface BatchAttempt {
  /** The container body. */
  body: Uint8Array;
  index: number;
  signal: AbortSignal | undefined;
  /**
   * Runs its function once every earlier batch has settled: commits go through it, so uploads
   * overlap but batches are applied in input order (a later version of an item never lands
   * before an earlier one).
   */
  inOrder: <T>(commit: () => Promise<T>) => Promise<T>;
  /** Partial updates in the batch: a commit carrying any must not be sent twice. */
  partialUpdates: number;
  /**
   * Runs one step of the batch: its failure is tagged with the step, which the redo decision
   * and the report's `failedStep` go by. A failure outside every step is never redone.
   */
  step: <T>(name: BatchStep, run: () => Promise<T>) => Promise<T>;
}

/** Sends one container body; throws when the batch did not land. */
export type SendBatch = (attempt: BatchAttempt) => Promise<SentBatch>;

/**
 * Throws (an `InputValidationError`) when one entry alone passes a limit: the batch limit
 * (`maxBatchBytes`), or the item limit (`maxItemBytes`, for `addOrUpdate` entries).
 */
export type OversizeHandler = (
  kind: EntryKind,
  json: string,
  size: number,
  max: number,
  limit: 'batch' | 'item',
) => never;

/** How much JSON a synchronous input may serialize before in-flight requests get the event loop. */
const YIELD_EVERY_BYTES = 256 * 1024;
// setImmediate where there is one (Node, Bun, Deno): a timer would wait its clamp in a loop.
const yieldToIo = (): Promise<void> =>
  new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  );

/**
 * Splits a stream of serialized entries into file-container bodies under `maxBatchBytes` and
 * sends them with bounded concurrency. Memory stays at about `(concurrency + 1)` batches
 * whatever the input's size, because the input is pulled only when a slot is free.
 */

export async function runBatches(
  parts: readonly EntryPart[],
  send: SendBatch,
  options: BatchOptions & {
    onOversize: OversizeHandler;
    maxAllowed?: number;
    /** Largest `addOrUpdate` entry, measured on the JSON the batch sends. @default no limit */
    maxItemBytes?: number;
  },
): Promise<BatchReport> {
  const max = Math.min(
    options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES,
    options.maxAllowed ?? Infinity,
  );
  const maxItem = options.maxItemBytes ?? Infinity;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_BATCH_CONCURRENCY);
  const signal = options.signal;
  const redoLimit = options.batchRedos ?? DEFAULT_BATCH_REDOS;
  const batches: BatchResult[] = [];
  const totals: BatchTotals = {
    documentsSent: 0,
    deletesSent: 0,
    partialUpdatesSent: 0,
    bytesSent: 0,
    batchesDone: 0,
    batchesFailed: 0,
  };
  const inFlight = new Set<Promise<void>>();
  const pool: Uint8Array[] = [];
  let firstError: unknown;
  /** Settles when the last dispatched batch has landed or failed (never rejects). */
  let previous: Promise<void> = Promise.resolve();

  const dispatch = (payload: BatchPayload) => {
    const result: BatchResult = {
      index: batches.length,
      documents: payload.counts.addOrUpdate,
      deletes: payload.counts.delete,
      partialUpdates: payload.counts.partialUpdate,
      bytes: 0,
      fileId: undefined,
      orderingId: undefined,
      ok: false,
      error: undefined,
      failedStep: undefined,
    };
    const body = payload.toBody();
    result.bytes = body.byteLength;
    batches.push(result);
    const partials = result.partialUpdates;
    const earlier = previous;
    const inOrder = async <T>(commit: () => Promise<T>): Promise<T> => {
      await earlier;
      return commit();
    };
    let failedStep: BatchStep | undefined;
    const step = async <T>(name: BatchStep, run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (error) {
        failedStep ??= name;
        throw error;
      }
    };
    const context = { body, index: result.index, signal, inOrder, partialUpdates: partials, step };
    const attempt = async (): Promise<SentBatch> => {
      for (let redo = 0; ; redo++) {
        failedStep = undefined;
        try {
          return await send(context);
        } catch (error) {
          const redoable = isRedoable(error, failedStep, partials === 0);
          if (redo >= redoLimit || signal?.aborted || !redoable) throw error;
        }
      }
    };
    const task = attempt().then(
      (sent) => {
        result.ok = true;
        result.fileId = sent.fileId;
        result.orderingId = sent.orderingId;
        totals.documentsSent += result.documents;
        totals.deletesSent += result.deletes;
        totals.partialUpdatesSent += result.partialUpdates;
        totals.bytesSent += result.bytes;
        totals.batchesDone++;
        options.onProgress?.({ type: 'batch-done', batch: result, totals: { ...totals } });
      },
      (error: unknown) => {
        result.error = error;
        result.failedStep = failedStep;
        firstError ??= error;
        totals.batchesFailed++;
        options.onProgress?.({ type: 'batch-failed', batch: result, error, totals: { ...totals } });
      },
    );
    previous = task;
    const tracked = task.finally(() => {
      inFlight.delete(tracked);
      // Reuse the bytes for a later batch: fewer large allocations waiting for a GC.
      if (pool.length <= concurrency) pool.push(new Uint8Array(body.buffer));
    });
    inFlight.add(tracked);
  };

  let payload = new BatchPayload(max);
  /** Adds one entry; `false` when the current batch is full and must be sent first. */
  const take = (kind: EntryKind, json: string): boolean => {
    const size = payload.stage(kind, json);
    if (size >= 0) {
      if (kind === 'addOrUpdate' && size > maxItem)
        options.onOversize(kind, json, size, maxItem, 'item');
      payload.commit(kind);
      return true;
    }
    // It does not fit: measured (once per batch) for the limits it may pass on its own.
    const bytes = utf8Length(json);
    if (kind === 'addOrUpdate' && bytes > maxItem)
      options.onOversize(kind, json, bytes, maxItem, 'item');
    if (payload.count === 0) options.onOversize(kind, json, bytes, max, 'batch');
    return false;
  };
  const flush = async (): Promise<void> => {
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    signal?.throwIfAborted();
    dispatch(payload);
    payload = new BatchPayload(max, pool.pop());
  };
  let sinceYield = 0;
  /**
   * Adds one serialized entry. Returns a promise only when the batch is full and must be sent
   * first, or when YIELD_EVERY_BYTES were serialized since I/O last had a turn: a loop over an
   * input that never waits (an array, a generator over memory, an async generator that answers at
   * once) would otherwise hold the event loop, and the uploads and commits already in flight would
   * stall until the next batch is full.
   */
  const add = (kind: EntryKind, json: string): Promise<void> | undefined => {
    sinceYield += json.length;
    const turn = sinceYield >= YIELD_EVERY_BYTES && inFlight.size > 0;
    if (turn) sinceYield = 0;
    else if (take(kind, json)) return undefined;
    return (async () => {
      if (turn) {
        await yieldToIo();
        if (take(kind, json)) return;
      }
      await flush();
      if (!take(kind, json)) options.onOversize(kind, json, utf8Length(json), max, 'batch');
    })();
  };
  try {
    for (const part of parts) {
      let index = 0;
      const { kind, items, serialize } = part;
      // Sync inputs (arrays, generators) are walked without a promise per item.
      if (Symbol.iterator in items) {
        for (const item of items as Iterable<unknown>) {
          if (signal?.aborted) signal.throwIfAborted();
          const pending = add(kind, serialize(item, index++));
          if (pending) await pending;
        }
      } else {
        for await (const item of items) {
          if (signal?.aborted) signal.throwIfAborted();
          const pending = add(kind, serialize(item, index++));
          if (pending) await pending;
        }
      }
    }
    if (payload.count > 0) await flush();
  } finally {
    await Promise.all(inFlight);
  }
  signal?.throwIfAborted();
  const report = { batches, totals };
  if (totals.batchesFailed > 0 && (options.throwOnFailure ?? true)) {
    throw new BatchUpdateError({ report, cause: firstError });
  }
  return report;
}

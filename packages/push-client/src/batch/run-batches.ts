import { BatchUpdateError } from '../errors.js';
import { type BatchEntry, BatchPayload } from './batch-payload.js';
import {
  type BatchOptions,
  type BatchReport,
  type BatchResult,
  type BatchTotals,
  DEFAULT_BATCH_CONCURRENCY,
  DEFAULT_BATCH_REDOS,
  DEFAULT_MAX_BATCH_BYTES,
} from './batch-types.js';
import { isRedoable } from './redo.js';

/** What sending one batch produced. */
export interface SentBatch {
  fileId: string | undefined;
  orderingId?: number | string | undefined;
}

/** Sends one container body; throws when the batch did not land. */
export type SendBatch = (body: Buffer, index: number, signal?: AbortSignal) => Promise<SentBatch>;

/** Thrown (as an `InputValidationError` upstream) when one entry alone passes the batch limit. */
export type OversizeHandler = (entry: BatchEntry, size: number, max: number) => never;

/**
 * Splits a stream of serialized entries into file-container bodies under `maxBatchBytes` and
 * sends them with bounded concurrency. Memory stays at about `(concurrency + 1)` batches
 * whatever the input's size, because the input is pulled only when a slot is free.
 */
export async function runBatches(
  entries: AsyncIterable<BatchEntry>,
  send: SendBatch,
  options: BatchOptions & { onOversize: OversizeHandler; maxAllowed?: number },
): Promise<BatchReport> {
  const max = Math.min(
    options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES,
    options.maxAllowed ?? Infinity,
  );
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
  let firstError: unknown;

  const dispatch = (payload: BatchPayload) => {
    const result: BatchResult = {
      index: batches.length,
      documents: payload.lists.addOrUpdate.length,
      deletes: payload.lists.delete.length,
      partialUpdates: payload.lists.partialUpdate.length,
      bytes: 0,
      fileId: undefined,
      orderingId: undefined,
      ok: false,
      error: undefined,
    };
    const body = payload.toBody();
    result.bytes = body.byteLength;
    batches.push(result);
    const partials = result.partialUpdates;
    const attempt = async (): Promise<SentBatch> => {
      for (let redo = 0; ; redo++) {
        try {
          return await send(body, result.index, signal);
        } catch (error) {
          if (redo >= redoLimit || signal?.aborted || !isRedoable(error, partials === 0))
            throw error;
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
        firstError ??= error;
        totals.batchesFailed++;
        options.onProgress?.({ type: 'batch-failed', batch: result, error, totals: { ...totals } });
      },
    );
    const tracked = task.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  let payload = new BatchPayload(max);
  try {
    for await (const entry of entries) {
      signal?.throwIfAborted();
      const size = BatchPayload.sizeOf(entry.json);
      if (!payload.fits(size)) {
        if (payload.count === 0) options.onOversize(entry, size, max);
        while (inFlight.size >= concurrency) await Promise.race(inFlight);
        signal?.throwIfAborted();
        dispatch(payload);
        payload = new BatchPayload(max);
        if (!payload.fits(size)) options.onOversize(entry, size, max);
      }
      payload.add(entry, size);
    }
    if (payload.count > 0) {
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      signal?.throwIfAborted();
      dispatch(payload);
    }
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

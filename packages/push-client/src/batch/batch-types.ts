import type { DocumentBuilder } from '../document-builder.js';

/** A sync or async iterable, or an array: what batch calls accept. */
export type AnyIterable<T> = Iterable<T> | AsyncIterable<T>;

/** A deletion in a batch. */
export interface BatchDelete {
  documentId: string;
  /** Also delete the item's children. @default false */
  deleteChildren?: boolean;
}

/** What `batchUpdateDocuments` sends; both parts may be arrays or (async) iterables of any size. */
export interface BatchUpdateDocuments {
  addOrUpdate?: AnyIterable<DocumentBuilder>;
  delete?: AnyIterable<BatchDelete>;
}

/**
 * The step of a batch that failed: `open` (a stream load's `stream/open`), `container` (`POST
 * /files`, or a stream load's `stream/{id}/chunk`), `upload` (the PUT to the container's
 * pre-signed URL) or `commit` (the call that hands the `fileId` to the source). Each step tags its
 * own failures, and the redo decision (`batchRedos`) goes by the step: a failed container or
 * upload is redone when the failure is transient (5xx, 408, 429 but the daily quota, network,
 * timeout) or the upload URL expired (403); a commit also when its container was consumed or
 * expired (404, 410: a retried commit whose first answer was lost), but never a commit carrying
 * partial updates (it may have been applied); an `open` never (the stream is opened once).
 */
export type BatchStep = 'open' | 'container' | 'upload' | 'commit';

/** The outcome of one file container. `ok` and `error` never describe the same batch twice. */
export interface BatchResult {
  /** 0-based, in the order the batches were formed. */
  index: number;
  documents: number;
  deletes: number;
  partialUpdates: number;
  /** Size of the uploaded JSON. */
  bytes: number;
  fileId: string | undefined;
  /** Returned by stream routes. */
  orderingId: number | string | undefined;
  ok: boolean;
  error: unknown;
  /** Where the batch failed (with `error`, its last failure); `undefined` when it landed. */
  failedStep: BatchStep | undefined;
}

/**
 * Running totals of a batch call. The `*Sent` counts and `bytesSent` cover only the batches that
 * landed; `batchesFailed` counts the ones that failed after their retries and redos.
 */
export interface BatchTotals {
  documentsSent: number;
  deletesSent: number;
  partialUpdatesSent: number;
  bytesSent: number;
  batchesDone: number;
  batchesFailed: number;
}

/** The result of a batch call: one entry per batch, in batch order, plus totals. */
export interface BatchReport {
  batches: BatchResult[];
  totals: BatchTotals;
}

/** Progress, once per batch: `batch-done` or `batch-failed`, never both for one batch. */
export type BatchProgressEvent =
  | { type: 'batch-done'; batch: BatchResult; totals: BatchTotals }
  | { type: 'batch-failed'; batch: BatchResult; error: unknown; totals: BatchTotals };

/**
 * Options of the batch calls (`batchUpdateDocuments`, `batchStreamDocuments`,
 * `partialUpdateDocuments`, `shallowMergeDocuments` and their `*FromFiles` forms): batch size,
 * parallel uploads, redos, progress and what a failed batch does. Checked before any request.
 * @example
 * await source.batchUpdateDocuments(sourceId, { addOrUpdate: docs }, {
 *   concurrency: 4,
 *   onProgress: (e) => console.log(e.type, e.totals.documentsSent),
 * });
 */
export interface BatchOptions {
  /**
   * Largest JSON body per file container, in bytes (Coveo's limit is 256 MB). Bigger batches
   * mean fewer requests and more memory: about `(concurrency + 1) * maxBatchBytes`.
   * @default 4 MiB
   */
  maxBatchBytes?: number;
  /** Batches uploaded at the same time. @default 2 */
  concurrency?: number;
  /**
   * Times a failed batch is sent again through a new file container, after each call's own
   * retries ran out or when its container was consumed (a lost commit answer). Adds and deletes
   * are idempotent by `documentId`, so a redo never duplicates an item. @default 3
   */
  batchRedos?: number;
  /** Called once per batch, when it lands or fails. */
  onProgress?: (event: BatchProgressEvent) => void;
  /** Throw a `BatchUpdateError` (with the report) when any batch failed. @default true */
  throwOnFailure?: boolean;
  /**
   * Aborts the call: no further batch is formed or sent, and the call rejects with the signal's
   * reason once the batches in flight have settled.
   */
  signal?: AbortSignal;
}

export const DEFAULT_MAX_BATCH_BYTES: number = 4 * 1024 * 1024;
export const DEFAULT_BATCH_CONCURRENCY: number = 2;
export const DEFAULT_BATCH_REDOS: number = 3;

import { buildPath } from '@connectorkit/http-core';
import { checkBatchOptions } from './batch/batch-options.js';
import type { AnyIterable, BatchOptions, BatchReport } from './batch/batch-types.js';
import { checkBatchShape, type Marshallable } from './batch/entries.js';
import { oversize } from './batch/oversize.js';
import { runBatches } from './batch/run-batches.js';
import { sendThroughContainer } from './batch/send-through-container.js';
import { uploadToContainer } from './file-container.js';
import { type JsonFilesOptions, jsonFileDocuments } from './ingest-json.js';
import { check } from './internal/check.js';
import { CallOptionsSchema } from './internal/options-schemas.js';
import { toOrderingIdValue } from './internal/ordering-id.js';
import { type CallOptions, SourceBase, type SourceVisibility } from './internal/source-base.js';
import { FileContainerSchema, OrderingIdSchema, StreamOpenSchema } from './schemas.js';
import { SecurityIdentities } from './security-identities.js';
import type { PartialUpdate } from './stream/partial-update-operators.js';
import { type StreamUpdate, streamParts } from './stream/stream-entries.js';

/** A stream load's result: the per-batch report plus the stream's id and closing `orderingId`. */
export interface StreamLoadReport extends BatchReport {
  /** The stream's id; `''` when it could not be opened (the batches then failed). */
  streamId: string;
  orderingId: number | string | undefined;
  /**
   * Whether the stream was closed. It is left open when a chunk failed: closing would replace
   * the catalog with the chunks that landed and delete everything else.
   */
  closed: boolean;
}

/**
 * A Catalog (stream-enabled) source: update, load, partial update, shallow merge and
 * delete-older-than, each batch's `orderingId` returned to the caller.
 * @example
 * const catalog = new CatalogSource(apiKey, orgId);
 * await catalog.partialUpdateDocuments(sourceId, [{ documentId, operator: 'fieldValueReplace', field: 'price', value: 9 }]);
 */
export class CatalogSource extends SourceBase {
  /** Security identities, aliases and their batch form, with this source's key and region. */
  get identity(): SecurityIdentities {
    return new SecurityIdentities(this.transport);
  }

  /** Creates a Catalog source (`streamEnabled: true`). */
  create(
    name: string,
    sourceVisibility: SourceVisibility = 'SECURED',
    options?: CallOptions,
  ): Promise<{ id: string; [key: string]: unknown }> {
    return this.createSource('CATALOG', name, sourceVisibility, options);
  }

  /**
   * The update operation: each listed item fully replaced, deletes and partial updates applied,
   * unlisted items untouched (`PUT stream/update?fileId=`, one per container).
   */
  async batchUpdateDocuments(
    sourceId: string,
    batch: StreamUpdate,
    options: BatchOptions = {},
  ): Promise<BatchReport> {
    checkBatchShape(batch, 'batchUpdateDocuments', ['addOrUpdate', 'delete', 'partialUpdate']);
    return this.#containerRoute('batchUpdateDocuments', sourceId, '/stream/update', batch, options);
  }

  /** Partial updates only (`fieldValueReplace`, `arrayAppend`, ...), checked before sending. */
  async partialUpdateDocuments(
    sourceId: string,
    updates: AnyIterable<PartialUpdate>,
    options: BatchOptions = {},
  ): Promise<BatchReport> {
    const subject = 'partialUpdateDocuments';
    const batch = { partialUpdate: updates };
    checkBatchShape(batch, subject, ['partialUpdate']);
    return this.#containerRoute(subject, sourceId, '/stream/update', batch, options);
  }

  /**
   * Shallow merge (`PUT stream/merge?fileId=`): creates missing items, adds or updates the listed
   * fields and keeps the others. Catalog sources only.
   */
  async shallowMergeDocuments(
    sourceId: string,
    documents: AnyIterable<Marshallable>,
    options: BatchOptions = {},
  ): Promise<BatchReport> {
    const subject = 'shallowMergeDocuments';
    const batch = { addOrUpdate: documents };
    checkBatchShape(batch, subject, ['addOrUpdate']);
    return this.#containerRoute(subject, sourceId, '/stream/merge', batch, options);
  }

  /**
   * The load operation: replaces the whole catalog (items not sent are deleted). Opens a stream,
   * uploads one chunk per batch, closes the stream.
   */
  async batchStreamDocuments(
    sourceId: string,
    batch: Pick<StreamUpdate, 'addOrUpdate' | 'delete'>,
    options: BatchOptions = {},
  ): Promise<StreamLoadReport> {
    const subject = 'batchStreamDocuments';
    const base = this.sourcePath(sourceId, '/stream', subject);
    checkBatchShape(batch, subject, ['addOrUpdate', 'delete']);
    const o = checkBatchOptions(options, subject, this.transport.limits.containerBytes);
    const limits = this.transport.limits;
    const push = this.transport.push;
    const signal = o.signal;
    // Opened when the first batch is ready, so that an entry refused while the first batch is
    // built sends nothing. Not retried: a second `open` whose answer was lost would leave a
    // stream open.
    let opening: Promise<{ streamId: string; path: string }> | undefined;
    const open = () =>
      (opening ??= push
        .post(`${base}/open`, { json: {}, schema: StreamOpenSchema, idempotent: false, signal })
        .then((opened) => ({
          streamId: opened.streamId,
          path: base + buildPath('/{streamId}', { streamId: opened.streamId }),
        })));
    const report = await runBatches(
      streamParts(batch),
      async ({ body, signal: s, step }) => {
        const stream = await step('open', open);
        const chunk = await step('container', () =>
          push.post(`${stream.path}/chunk`, {
            json: {},
            schema: FileContainerSchema,
            idempotent: true,
            signal: s,
          }),
        );
        await step('upload', () => uploadToContainer(this.transport, chunk, body, s));
        return { fileId: chunk.fileId };
      },
      {
        ...o,
        onOversize: oversize,
        maxAllowed: limits.containerBytes,
        maxItemBytes: limits.catalogItemBytes,
      },
    );
    if (report.totals.batchesFailed > 0) {
      const streamId = opening
        ? await opening.then(
            (x) => x.streamId,
            () => '',
          )
        : '';
      return { ...report, streamId, orderingId: undefined, closed: false };
    }
    // An empty load still opens and closes: it empties the catalog, as the docs say.
    const stream = await open();
    const closed = await push.post(`${stream.path}/close`, {
      json: {},
      schema: OrderingIdSchema,
      idempotent: true,
      signal,
    });
    return { ...report, streamId: stream.streamId, orderingId: closed?.orderingId, closed: true };
  }

  /** `batchUpdateDocuments` fed from JSON files and folders (streamed, each file read once). */
  async batchUpdateDocumentsFromFiles(
    sourceId: string,
    paths: string | readonly string[],
    options: BatchOptions & JsonFilesOptions = {},
  ): Promise<BatchReport> {
    const subject = 'batchUpdateDocumentsFromFiles';
    this.sourcePath(sourceId, '', subject);
    checkBatchOptions(options, subject, this.transport.limits.containerBytes);
    const list = typeof paths === 'string' ? [paths] : paths;
    return this.batchUpdateDocuments(
      sourceId,
      { addOrUpdate: jsonFileDocuments(list, options, subject) },
      options,
    );
  }

  /** `batchStreamDocuments` (a full load) fed from JSON files and folders. */
  async batchStreamDocumentsFromFiles(
    sourceId: string,
    paths: string | readonly string[],
    options: BatchOptions & JsonFilesOptions = {},
  ): Promise<StreamLoadReport> {
    const subject = 'batchStreamDocumentsFromFiles';
    this.sourcePath(sourceId, '', subject);
    checkBatchOptions(options, subject, this.transport.limits.containerBytes);
    const list = typeof paths === 'string' ? [paths] : paths;
    return this.batchStreamDocuments(
      sourceId,
      { addOrUpdate: jsonFileDocuments(list, options, subject) },
      options,
    );
  }

  /**
   * Deletes the items last written before this date (`POST stream/deleteolderthan/{ms}`): a
   * `Date`, a date string or epoch **milliseconds**.
   */
  async deleteOlderThan(
    sourceId: string,
    olderThan: Date | string | number,
    options?: CallOptions,
  ): Promise<{ orderingId: number | string | undefined }> {
    const subject = 'deleteOlderThan';
    const path = this.sourcePath(sourceId, '', subject);
    const ms = toOrderingIdValue(olderThan, 'olderThan', subject);
    check(CallOptionsSchema, options, subject, 'options');
    const answer = await this.transport.push.post(
      path + buildPath('/stream/deleteolderthan/{ms}', { ms: String(ms) }),
      { schema: OrderingIdSchema, idempotent: true, signal: options?.signal },
    );
    return { orderingId: answer?.orderingId };
  }

  #containerRoute(
    subject: string,
    sourceId: string,
    route: string,
    batch: StreamUpdate,
    options: BatchOptions,
  ): Promise<BatchReport> {
    const path = this.sourcePath(sourceId, route, subject);
    const o = checkBatchOptions(options, subject, this.transport.limits.containerBytes);
    const limits = this.transport.limits;
    return runBatches(
      streamParts(batch),
      sendThroughContainer(this.transport, async (fileId, signal, partialUpdates) => {
        const answer = await this.transport.push.put(path, {
          searchParams: { fileId },
          json: {},
          schema: OrderingIdSchema,
          // `arrayAppend` applied twice appends twice: a commit with partial updates is sent once.
          idempotent: partialUpdates === 0,
          signal,
        });
        return answer?.orderingId;
      }),
      {
        ...o,
        onOversize: oversize,
        maxAllowed: limits.containerBytes,
        maxItemBytes: limits.catalogItemBytes,
      },
    );
  }
}

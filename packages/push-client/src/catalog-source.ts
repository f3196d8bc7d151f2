import { buildPath } from '@connectorkit/http-core';
import type { AnyIterable, BatchOptions, BatchReport } from './batch/batch-types.js';
import type { Marshallable } from './batch/entries.js';
import { oversize } from './batch/oversize.js';
import { runBatches } from './batch/run-batches.js';
import { LIMITS } from './document-rules.js';
import { fillFileContainer, uploadToContainer } from './file-container.js';
import { documentsFromJsonFiles, type JsonFilesOptions } from './ingest-json.js';
import { toOrderingIdValue } from './internal/ordering-id.js';
import { type CallOptions, SourceBase, type SourceVisibility } from './internal/source-base.js';
import { FileContainerSchema, OrderingIdSchema, StreamOpenSchema } from './schemas.js';
import { SecurityIdentities } from './security-identities.js';
import type { PartialUpdate } from './stream/partial-update-operators.js';
import { type StreamUpdate, streamParts } from './stream/stream-entries.js';

/** A stream load's result: the per-batch report plus the stream's id and closing `orderingId`. */
export interface StreamLoadReport extends BatchReport {
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
  get identity(): SecurityIdentities {
    return new SecurityIdentities(this.transport);
  }

  /** Creates a Catalog source (`streamEnabled: true`). */
  create(
    name: string,
    sourceVisibility: SourceVisibility = 'SECURED',
    options: CallOptions = {},
  ): Promise<{ id: string; [key: string]: unknown }> {
    return this.createSource(
      { sourceType: 'CATALOG', streamEnabled: true, name, sourceVisibility },
      options,
    );
  }

  /**
   * The update operation: each listed item fully replaced, deletes and partial updates applied,
   * unlisted items untouched (`PUT stream/update?fileId=`, one per container).
   */
  batchUpdateDocuments(
    sourceId: string,
    batch: StreamUpdate,
    options: BatchOptions = {},
  ): Promise<BatchReport> {
    return this.#containerRoute(sourceId, '/stream/update', batch, options);
  }

  /** Partial updates only (`fieldValueReplace`, `arrayAppend`, ...), checked before sending. */
  partialUpdateDocuments(
    sourceId: string,
    updates: AnyIterable<PartialUpdate>,
    options: BatchOptions = {},
  ): Promise<BatchReport> {
    return this.#containerRoute(sourceId, '/stream/update', { partialUpdate: updates }, options);
  }

  /**
   * Shallow merge (`PUT stream/merge?fileId=`): creates missing items, adds or updates the listed
   * fields and keeps the others. Catalog sources only.
   */
  shallowMergeDocuments(
    sourceId: string,
    documents: AnyIterable<Marshallable>,
    options: BatchOptions = {},
  ): Promise<BatchReport> {
    return this.#containerRoute(sourceId, '/stream/merge', { addOrUpdate: documents }, options);
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
    const base = this.sourcePath(sourceId, '/stream');
    const push = this.transport.push;
    const signal = options.signal;
    const opened = await push.post(`${base}/open`, { json: {}, schema: StreamOpenSchema, signal });
    const streamPath = base + buildPath('/{streamId}', { streamId: opened.streamId });
    const report = await runBatches(
      streamParts(batch),
      async (body, _i, s) => {
        const chunk = await push.post(`${streamPath}/chunk`, {
          json: {},
          schema: FileContainerSchema,
          idempotent: true,
          signal: s,
        });
        await uploadToContainer(this.transport, chunk, body, s);
        return { fileId: chunk.fileId };
      },
      { ...options, onOversize: oversize, maxAllowed: LIMITS.containerBytes },
    );
    if (report.totals.batchesFailed > 0) {
      return { ...report, streamId: opened.streamId, orderingId: undefined, closed: false };
    }
    const closed = await push.post(`${streamPath}/close`, {
      json: {},
      schema: OrderingIdSchema,
      idempotent: true,
      signal,
    });
    return { ...report, streamId: opened.streamId, orderingId: closed?.orderingId, closed: true };
  }

  /** `batchUpdateDocuments` fed from JSON files and folders (streamed, each file read once). */
  batchUpdateDocumentsFromFiles(
    sourceId: string,
    paths: string | readonly string[],
    options: BatchOptions & JsonFilesOptions = {},
  ): Promise<BatchReport> {
    const list = typeof paths === 'string' ? [paths] : paths;
    return this.batchUpdateDocuments(
      sourceId,
      { addOrUpdate: documentsFromJsonFiles(list, options) },
      options,
    );
  }

  /** `batchStreamDocuments` (a full load) fed from JSON files and folders. */
  batchStreamDocumentsFromFiles(
    sourceId: string,
    paths: string | readonly string[],
    options: BatchOptions & JsonFilesOptions = {},
  ): Promise<StreamLoadReport> {
    const list = typeof paths === 'string' ? [paths] : paths;
    return this.batchStreamDocuments(
      sourceId,
      { addOrUpdate: documentsFromJsonFiles(list, options) },
      options,
    );
  }

  /** Deletes the items last written before this date (`POST stream/deleteolderthan/{ms}`). */
  async deleteOlderThan(
    sourceId: string,
    olderThan: Date | string | number,
    options: CallOptions = {},
  ): Promise<{ orderingId: number | string | undefined }> {
    const ms = toOrderingIdValue(olderThan);
    const answer = await this.transport.push.post(
      this.sourcePath(sourceId, `/stream/deleteolderthan/${ms}`),
      { schema: OrderingIdSchema, idempotent: true, signal: options.signal },
    );
    return { orderingId: answer?.orderingId };
  }

  #containerRoute(
    sourceId: string,
    route: string,
    batch: StreamUpdate,
    options: BatchOptions,
  ): Promise<BatchReport> {
    const path = this.sourcePath(sourceId, route);
    return runBatches(
      streamParts(batch),
      async (body, _i, signal, inOrder) => {
        const { fileId } = await fillFileContainer(this.transport, body, signal);
        const answer = await inOrder(() =>
          this.transport.push.put(path, {
            searchParams: { fileId },
            json: {},
            schema: OrderingIdSchema,
            signal,
          }),
        );
        return { fileId, orderingId: answer?.orderingId };
      },
      { ...options, onOversize: oversize, maxAllowed: LIMITS.containerBytes },
    );
  }
}

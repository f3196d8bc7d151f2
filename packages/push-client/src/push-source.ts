import * as v from 'valibot';
import type {
  BatchDelete,
  BatchOptions,
  BatchReport,
  BatchUpdateDocuments,
} from './batch/batch-types.js';
import { documentParts } from './batch/entries.js';
import { oversize } from './batch/oversize.js';
import { runBatches } from './batch/run-batches.js';
import type { DocumentBuilder } from './document-builder.js';
import { LIMITS } from './document-rules.js';
import { fillFileContainer } from './file-container.js';
import { documentsFromJsonFiles, type JsonFilesOptions } from './ingest-json.js';
import { check, invalid } from './internal/check.js';
import { toOrderingIdValue } from './internal/ordering-id.js';
import { type CallOptions, SourceBase, type SourceVisibility } from './internal/source-base.js';
import { SecurityIdentities } from './security-identities.js';

/** The statuses a Push source can be set to. */
export type SourceStatus = 'REBUILD' | 'REFRESH' | 'INCREMENTAL' | 'IDLE';
const StatusSchema = v.picklist(
  ['REBUILD', 'REFRESH', 'INCREMENTAL', 'IDLE'],
  'must be REBUILD, REFRESH, INCREMENTAL or IDLE',
);

/**
 * A Coveo Push source: single and batch writes, deletes, status, security identities.
 * @example
 * const source = new PushSource(apiKey, orgId, { region: 'eu' });
 * await source.batchUpdateDocuments(sourceId, { addOrUpdate: docs });
 */
export class PushSource extends SourceBase {
  /** Security identities, aliases and their batch form. */
  get identity(): SecurityIdentities {
    return new SecurityIdentities(this.transport);
  }

  /** Creates a Push source; resolves with the platform's answer (its `id` included). */
  create(
    name: string,
    sourceVisibility: SourceVisibility = 'SECURED',
    options: CallOptions = {},
  ): Promise<{ id: string; [key: string]: unknown }> {
    return this.createSource(
      { sourceType: 'PUSH', pushEnabled: true, name, sourceVisibility },
      options,
    );
  }

  /**
   * Adds or replaces one item (`PUT /sources/{id}/documents`). The `documentId` of the query is
   * the one in the body. Bodies over 6 MB are refused before sending.
   */
  async addOrUpdateDocument(
    sourceId: string,
    document: DocumentBuilder,
    options: CallOptions & { orderingId?: number } = {},
  ): Promise<void> {
    const path = this.sourcePath(sourceId, '/documents');
    const body = document.marshal();
    const text = JSON.stringify(body);
    if (Buffer.byteLength(text) > LIMITS.requestBytes) {
      throw invalid(
        `document ${JSON.stringify(body.documentId)}`,
        '',
        'the item is over the 6 MB request limit; use a file container',
      );
    }
    await this.transport.push.put(path, {
      body: text,
      headers: { 'content-type': 'application/json' },
      searchParams: {
        documentId: body.documentId,
        compressionType: body.compressionType,
        orderingId: options.orderingId,
      },
      signal: options.signal,
    });
  }

  /** Deletes one item, and its children when asked. */
  async deleteDocument(
    sourceId: string,
    documentId: string,
    deleteChildren = false,
    options: CallOptions = {},
  ): Promise<void> {
    const path = this.sourcePath(sourceId, '/documents');
    await this.transport.push.delete(path, {
      searchParams: {
        documentId: check(
          v.pipe(v.string(), v.minLength(1, 'must not be empty')),
          documentId,
          'call',
          'documentId',
        ),
        deleteChildren,
      },
      signal: options.signal,
    });
  }

  /** Deletes the items last written before this date (an epoch-ms `orderingId`). */
  async deleteDocumentsOlderThan(
    sourceId: string,
    olderThan: Date | string | number,
    options: CallOptions & { queueDelay?: number } = {},
  ): Promise<void> {
    await this.transport.push.delete(this.sourcePath(sourceId, '/documents/olderthan'), {
      searchParams: { orderingId: toOrderingIdValue(olderThan), queueDelay: options.queueDelay },
      signal: options.signal,
    });
  }

  /** Sets the source's status (`REBUILD`, `REFRESH`, `INCREMENTAL`, `IDLE`). */
  async setSourceStatus(
    sourceId: string,
    status: SourceStatus,
    options: CallOptions = {},
  ): Promise<void> {
    await this.transport.push.post(this.sourcePath(sourceId, '/status'), {
      searchParams: { statusType: check(StatusSchema, status, 'call', 'status') },
      json: {},
      idempotent: true,
      signal: options.signal,
    });
  }

  /**
   * Adds, replaces and deletes items through file containers, split under `maxBatchBytes`, with
   * bounded concurrency. Inputs may be arrays or (async) iterables of any size.
   * @throws BatchUpdateError when a batch failed (unless `throwOnFailure: false`); the report says which.
   */
  batchUpdateDocuments(
    sourceId: string,
    batch: BatchUpdateDocuments,
    options: BatchOptions = {},
  ): Promise<BatchReport> {
    const path = this.sourcePath(sourceId, '/documents/batch');
    return runBatches(
      documentParts(batch),
      async (body, _index, signal, inOrder) => {
        const { fileId } = await fillFileContainer(this.transport, body, signal);
        await inOrder(() =>
          this.transport.push.put(path, { searchParams: { fileId }, json: {}, signal }),
        );
        return { fileId };
      },
      { ...options, onOversize: oversize, maxAllowed: LIMITS.containerBytes },
    );
  }

  /**
   * `batchUpdateDocuments` fed from JSON files and folders, streamed: each file read once, one
   * document in memory at a time.
   */
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
}

export type { BatchDelete };

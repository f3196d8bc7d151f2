import * as v from 'valibot';
import { checkBatchOptions } from './batch/batch-options.js';
import type {
  BatchDelete,
  BatchOptions,
  BatchReport,
  BatchUpdateDocuments,
} from './batch/batch-types.js';
import { checkBatchShape, documentParts } from './batch/entries.js';
import { oversize } from './batch/oversize.js';
import { runBatches } from './batch/run-batches.js';
import { sendThroughContainer } from './batch/send-through-container.js';
import type { DocumentBuilder } from './document-builder.js';
import { type JsonFilesOptions, jsonFileDocuments } from './ingest-json.js';
import { check, invalid } from './internal/check.js';
import {
  BooleanSchema,
  CallOptionsSchema,
  optionsOf,
  SignalSchema,
  wholeNumber,
} from './internal/options-schemas.js';
import { toOrderingIdValue } from './internal/ordering-id.js';
import { serializeDocument } from './internal/serialize-document.js';
import { type CallOptions, SourceBase, type SourceVisibility } from './internal/source-base.js';
import { IdSchema, isId } from './internal/text-rules.js';
import { utf8Length } from './internal/utf8.js';
import { AcknowledgementSchema } from './schemas.js';
import { SecurityIdentities } from './security-identities.js';
import { acknowledged, type DocumentWriteAnswer, type WriteAnswer } from './write-answer.js';

/** The statuses a Push source can be set to. */
export type SourceStatus = 'REBUILD' | 'REFRESH' | 'INCREMENTAL' | 'IDLE';
const StatusSchema = v.picklist(
  ['REBUILD', 'REFRESH', 'INCREMENTAL', 'IDLE'],
  'must be REBUILD, REFRESH, INCREMENTAL or IDLE',
);
const AddOptions = optionsOf({ signal: SignalSchema, orderingId: v.optional(wholeNumber(0)) });
const OlderThanOptions = optionsOf({
  signal: SignalSchema,
  queueDelay: v.optional(wholeNumber(0)),
});

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
    options?: CallOptions,
  ): Promise<{ id: string; [key: string]: unknown }> {
    return this.createSource('PUSH', name, sourceVisibility, options);
  }

  /**
   * Adds or replaces one item (`PUT /sources/{id}/documents`). The `documentId` of the query is
   * the one in the body. Bodies over 6 MB are refused before sending. Resolves with Coveo's
   * answer (status, `X-Request-ID`, retries) and the `documentId` sent; callers that ignore it
   * lose nothing. `options.orderingId` orders this write against others (`deleteDocumentsOlderThan`
   * deletes below it): epoch **milliseconds** by convention, a whole number.
   */
  async addOrUpdateDocument(
    sourceId: string,
    document: DocumentBuilder,
    options?: CallOptions & { orderingId?: number },
  ): Promise<DocumentWriteAnswer> {
    const subject = 'addOrUpdateDocument';
    const path = this.sourcePath(sourceId, '/documents', subject);
    if (options !== undefined) check(AddOptions, options, subject, 'options');
    const { body, json } = serializeDocument(document, subject, 'document');
    const bytes = utf8Length(json);
    const limit = this.transport.limits.requestBytes;
    if (bytes > limit) {
      throw invalid(
        `document ${JSON.stringify(String(body.documentId).slice(0, 200))}`,
        '',
        `is ${bytes} bytes, over the single-item request limit of ${limit} bytes (limits.requestBytes); push it in a batch`,
      );
    }
    const documentId = body.documentId as string;
    const answer = await acknowledged(this.transport.push, path, {
      method: 'PUT',
      body: json,
      headers: { 'content-type': 'application/json' },
      searchParams: {
        documentId,
        compressionType: body.compressionType as string | undefined,
        orderingId: options?.orderingId,
      },
      idempotent: true,
      signal: options?.signal,
    });
    return { ...answer, documentId };
  }

  /** Deletes one item, and its children when asked. */
  async deleteDocument(
    sourceId: string,
    documentId: string,
    deleteChildren = false,
    options?: CallOptions,
  ): Promise<DocumentWriteAnswer> {
    const subject = 'deleteDocument';
    const path = this.sourcePath(sourceId, '/documents', subject);
    check(IdSchema, documentId, subject, 'documentId', isId);
    check(BooleanSchema, deleteChildren, subject, 'deleteChildren');
    check(CallOptionsSchema, options, subject, 'options');
    const answer = await acknowledged(this.transport.push, path, {
      method: 'DELETE',
      searchParams: { documentId, deleteChildren },
      idempotent: true,
      signal: options?.signal,
    });
    return { ...answer, documentId };
  }

  /**
   * Deletes the items last written before this date: a `Date`, a date string, or epoch
   * **milliseconds** (the official JS client's unit), sent as the `orderingId`.
   */
  async deleteDocumentsOlderThan(
    sourceId: string,
    olderThan: Date | string | number,
    options?: CallOptions & { queueDelay?: number },
  ): Promise<WriteAnswer & { orderingId: number }> {
    const subject = 'deleteDocumentsOlderThan';
    const path = this.sourcePath(sourceId, '/documents/olderthan', subject);
    const orderingId = toOrderingIdValue(olderThan, 'olderThan', subject);
    check(OlderThanOptions, options, subject, 'options');
    const answer = await acknowledged(this.transport.push, path, {
      method: 'DELETE',
      searchParams: { orderingId, queueDelay: options?.queueDelay },
      idempotent: true,
      signal: options?.signal,
    });
    return { ...answer, orderingId };
  }

  /** Sets the source's status (`REBUILD`, `REFRESH`, `INCREMENTAL`, `IDLE`). */
  async setSourceStatus(
    sourceId: string,
    status: SourceStatus,
    options?: CallOptions,
  ): Promise<WriteAnswer> {
    const subject = 'setSourceStatus';
    const path = this.sourcePath(sourceId, '/status', subject);
    const statusType = check(StatusSchema, status, subject, 'status');
    check(CallOptionsSchema, options, subject, 'options');
    return acknowledged(this.transport.push, path, {
      method: 'POST',
      searchParams: { statusType },
      json: {},
      idempotent: true,
      signal: options?.signal,
    });
  }

  /**
   * Adds, replaces and deletes items through file containers, split under `maxBatchBytes`, with
   * bounded concurrency. Inputs may be arrays or (async) iterables of any size.
   * @throws BatchUpdateError when a batch failed (unless `throwOnFailure: false`); the report says which.
   */
  async batchUpdateDocuments(
    sourceId: string,
    batch: BatchUpdateDocuments,
    options: BatchOptions = {},
  ): Promise<BatchReport> {
    const subject = 'batchUpdateDocuments';
    const path = this.sourcePath(sourceId, '/documents/batch', subject);
    checkBatchShape(batch, subject, ['addOrUpdate', 'delete']);
    const o = checkBatchOptions(options, subject, this.transport.limits.containerBytes);
    return runBatches(
      documentParts(batch),
      sendThroughContainer(this.transport, async (fileId, signal) => {
        await this.transport.push.put(path, {
          searchParams: { fileId },
          json: {},
          schema: AcknowledgementSchema,
          idempotent: true,
          signal,
        });
        return undefined;
      }),
      { ...o, onOversize: oversize, maxAllowed: this.transport.limits.containerBytes },
    );
  }

  /**
   * `batchUpdateDocuments` fed from JSON files and folders, streamed: each file read once, one
   * document in memory at a time.
   */
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
}

export type { BatchDelete };

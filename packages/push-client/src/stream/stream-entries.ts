import type { AnyIterable, BatchDelete } from '../batch/batch-types.js';
import { documentParts, type EntryPart, type Marshallable } from '../batch/entries.js';
import { check } from '../internal/check.js';
import { type PartialUpdate, PartialUpdateSchema } from './partial-update-operators.js';

/** What a Catalog `batchUpdateDocuments` sends: full items, deletes and partial updates. */
export interface StreamUpdate {
  addOrUpdate?: AnyIterable<Marshallable>;
  delete?: AnyIterable<BatchDelete>;
  partialUpdate?: AnyIterable<PartialUpdate>;
}

/**
 * The parts of a stream batch, refusing bad partial updates (the catalog item limit is checked
 * where each entry is measured, in `runBatches`).
 */
export function streamParts(batch: StreamUpdate): EntryPart[] {
  const parts = documentParts(batch);
  if (batch.partialUpdate) {
    parts.push({
      kind: 'partialUpdate',
      items: batch.partialUpdate,
      serialize: (update, i) =>
        JSON.stringify(check(PartialUpdateSchema, update, 'partial update', `partialUpdate[${i}]`)),
    });
  }
  return parts;
}

import type { BatchEntry } from '../batch/batch-payload.js';
import type { AnyIterable, BatchDelete } from '../batch/batch-types.js';
import { documentEntries, type Marshallable } from '../batch/entries.js';
import { LIMITS } from '../document-rules.js';
import { check, invalid } from '../internal/check.js';
import { type PartialUpdate, PartialUpdateSchema } from './partial-update-operators.js';

/** What a Catalog `batchUpdateDocuments` sends: full items, deletes and partial updates. */
export interface StreamUpdate {
  addOrUpdate?: AnyIterable<Marshallable>;
  delete?: AnyIterable<BatchDelete>;
  partialUpdate?: AnyIterable<PartialUpdate>;
}

/** Serializes a stream batch, refusing catalog items over 3 MB and bad partial updates. */
export async function* streamEntries(batch: StreamUpdate): AsyncGenerator<BatchEntry> {
  for await (const entry of documentEntries(batch)) {
    if (entry.kind === 'addOrUpdate' && entry.json.length > LIMITS.catalogItemBytes / 4) {
      const bytes = Buffer.byteLength(entry.json);
      if (bytes > LIMITS.catalogItemBytes) {
        const id = /"documentId":("(?:[^"\\]|\\.)*")/.exec(entry.json)?.[1] ?? '';
        throw invalid(`document ${id}`, '', `is ${bytes} bytes; catalog items are limited to 3 MB`);
      }
    }
    yield entry;
  }
  if (batch.partialUpdate) {
    let i = 0;
    for await (const update of batch.partialUpdate) {
      const parsed = check(PartialUpdateSchema, update, 'partial update', `partialUpdate[${i++}]`);
      yield { kind: 'partialUpdate', json: JSON.stringify(parsed) };
    }
  }
}

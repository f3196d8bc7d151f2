import type { AnyIterable, BatchDelete } from '../batch/batch-types.js';
import { documentParts, type EntryPart, type Marshallable } from '../batch/entries.js';
import { LIMITS } from '../document-rules.js';
import { check, invalid } from '../internal/check.js';
import { type PartialUpdate, PartialUpdateSchema } from './partial-update-operators.js';

/** What a Catalog `batchUpdateDocuments` sends: full items, deletes and partial updates. */
export interface StreamUpdate {
  addOrUpdate?: AnyIterable<Marshallable>;
  delete?: AnyIterable<BatchDelete>;
  partialUpdate?: AnyIterable<PartialUpdate>;
}

function catalogSized(json: string): string {
  if (json.length > LIMITS.catalogItemBytes / 4) {
    const bytes = Buffer.byteLength(json);
    if (bytes > LIMITS.catalogItemBytes) {
      const id = /"documentId":("(?:[^"\\]|\\.)*")/.exec(json)?.[1] ?? '';
      throw invalid(`document ${id}`, '', `is ${bytes} bytes; catalog items are limited to 3 MB`);
    }
  }
  return json;
}

/** The parts of a stream batch, refusing catalog items over 3 MB and bad partial updates. */
export function streamParts(batch: StreamUpdate): EntryPart[] {
  const parts = documentParts(batch).map((part) =>
    part.kind === 'addOrUpdate'
      ? { ...part, serialize: (item: unknown, i: number) => catalogSized(part.serialize(item, i)) }
      : part,
  );
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

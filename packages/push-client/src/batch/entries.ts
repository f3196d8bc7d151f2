import * as v from 'valibot';
import { check } from '../internal/check.js';
import type { BatchEntry } from './batch-payload.js';
import type { AnyIterable, BatchDelete, BatchUpdateDocuments } from './batch-types.js';

const BatchDeleteSchema = v.object({
  documentId: v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty')),
  deleteChildren: v.optional(v.boolean('must be a boolean'), false),
});

/** Anything with `marshal()`: a `DocumentBuilder` or a caller's own builder. */
export interface Marshallable {
  marshal(): object;
}

/** Serializes a batch's parts, one entry at a time (never the whole input at once). */
export async function* documentEntries(batch: {
  addOrUpdate?: AnyIterable<Marshallable> | undefined;
  delete?: AnyIterable<BatchDelete> | undefined;
}): AsyncGenerator<BatchEntry> {
  if (batch.addOrUpdate) {
    for await (const doc of batch.addOrUpdate) {
      yield { kind: 'addOrUpdate', json: JSON.stringify(doc.marshal()) };
    }
  }
  if (batch.delete) {
    let i = 0;
    for await (const del of batch.delete) {
      const parsed = check(BatchDeleteSchema, del, 'batch delete', `delete[${i++}]`);
      yield { kind: 'delete', json: JSON.stringify(parsed) };
    }
  }
}

export type { BatchUpdateDocuments };

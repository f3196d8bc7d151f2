import * as v from 'valibot';
import { check } from '../internal/check.js';
import type { EntryKind } from './batch-payload.js';
import type { AnyIterable, BatchDelete, BatchUpdateDocuments } from './batch-types.js';

const BatchDeleteSchema = v.object({
  documentId: v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty')),
  deleteChildren: v.optional(v.boolean('must be a boolean'), false),
});

/** Anything with `marshal()`: a `DocumentBuilder` or a caller's own builder. */
export interface Marshallable {
  marshal(): object;
}

/**
 * One list of a container body, fed from the caller's input: each item is serialized only
 * when the batcher pulls it, so the input is never held whole.
 */
export interface EntryPart {
  kind: EntryKind;
  items: AnyIterable<unknown>;
  serialize(item: unknown, index: number): string;
}

const marshalJson = (doc: unknown): string => JSON.stringify((doc as Marshallable).marshal());

/** The `addOrUpdate` and `delete` parts of a batch. */
export function documentParts(batch: {
  addOrUpdate?: AnyIterable<Marshallable> | undefined;
  delete?: AnyIterable<BatchDelete> | undefined;
}): EntryPart[] {
  const parts: EntryPart[] = [];
  if (batch.addOrUpdate) {
    parts.push({ kind: 'addOrUpdate', items: batch.addOrUpdate, serialize: marshalJson });
  }
  if (batch.delete) {
    parts.push({
      kind: 'delete',
      items: batch.delete,
      serialize: (del, i) =>
        JSON.stringify(check(BatchDeleteSchema, del, 'batch delete', `delete[${i}]`)),
    });
  }
  return parts;
}

export type { BatchUpdateDocuments };

import * as v from 'valibot';
import { check, invalid } from '../internal/check.js';
import { isPlainObject } from '../internal/options-schemas.js';
import { type Marshallable, serializeDocument } from '../internal/serialize-document.js';
import { IdSchema } from '../internal/text-rules.js';
import type { EntryKind } from './batch-payload.js';
import type { AnyIterable, BatchDelete, BatchUpdateDocuments } from './batch-types.js';

const BatchDeleteSchema = v.object(
  {
    documentId: IdSchema,
    deleteChildren: v.optional(v.boolean('must be a boolean'), false),
  },
  'must be { documentId, deleteChildren? }',
);

export type { Marshallable };

/**
 * One list of a container body, fed from the caller's input: each item is serialized only
 * when the batcher pulls it, so the input is never held whole.
 */
export interface EntryPart {
  kind: EntryKind;
  items: AnyIterable<unknown>;
  serialize(item: unknown, index: number): string;
}

const isList = (x: unknown): boolean =>
  typeof x === 'object' &&
  x !== null &&
  (typeof (x as Iterable<unknown>)[Symbol.iterator] === 'function' ||
    typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function');

/**
 * Checks the shape of a batch argument before anything is pulled from it: an object whose only
 * keys are the lists this call takes, each an array or an (async) iterable (a string is not).
 */
export function checkBatchShape(batch: unknown, subject: string, lists: readonly string[]): void {
  if (!isPlainObject(batch)) {
    throw invalid(subject, 'batch', `must be a plain object { ${lists.join(', ')} }`);
  }
  for (const key of Object.keys(batch as object)) {
    const value = (batch as Record<string, unknown>)[key];
    if (!lists.includes(key)) {
      throw invalid(subject, `batch.${key}`, `is not a list this call takes (${lists.join(', ')})`);
    }
    if (value !== undefined && !isList(value)) {
      throw invalid(subject, `batch.${key}`, 'must be an array or an (async) iterable of entries');
    }
  }
}

/** The `addOrUpdate` and `delete` parts of a batch (its shape already checked). */
export function documentParts(batch: {
  addOrUpdate?: AnyIterable<Marshallable> | undefined;
  delete?: AnyIterable<BatchDelete> | undefined;
}): EntryPart[] {
  const parts: EntryPart[] = [];
  if (batch.addOrUpdate) {
    parts.push({
      kind: 'addOrUpdate',
      items: batch.addOrUpdate,
      serialize: (doc, i) => serializeDocument(doc, 'batch document', `addOrUpdate[${i}]`).json,
    });
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

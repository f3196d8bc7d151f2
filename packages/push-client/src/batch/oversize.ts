import { invalid } from '../internal/check.js';
import type { EntryKind } from './batch-payload.js';

/** Refuses an entry that cannot fit in any batch. */
export function oversize(kind: EntryKind, json: string, size: number, max: number): never {
  const id = /"documentId":("(?:[^"\\]|\\.)*")/.exec(json)?.[1] ?? '(unknown)';
  throw invalid(
    `batch ${kind} entry ${id}`,
    kind,
    `is ${size} bytes, over the batch limit of ${max} bytes (maxBatchBytes)`,
  );
}

import { invalid } from '../internal/check.js';
import type { BatchEntry } from './batch-payload.js';

/** Refuses an entry that cannot fit in any batch. */
export function oversize(entry: BatchEntry, size: number, max: number): never {
  const id = /"documentId":("(?:[^"\\]|\\.)*")/.exec(entry.json)?.[1] ?? '(unknown)';
  throw invalid(
    `batch ${entry.kind} entry ${id}`,
    entry.kind,
    `is ${size} bytes, over the batch limit of ${max} bytes (maxBatchBytes)`,
  );
}

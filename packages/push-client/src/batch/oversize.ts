import { invalid } from '../internal/check.js';
import type { EntryKind } from './batch-payload.js';

/** Refuses an entry that passes the item limit or cannot fit in any batch. */
export function oversize(
  kind: EntryKind,
  json: string,
  size: number,
  max: number,
  limit: 'batch' | 'item',
): never {
  const id = /"documentId":("(?:[^"\\]|\\.)*")/.exec(json)?.[1] ?? '(unknown)';
  throw invalid(
    `batch ${kind} entry ${id.slice(0, 200)}`,
    kind,
    limit === 'item'
      ? `is ${size} bytes, over the catalog item limit of ${max} bytes (limits.catalogItemBytes)`
      : `is ${size} bytes, over the batch limit of ${max} bytes (maxBatchBytes)`,
  );
}

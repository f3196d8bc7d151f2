import type { DatabaseInformation } from '@connectorkit/doc-db-client';
import * as v from 'valibot';
import { DEFAULT_BATCH_SIZE } from './changes-follower-options.js';
import { checkArgument } from './internal/check-argument.js';

const InfoSchema = v.optional(
  v.custom<object>(
    (i) => typeof i === 'object' && i !== null && !Array.isArray(i),
    'must be the answer of GET /{db}, or undefined',
  ),
);
const FlagSchema = v.boolean('must be true or false');
const positive = (n: unknown): number | undefined =>
  typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;

/** The bytes one response aims at when documents are included. */
export const TARGET_BATCH_BYTES: number = 5 * 1024 * 1024;

/**
 * Changes per request: 10 000 rows, or with documents about 5 MiB worth, from the database's
 * average document size (plus 500 bytes of row overhead). An empty database or one without
 * `sizes` gets 1 000 rather than no limit at all (a defect of the Cloudant follower).
 */
export function batchSizeFor(info: DatabaseInformation | undefined, includeDocs: boolean): number {
  checkArgument(InfoSchema, info, 'batchSizeFor arguments', 'info');
  checkArgument(FlagSchema, includeDocs, 'batchSizeFor arguments', 'includeDocs');
  if (!includeDocs) return DEFAULT_BATCH_SIZE;
  const external = positive(info?.sizes?.external);
  const count = positive(info?.doc_count);
  if (external === undefined || count === undefined) return 1000;
  return Math.max(
    1,
    Math.min(DEFAULT_BATCH_SIZE, Math.floor(TARGET_BATCH_BYTES / (external / count + 500))),
  );
}

/**
 * The next request's limit once a response has shown what its rows really weigh: as many rows as
 * fit in {@link TARGET_BATCH_BYTES} at that response's bytes per row, at least 1 and at most
 * {@link DEFAULT_BATCH_SIZE}. It corrects the estimate from `GET /{db}` (an average over the whole
 * database, often far from the documents being read) and shrinks batches of large rows when
 * documents are not included.
 */
export function adaptBatchSize(bytes: number, rows: number): number {
  if (rows <= 0 || bytes <= 0) return DEFAULT_BATCH_SIZE;
  return Math.max(1, Math.min(DEFAULT_BATCH_SIZE, Math.floor(TARGET_BATCH_BYTES / (bytes / rows))));
}

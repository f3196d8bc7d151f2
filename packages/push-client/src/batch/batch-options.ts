import * as v from 'valibot';
import { check, invalid } from '../internal/check.js';
import {
  BooleanSchema,
  FunctionSchema,
  optionsOf,
  SignalSchema,
  wholeNumber,
} from '../internal/options-schemas.js';
import type { BatchOptions } from './batch-types.js';

/** The most batches a call uploads at once (each holds up to `maxBatchBytes` in memory). */
export const MAX_BATCH_CONCURRENCY = 256;

const BatchOptionsSchema = optionsOf({
  maxBatchBytes: v.optional(wholeNumber(1)),
  concurrency: v.optional(wholeNumber(1, MAX_BATCH_CONCURRENCY)),
  batchRedos: v.optional(wholeNumber(0, 100)),
  onProgress: v.optional(FunctionSchema),
  throwOnFailure: v.optional(BooleanSchema),
  signal: SignalSchema,
  // The JSON-file options, when the call reads files.
  fieldNameTransformer: v.optional(FunctionSchema),
  callback: v.optional(FunctionSchema),
});

/**
 * Checks a batch call's options before anything is pulled or sent; `maxBatchBytes` may not pass
 * the source's `limits.containerBytes`.
 */
export function checkBatchOptions(
  options: unknown,
  subject: string,
  containerBytes: number,
): BatchOptions {
  check(BatchOptionsSchema, options, subject, 'options');
  const o = (options ?? {}) as BatchOptions;
  if (o.maxBatchBytes !== undefined && o.maxBatchBytes > containerBytes) {
    throw invalid(
      subject,
      'options.maxBatchBytes',
      `must be at most ${containerBytes} bytes, the file container limit (limits.containerBytes of the source)`,
    );
  }
  return o;
}

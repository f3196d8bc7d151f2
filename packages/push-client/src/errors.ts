import { errorGuard, markErrorKind, SdkError } from '@connectorkit/http-core';
import type { BatchReport } from './batch/batch-types.js';

/**
 * One or more batches of a batch call failed after their retries. The `report` says which
 * batches landed and which did not; `cause` is the first failure.
 */
export class BatchUpdateError extends SdkError {
  override name = 'BatchUpdateError';
  readonly report: BatchReport;

  constructor(options: { report: BatchReport; cause: unknown }) {
    const { batchesFailed, batchesDone } = options.report.totals;
    const first = options.cause instanceof Error ? `: ${options.cause.message}` : '';
    super({
      message: `${batchesFailed} of ${batchesFailed + batchesDone} batches failed${first}`,
      code: 'BATCH_FAILED',
      cause: options.cause,
    });
    markErrorKind(this, 'BatchUpdateError');
    this.report = options.report;
  }
}

/**
 * True for a {@link BatchUpdateError}, whichever copy of the package threw it (a check that
 * `instanceof` fails when two versions are installed).
 */
export const isBatchUpdateError: (value: unknown) => value is BatchUpdateError =
  errorGuard<BatchUpdateError>('BatchUpdateError');

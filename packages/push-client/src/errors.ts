import { defineError, errorGuard, HttpError, SdkError } from '@connectorkit/http-core';
import type { BatchReport } from './batch/batch-types.js';

/**
 * A failed exchange with Coveo (the Push API, the Platform API, the Search API or a file
 * container's upload URL): an http-core `HttpError` with `status`, `statusText`, `serviceCode`
 * (Coveo's `errorCode`, e.g. `SOURCE_NOT_FOUND`), `serviceMessage`, `requestId` (`X-Request-ID`),
 * `retryCount`, `attempts` and `isRetryable`. `isHttpError(e)` holds for it too.
 * @example
 * try { await source.setSourceStatus(id, 'IDLE'); }
 * catch (e) { if (isPushApiError(e) && e.status === 404) await source.create('my source'); }
 */
export const PushApiError: typeof HttpError = defineError(HttpError, 'PushApiError');
/** An instance of {@link PushApiError}: an http-core `HttpError`. */
export type PushApiError = HttpError;

/**
 * A 429 from Coveo after the retries ran out: too many requests (`TOO_MANY_REQUESTS`), or the
 * daily item quota (`TOO_MANY_DOCUMENTS_DAILY`, see {@link DailyQuotaExceededError}). The name
 * is the official JS client's; here it carries the status, code and body. A {@link PushApiError}.
 */
export const ThrottleError: typeof HttpError = defineError(PushApiError, 'ThrottleError');
/** An instance of {@link ThrottleError}: an http-core `HttpError` with `status` 429. */
export type ThrottleError = HttpError;

/**
 * The organization's daily item-processing quota is spent (429 `TOO_MANY_DOCUMENTS_DAILY`).
 * Waiting seconds cannot fix it, so it is never retried; try again tomorrow or raise the quota.
 * A {@link ThrottleError} and a {@link PushApiError}.
 */
export const DailyQuotaExceededError: typeof HttpError = defineError(
  ThrottleError,
  'DailyQuotaExceededError',
);
/** An instance of {@link DailyQuotaExceededError}: an http-core `HttpError` with `status` 429. */
export type DailyQuotaExceededError = HttpError;

/** True for a {@link PushApiError} (any failed Coveo exchange), whichever copy of the package threw it. */
export const isPushApiError: (value: unknown) => value is HttpError = errorGuard('PushApiError');
/** True for a {@link ThrottleError} (a 429), whichever copy of the package threw it. */
export const isThrottleError: (value: unknown) => value is HttpError = errorGuard('ThrottleError');
/** True for a {@link DailyQuotaExceededError}, whichever copy of the package threw it. */
export const isDailyQuotaExceededError: (value: unknown) => value is HttpError =
  errorGuard('DailyQuotaExceededError');

/** The constructor and facts of {@link BatchUpdateError}; `defineError` names and marks it. */
class BatchFailure extends SdkError {
  /** Which batches landed and which did not, each failed one with its error and step. */
  readonly report: BatchReport;

  constructor(options: { report: BatchReport; cause: unknown }) {
    const { batchesFailed, batchesDone } = options.report.totals;
    const first = options.cause instanceof Error ? `: ${options.cause.message}` : '';
    super({
      message: `${batchesFailed} of ${batchesFailed + batchesDone} batches failed${first}`,
      code: 'BATCH_FAILED',
      cause: options.cause,
    });
    this.report = options.report;
  }
}

/**
 * One or more batches of a batch call failed after their retries. The `report` says which
 * batches landed and which did not; `cause` is the first failure.
 */
export const BatchUpdateError: typeof BatchFailure = defineError(BatchFailure, 'BatchUpdateError');
/** An instance of {@link BatchUpdateError}. */
export type BatchUpdateError = BatchFailure;

/**
 * True for a {@link BatchUpdateError}, whichever copy of the package threw it (a check that
 * `instanceof` fails when two versions are installed).
 */
export const isBatchUpdateError: (value: unknown) => value is BatchUpdateError =
  errorGuard<BatchUpdateError>('BatchUpdateError');

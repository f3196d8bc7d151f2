import { TimeoutError } from '@connectorkit/http-core';
import * as v from 'valibot';
import { answerSecrets } from '../internal/answer-secrets.js';
import { boundedSignal } from '../internal/bounded-signal.js';
import { readChangesBody } from '../internal/changes-batch/read-changes-body.js';
import type { OperationContext } from '../internal/context.js';
import { checked, oneOf, optional, type Rule, type Rules } from '../internal/rules.js';
import type { ChangesBatchResult } from '../schemas/responses.js';
import { CHANGES, changesPath, changesRequest, type PostChangesParams } from './changes.js';

/** Parameters of `readChangesBatch`: a `normal` or `longpoll` `_changes` request, and its bound. */
export interface ChangesBatchParams extends PostChangesParams {
  feed?: 'normal' | 'longpoll';
  /**
   * The most the whole call may take, body included, in ms: past it the request is aborted and
   * the call rejects with a `TimeoutError` (`kind: 'deadline'`). Bounds a server that ignores
   * the longpoll `timeout` or sends heartbeats for ever. @default none (the client's timeouts)
   */
  deadline?: number;
}

/** A `_changes` feed read as batches, the way a follower reads it. */
export interface ChangesBatchOperations {
  /**
   * POST `/{db}/_changes` (a `normal` or `longpoll` feed), its body parsed as it streams in, row
   * lines at a time, rather than buffered whole and copied into one string. `last_seq` and
   * `pending` are always checked (a reader must be able to resume and to end); every row too when
   * the client's `validateResponses` is on. Safe to retry.
   * @throws {ResponseValidationError} when the body is not a `_changes` answer, nests deeper than
   * 1 000 levels, or (validating) a row is of the wrong shape; no secret in it.
   * @throws {NetworkError} when the body is cut short (transient, as any network failure).
   * @throws {TimeoutError} when `deadline` runs out.
   * @example
   * const { results, last_seq, pending } = await db.readChangesBatch({ db: 'orders', since, limit: 500 });
   */
  readChangesBatch(params: ChangesBatchParams): Promise<ChangesBatchResult>;
}

const MAX_TIMER_MS = 2_147_483_647;
const RULE = 'must be a whole number of ms, 1 to 2147483647';
const deadline: Rule = {
  schema: v.pipe(
    v.number(RULE),
    v.safeInteger(RULE),
    v.minValue(1, RULE),
    v.maxValue(MAX_TIMER_MS, RULE),
  ),
  test: (x) => Number.isSafeInteger(x) && (x as number) >= 1 && (x as number) <= MAX_TIMER_MS,
};
const CHANGES_BATCH: Rules = {
  ...CHANGES,
  feed: optional(oneOf(['normal', 'longpoll'])),
  deadline: optional(deadline),
};

export function changesBatchOperations(context: OperationContext): ChangesBatchOperations {
  const { http } = context;
  const validate = http.options.validateResponses !== false;
  const secrets = answerSecrets(http);
  return {
    readChangesBatch: checked('readChangesBatch', CHANGES_BATCH, async (p: ChangesBatchParams) => {
      const path = changesPath(p);
      const url = () => secrets.url(path);
      const bound = p.deadline === undefined ? undefined : boundedSignal(p.signal, p.deadline);
      const signal = bound?.signal ?? p.signal;
      let retryCount = 0;
      try {
        const response = await http.request(path, {
          ...changesRequest(context, 'readChangesBatch', { ...p, signal }),
          method: 'POST',
        });
        retryCount = response.retryCount;
        return await readChangesBody(response.stream(), {
          validate,
          url,
          redact: secrets.redact,
          retryCount,
        });
      } catch (error) {
        // The call's own bound aborted it, not the caller's signal.
        if (bound?.signal.aborted && !p.signal?.aborted) {
          throw new TimeoutError({
            method: 'POST',
            url: url(),
            retryCount,
            attempts: retryCount + 1,
            timeoutMs: p.deadline as number,
            kind: 'deadline',
          });
        }
        throw error;
      } finally {
        bound?.release();
      }
    }),
  };
}

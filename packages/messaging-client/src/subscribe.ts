import { computeBackoff, sleep as defaultSleep, type Sleeper } from '@connectorkit/http-core';
import * as v from 'valibot';
import type { AmsMessage } from './ams-message.js';
import { isAmsServiceException, isAmsTimeoutException } from './errors.js';
import {
  check,
  flag,
  fn,
  ms,
  options as optionsOf,
  SubscriptionNameSchema,
  signal,
  whole,
} from './internal/input-rules.js';
import type { ReceivedMessage } from './internal/messages.js';

/** What the consume loop needs from a client (an `ArgoMessagingService`). */
export interface SubscribeTarget {
  /** Pulls up to `num` messages with their ackIds; the loop aborts `signal` when it closes. */
  pullSub(
    sub: string,
    options: { num: number; returnImmediately: boolean; signal: AbortSignal },
  ): Promise<ReceivedMessage[]>;
  /**
   * Acks cumulatively, up to the highest of `ackIds`; the loop sends one id, that of the last
   * message of the batch whose handler and those of every message before it succeeded.
   */
  ackSub(sub: string, ackIds: string[]): Promise<true>;
  /** Reads the subscription's ack deadline, when `ackDeadlineSeconds` was not given. */
  getSub(sub: string): Promise<{ ackDeadlineSeconds: number }>;
}

/** Options of {@link subscribe}: concurrency, batch size, stopping, and where errors go. */
export interface SubscribeOptions {
  /** Handlers running at once. @default 10 */
  concurrency?: number;
  /** Messages per pull. @default 100 */
  maxMessages?: number;
  /** Aborting it closes the loop gracefully (the current batch finishes and is acked). */
  signal?: AbortSignal;
  /** Called for each failed handler, pull or ack; the loop goes on. @default the `warn` option */
  onError?: (error: unknown, message?: AmsMessage) => void;
  /** Warnings (ack deadline near, ack timeout). @default none */
  warn?: (message: string) => void;
  /** Stop at the first empty pull (a drain). @default false */
  stopWhenEmpty?: boolean;
  /** Longest wait between empty pulls or after errors, in ms. @default 5_000 */
  maxIdleMs?: number;
  /** The subscription's ack deadline; read from the service when absent. */
  ackDeadlineSeconds?: number;
  /** Injectable for tests. @default http-core's abortable sleep */
  sleep?: Sleeper;
}

/** What a consume loop did, once it has stopped. */
export interface SubscribeReport {
  /** Handler calls that succeeded (redeliveries counted again). */
  processed: number;
  /** Handler calls that threw. */
  failed: number;
  /** Messages acked. */
  acked: number;
}

/** A running consume loop, as {@link subscribe} returns it: `done` to wait, `close()` to stop. */
export interface Subscriber {
  /**
   * Resolves when the loop has stopped (after `close()`, the signal, or a drain); rejects on a
   * permanent pull error (400, 401, 403, 404, 409).
   */
  readonly done: Promise<SubscribeReport>;
  /** Stops pulling, lets the current batch finish and be acked, then resolves. */
  close(): Promise<SubscribeReport>;
}

export const SubscribeOptionsSchema: v.GenericSchema<unknown> = optionsOf({
  concurrency: v.optional(whole(1)),
  maxMessages: v.optional(whole(1)),
  signal: v.optional(signal),
  onError: v.optional(fn),
  warn: v.optional(fn),
  stopWhenEmpty: v.optional(flag),
  maxIdleMs: v.optional(ms),
  ackDeadlineSeconds: v.optional(whole(0, 600)),
  sleep: v.optional(fn),
});

const TargetSchema = v.custom<SubscribeTarget>(
  (x) =>
    typeof x === 'object' &&
    x !== null &&
    ['pullSub', 'ackSub', 'getSub'].every(
      (method) => typeof (x as Record<string, unknown>)[method] === 'function',
    ),
  'must have pullSub, ackSub and getSub methods (an ArgoMessagingService)',
);

/**
 * The consume loop: pull (returnImmediately), run the handler with bounded concurrency, ack the
 * highest contiguous finished message, back off on empty pulls and errors. A message whose handler
 * fails is not acked, nor are those after it: they come again on the next pull (at least once).
 */
export function subscribe(
  target: SubscribeTarget,
  sub: string,
  handler: (message: AmsMessage) => unknown,
  options: SubscribeOptions = {},
): Subscriber {
  check(TargetSchema, target, 'target');
  check(SubscriptionNameSchema, sub, 'subscription');
  check(fn, handler, 'handler');
  check(SubscribeOptionsSchema, options, 'subscribe options');
  const concurrency = Math.max(1, options.concurrency ?? 10);
  const maxMessages = Math.max(1, options.maxMessages ?? 100);
  const pause = options.sleep ?? defaultSleep;
  const warn = options.warn ?? (() => {});
  const onError =
    options.onError ?? ((error: unknown) => warn(`subscribe ${sub}: ${String(error)}`));
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  const report: SubscribeReport = { processed: 0, failed: 0, acked: 0 };
  const backoff = (attempt: number) =>
    computeBackoff(attempt, { baseDelay: 100, maxDelay: options.maxIdleMs ?? 5_000 });
  const rest = async (attempt: number) => {
    await pause(backoff(attempt), stop.signal).catch(() => {});
  };

  async function runBatch(batch: ReceivedMessage[]): Promise<boolean[]> {
    const ok = new Array<boolean>(batch.length).fill(false);
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const i = next++;
        const item = batch[i] as ReceivedMessage;
        try {
          await handler(item.message);
          ok[i] = true;
          report.processed++;
        } catch (error) {
          report.failed++;
          onError(error, item.message);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    return ok;
  }

  async function loop(): Promise<SubscribeReport> {
    let deadline = options.ackDeadlineSeconds;
    let idle = 0;
    let failures = 0;
    while (!stop.signal.aborted) {
      let batch: ReceivedMessage[];
      try {
        deadline ??= (await target.getSub(sub)).ackDeadlineSeconds;
        batch = await target.pullSub(sub, {
          num: maxMessages,
          returnImmediately: true,
          signal: stop.signal,
        });
      } catch (error) {
        if (stop.signal.aborted) break;
        if (isAmsServiceException(error) && [400, 401, 403, 404, 409].includes(error.status)) {
          options.signal?.removeEventListener('abort', onAbort);
          throw error; // permanent: a missing subscription, no rights, a deleted topic
        }
        onError(error);
        await rest(++failures);
        continue;
      }
      if (batch.length === 0) {
        if (options.stopWhenEmpty) break;
        await rest(++idle);
        continue;
      }
      idle = 0;
      const timer = setTimeout(
        () =>
          warn(`subscribe ${sub}: batch still running at 80% of the ${deadline} s ack deadline`),
        (deadline ?? 10) * 800,
      );
      timer.unref?.();
      const ok = await runBatch(batch).finally(() => clearTimeout(timer));
      let done = 0;
      while (done < ok.length && ok[done]) done++;
      if (done > 0) {
        try {
          await target.ackSub(sub, [(batch[done - 1] as ReceivedMessage).ackId]);
          report.acked += done;
          failures = 0;
        } catch (error) {
          if (isAmsTimeoutException(error))
            warn(`subscribe ${sub}: ack timeout; ${done} messages will be delivered again`);
          else onError(error);
          await rest(++failures);
          continue;
        }
      }
      if (done < ok.length) await rest(++failures);
    }
    options.signal?.removeEventListener('abort', onAbort);
    return report;
  }

  const done = loop();
  return {
    done,
    close: () => {
      stop.abort();
      return done;
    },
  };
}

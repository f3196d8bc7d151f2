import type * as Stream from 'node:stream';
import type { Readable } from 'node:stream';
import type { ChangesResultItem, Seq } from '@connectorkit/doc-db-client';
import { seqProblem } from '@connectorkit/doc-db-client';
import { sleep as abortableSleep, InputValidationError } from '@connectorkit/http-core';
import {
  type ChangesFollowerOptions,
  checkFollowerOptions,
  DEFAULT_LONGPOLL_TIMEOUT_MS,
} from './changes-follower-options.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { type ChangesBatch, followChanges } from './follow-loop.js';
import { nodeBuiltin } from './internal/node-builtin.js';

/** A batch as the application sees it: mark it processed to checkpoint its `lastSeq`. */
export interface FollowerBatch extends ChangesBatch {
  /** Saves `lastSeq` to the checkpoint store (if any). Call it once the batch is handled. */
  markProcessed(): Promise<void>;
}

/** What `start()` and `startOneOff()` return: iterate it for changes, or use the batch view or a Readable. */
export interface FollowerRun extends AsyncIterable<ChangesResultItem> {
  /** One entry per response: `{ changes, lastSeq, pending, markProcessed }`. */
  batches(): AsyncIterable<FollowerBatch>;
  /**
   * A Node object-mode Readable of change items (destroying it stops the follower). Node.js (or
   * Deno, Bun) only.
   * @throws {ConfigError} where there is no `node:stream` (a browser, a worker).
   */
  readable(): Readable;
}

function withCheckpoint(
  next: IteratorResult<ChangesBatch>,
  checkpoint: CheckpointStore | undefined,
): FollowerBatch | undefined {
  if (next.done) return undefined;
  const { changes, lastSeq, pending } = next.value;
  return { changes, lastSeq, pending, markProcessed: async () => checkpoint?.save(lastSeq) };
}

/**
 * Follows a database's `_changes` feed, the Cloudant SDK's ChangesFollower contract without its
 * defects: `stop()` aborts the request in flight, one-off mode ends when the server omits
 * `pending`, setup calls obey the error tolerance, and batches and `last_seq` are exposed for
 * checkpoints.
 * @example
 * const follower = new ChangesFollower({ client, db: 'orders', includeDocs: true });
 * for await (const change of follower.startOneOff()) console.log(change.id);
 */
export class ChangesFollower {
  private readonly options: ChangesFollowerOptions;
  private readonly stopController = new AbortController();
  private started = false;

  constructor(options: ChangesFollowerOptions) {
    checkFollowerOptions(options);
    this.options = options;
  }

  /** Continuous mode: reads what is there, then listens (longpoll) until `stop()` or `limit`. */
  start(): FollowerRun {
    return this.run('continuous', 'now');
  }

  /** One-off mode: reads from `since` (default the beginning) until nothing is pending. */
  startOneOff(): FollowerRun {
    return this.run('one-off', 0);
  }

  /** Aborts the request in flight and ends the iteration. Safe to call at any time, more than once. */
  stop(): void {
    this.stopController.abort(new DOMException('The follower was stopped', 'AbortError'));
  }

  private run(mode: 'continuous' | 'one-off', defaultSince: Seq | 'now'): FollowerRun {
    if (this.started)
      throw new Error('This ChangesFollower was started already; create a new one to follow again');
    this.started = true;
    const o = this.options;
    const stop = this.stopController.signal;
    const settings = {
      client: o.client,
      options: o,
      mode,
      stop,
      longpollTimeoutMs: o.longpollTimeoutMs ?? DEFAULT_LONGPOLL_TIMEOUT_MS,
      requestMarginMs: o.requestMarginMs ?? 10_000,
      now: o.now ?? Date.now,
      sleep: o.sleep ?? abortableSleep,
      random: o.random ?? Math.random,
    };
    let consumed = false;
    const batches = async function* (): AsyncGenerator<FollowerBatch> {
      if (consumed) throw new Error('A follower run can be consumed once');
      consumed = true;
      const saved = o.checkpoint ? await o.checkpoint.load() : undefined;
      const problem = saved === undefined ? undefined : seqProblem(saved);
      if (problem !== undefined)
        throw new InputValidationError({
          subject: 'checkpoint',
          issues: [{ path: 'load()', message: `returned a sequence that ${problem}` }],
        });
      const since = saved ?? o.since ?? defaultSince;
      // Plain loops that drop each batch once it is handed over: a `for await` binding would keep
      // the previous batch alive through the next request.
      const source = followChanges({ ...settings, since });
      try {
        for (;;) {
          let batch: FollowerBatch | undefined = withCheckpoint(await source.next(), o.checkpoint);
          if (batch === undefined) return;
          yield batch;
          batch = undefined;
        }
      } finally {
        await source.return(undefined);
      }
    };
    const items = async function* (): AsyncGenerator<ChangesResultItem> {
      const source = batches();
      try {
        for (;;) {
          let batch: FollowerBatch | undefined = (await source.next()).value ?? undefined;
          if (batch === undefined) return;
          yield* batch.changes;
          // Every item of the batch was handed over and the consumer asked for more: it is processed.
          await batch.markProcessed();
          batch = undefined;
        }
      } finally {
        await source.return(undefined);
      }
    };
    return {
      [Symbol.asyncIterator]: () => items(),
      batches,
      readable: () => {
        const { Readable } = nodeBuiltin<typeof Stream>('node:stream', 'readable()');
        const iterator = items();
        const follower = this;
        return new Readable({
          objectMode: true,
          highWaterMark: 1,
          read() {
            iterator.next().then(
              ({ done, value }) => this.push(done ? null : value),
              (error: Error) => this.destroy(error),
            );
          },
          // Stop first: the iterator may be waiting on a longpoll that only the stop aborts.
          destroy(error, callback) {
            follower.stop();
            iterator.return(undefined).catch(() => {});
            callback(error);
          },
        });
      },
    };
  }
}

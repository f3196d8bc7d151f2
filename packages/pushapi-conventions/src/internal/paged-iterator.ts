import type { PushAPIIterator } from '../types.js';
import { checkCount } from './arguments.js';

/** Fetches the next page: entries and whether more remain. */
export type PageSource<T> = (count: number) => Promise<{ entries: T[]; done: boolean }>;

/**
 * A `PushAPIIterator` over a paged source: `next`, `nextBatch`, `close`, `for await` and
 * `await using`. The source is released (`release`) once, on `close()` or when it is exhausted.
 * Once `signal` aborts, reading rejects with its reason (a page being fetched is aborted too).
 */
export function pagedIterator<T>(
  fetchPage: PageSource<T>,
  release: () => Promise<void>,
  signal?: AbortSignal,
  pageSize = 500,
): PushAPIIterator<T> {
  let buffer: T[] = [];
  let exhausted = false;
  let closed = false;
  const finish = async () => {
    buffer = [];
    if (closed) return;
    closed = true;
    await release();
  };
  const fill = async (count: number, request: number) => {
    // Entries already read are not handed out either: the caller asked to stop.
    signal?.throwIfAborted();
    while (buffer.length < count && !exhausted && !closed) {
      const page = await fetchPage(Math.max(request - buffer.length, 1));
      buffer.push(...page.entries);
      if (page.done) {
        exhausted = true;
        closed = true;
        await release();
      }
    }
  };
  const iterator: PushAPIIterator<T> = {
    async next() {
      await fill(1, pageSize);
      return buffer.shift() ?? null;
    },
    async nextBatch(count) {
      const n = checkCount(count);
      await fill(n, n);
      return buffer.splice(0, n);
    },
    close: finish,
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          const entry = await iterator.next();
          if (entry === null) return;
          yield entry;
        }
      } finally {
        await finish();
      }
    },
    [Symbol.asyncDispose]: finish,
  };
  return iterator;
}

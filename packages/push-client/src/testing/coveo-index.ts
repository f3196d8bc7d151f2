/** One indexed item of a source: the pushed document body, keyed by `documentId`. */
export type IndexedItem = Record<string, unknown> & { documentId: string };

/** A pending write, applied to the searchable index after the indexing delay. */
interface PendingWrite {
  at: number;
  apply: () => void;
}

/**
 * The simulator's per-source index. Writes are accepted at once and become visible to search
 * after `indexingDelayMs` on the injected clock (or at `flush()`), as the real index is
 * asynchronous; the pushed state (`items`) is what tests inspect for "did it land".
 */
export class SourceIndex {
  /** Everything pushed, in arrival order of the last write per document. */
  readonly items: Map<string, IndexedItem> = new Map();
  /** What the Search API sees. */
  readonly searchable: Map<string, IndexedItem> = new Map();
  status: string = 'IDLE';
  /** The ordering id (epoch ms) of each item's last write. */
  private readonly orderingIds = new Map<string, number>();
  private pending: PendingWrite[] = [];

  constructor(
    readonly id: string,
    readonly type: 'PUSH' | 'CATALOG',
    private readonly now: () => number,
    private readonly delayMs: number,
  ) {}

  /**
   * Adds or replaces the item with this `documentId`: in `items` at once, in `searchable` after
   * the indexing delay. Its ordering id becomes the clock's now.
   */
  upsert(item: IndexedItem): void {
    this.items.set(item.documentId, item);
    this.orderingIds.set(item.documentId, this.now());
    if (this.delayMs <= 0) this.searchable.set(item.documentId, item);
    else this.later(() => this.searchable.set(item.documentId, item));
  }

  /**
   * Deletes the item `documentId` and, when `children` is true, every item whose id lies under
   * it (`<documentId>/…`): from `items` at once, from `searchable` after the indexing delay.
   */
  remove(documentId: string, children: boolean): void {
    const match = (id: string) =>
      id === documentId ||
      (children && id.startsWith(documentId.endsWith('/') ? documentId : `${documentId}/`));
    for (const id of [...this.items.keys()]) if (match(id)) this.items.delete(id);
    this.later(() => {
      for (const id of [...this.searchable.keys()]) if (match(id)) this.searchable.delete(id);
    });
  }

  /** Deletes the items whose last write has an ordering id below `orderingId`. */
  removeOlderThan(orderingId: number): void {
    for (const id of [...this.items.keys()]) {
      if ((this.orderingIds.get(id) ?? 0) < orderingId) this.remove(id, false);
    }
  }

  private later(apply: () => void): void {
    if (this.delayMs <= 0) apply();
    else this.pending.push({ at: this.now() + this.delayMs, apply });
  }

  /** Applies the writes whose delay has passed (or all of them). */
  settle(all = false): void {
    const now = this.now();
    const due = this.pending.filter((w) => all || w.at <= now);
    this.pending = this.pending.filter((w) => !(all || w.at <= now));
    for (const write of due) write.apply();
  }
}

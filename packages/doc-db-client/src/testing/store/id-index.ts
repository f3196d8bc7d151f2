import { compareRaw } from './collation.js';

function isSorted(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++)
    if ((ids[i - 1] as string) > (ids[i] as string)) return false;
  return true;
}

/** The index of the first id at or after `key` (`ids.length` when there is none). */
export function lowerBound(ids: readonly string[], key: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first id after `key`. */
export function upperBound(ids: readonly string[], key: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[mid] as string) <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Every document id in `_all_docs` (raw) order, deleted ones included, with a Fenwick tree of
 * which are deleted, so `_all_docs` finds its start by binary search and counts the live
 * documents before it (its `offset`) in O(log n). New ids are merged in when the index is next
 * read (one pass, carrying the deleted flags along); a deletion or undeletion updates one entry.
 */
export class IdIndex {
  private ids: string[] | undefined;
  private dead: Uint8Array = new Uint8Array(0);
  private tree: Int32Array = new Int32Array(1);
  /** Ids added since the index was built, merged in when it is next read. */
  private pending: string[] = [];

  constructor(
    /** Whether a document is deleted now. */
    private readonly isDeleted: (id: string) => boolean,
    private readonly allIds: () => Iterable<string>,
  ) {}

  added(id: string): void {
    if (this.ids) this.pending.push(id);
  }

  /** A document was deleted or undeleted. */
  toggled(id: string): void {
    if (!this.ids) return;
    const i = lowerBound(this.ids, id);
    if (this.ids[i] !== id) return; // still pending: its flag is read when it is merged
    const flag = this.isDeleted(id) ? 1 : 0;
    const delta = flag - (this.dead[i] as number);
    if (delta === 0) return;
    this.dead[i] = flag;
    for (let k = i + 1; k < this.tree.length; k += k & -k)
      this.tree[k] = (this.tree[k] as number) + delta;
  }

  /** Forgets everything (after a purge removed ids). */
  invalidate(): void {
    this.ids = undefined;
    this.pending = [];
  }

  sorted(): readonly string[] {
    if (!this.ids) this.build([...this.allIds()].sort(compareRaw), undefined);
    else if (this.pending.length > 0) this.merge();
    return this.ids as string[];
  }

  /** How many of the first `index` ids are deleted. */
  deadBefore(index: number): number {
    this.sorted();
    let sum = 0;
    for (let k = Math.min(index, this.tree.length - 1); k > 0; k -= k & -k)
      sum += this.tree[k] as number;
    return sum;
  }

  /** How many of the first `index` ids are live. */
  liveBefore(index: number): number {
    return index - this.deadBefore(index);
  }

  private merge(): void {
    // Ids often arrive in order (bulk loads, time-based ids): then no sort, only a merge.
    const added = this.pending;
    if (!isSorted(added)) added.sort(compareRaw);
    const old = this.ids as string[];
    const oldDead = this.dead;
    const ids = new Array<string>(old.length + added.length);
    const dead = new Uint8Array(ids.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length || j < added.length) {
      if (j >= added.length || (i < old.length && (old[i] as string) <= (added[j] as string))) {
        dead[k] = oldDead[i] as number;
        ids[k++] = old[i++] as string;
      } else {
        const id = added[j++] as string;
        dead[k] = this.isDeleted(id) ? 1 : 0;
        ids[k++] = id;
      }
    }
    this.pending = [];
    this.build(ids, dead);
  }

  private build(ids: string[], dead: Uint8Array | undefined): void {
    this.ids = ids;
    this.dead = dead ?? Uint8Array.from(ids, (id) => (this.isDeleted(id) ? 1 : 0));
    // Linear-time Fenwick construction.
    const tree = new Int32Array(ids.length + 1);
    for (let i = 1; i <= ids.length; i++) {
      tree[i] = (tree[i] as number) + (this.dead[i - 1] as number);
      const parent = i + (i & -i);
      if (parent <= ids.length) tree[parent] = (tree[parent] as number) + (tree[i] as number);
    }
    this.tree = tree;
  }
}

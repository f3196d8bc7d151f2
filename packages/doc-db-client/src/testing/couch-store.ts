import * as crypto from 'node:crypto';
import { compareRaw } from './collation.js';
import { isObject } from './http-io.js';

type OneShotHash = (algorithm: string, data: string, encoding: 'hex') => string;
// `crypto.hash` (Node 20.12+) digests in one call, without a Hash object per revision.
const md5Hex: (data: string) => string = (crypto as unknown as { hash?: OneShotHash }).hash
  ? (data) => (crypto as unknown as { hash: OneShotHash }).hash('md5', data, 'hex')
  : (data) => crypto.createHash('md5').update(data).digest('hex');

function isSorted(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++)
    if ((ids[i - 1] as string) > (ids[i] as string)) return false;
  return true;
}

/** Two sorted lists as one sorted list, in one pass. */
function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length)
    out[k++] = (a[i] as string) <= (b[j] as string) ? (a[i++] as string) : (b[j++] as string);
  while (i < a.length) out[k++] = a[i++] as string;
  while (j < b.length) out[k++] = b[j++] as string;
  return out;
}

/** One stored document revision (only the winning one is kept: no revision tree). */
export interface StoredDoc {
  id: string;
  rev: string;
  revNum: number;
  body: Record<string, unknown>;
  deleted: boolean;
  seq: number;
  /** JSON size, for `sizes.external`. */
  size: number;
  /** The feed row of this revision, once built (see changes-feed.ts). */
  rowCache?: string;
}

/** Counts live changes up to a position in O(log n): a Fenwick tree, rebuilt when it doubles. */
class LiveCounter {
  private values: number[] = [0];
  private tree: number[] = [0, 0];
  private capacity = 1;
  /** Returns true when the tree was rebuilt (from values that already hold the new delta). */
  private grow(index: number): boolean {
    if (index <= this.capacity) return false;
    while (this.capacity < index) this.capacity *= 2;
    this.tree = new Array(this.capacity + 1).fill(0);
    for (let i = 1; i < this.values.length; i++) {
      const v = this.values[i] ?? 0;
      if (v !== 0) this.bump(i, v);
    }
    return true;
  }
  private bump(index: number, delta: number): void {
    for (let i = index; i <= this.capacity; i += i & -i) this.tree[i] = (this.tree[i] ?? 0) + delta;
  }
  add(index: number, delta: number): void {
    while (this.values.length <= index) this.values.push(0);
    this.values[index] = (this.values[index] ?? 0) + delta;
    if (!this.grow(index)) this.bump(index, delta);
  }
  prefix(index: number): number {
    let sum = 0;
    for (let i = Math.min(index, this.capacity); i > 0; i -= i & -i) sum += this.tree[i] ?? 0;
    return sum;
  }
  total(): number {
    return this.prefix(this.capacity);
  }
}

/** An in-memory database with CouchDB's sequence semantics: a document appears in the feed once, at its latest seq. */
export class CouchDatabase {
  readonly docs = new Map<string, StoredDoc>();
  readonly local = new Map<string, Record<string, unknown>>();
  /**
   * seq → the revision written at that seq, for the changes feed; emptied when a later revision
   * replaces it, so the feed lists each document once, at its latest seq, without a lookup by id.
   */
  private readonly bySeq: (StoredDoc | undefined)[] = [undefined];
  /** CouchDB 3's default security object: only admins may read or write. */
  security: Record<string, unknown> = {
    admins: { roles: ['_admin'] },
    members: { roles: ['_admin'] },
  };
  revsLimit = 1000;
  /** `q`, shown in `cluster` (a single node: n, r and w are 1). */
  shards = 2;
  private readonly live = new LiveCounter();
  private external = 0;
  private deletedCount = 0;
  /** Every id ever written (deleted ones included), sorted, once asked for. */
  private sortedIdCache: string[] | undefined;
  /** New ids since `sortedIdCache` was built, merged into it when it is next asked for. */
  private newIds: string[] = [];

  constructor(
    readonly name: string,
    readonly partitioned: boolean,
  ) {}

  get updateSeq(): number {
    return this.bySeq.length - 1;
  }

  /** Writes a revision. Returns the new rev, or `conflict` when `rev` is not the current one. */
  write(
    id: string,
    body: Record<string, unknown>,
    rev: string | undefined,
    deleted: boolean,
  ): { rev: string } | { error: 'conflict' } {
    const current = this.docs.get(id);
    const live = current && !current.deleted;
    // A live document needs its current rev; a deleted one may be recreated without a rev.
    if (live ? rev !== current.rev : rev !== undefined && rev !== current?.rev)
      return { error: 'conflict' };
    const revNum = (current?.revNum ?? 0) + 1;
    const clean: Record<string, unknown> = {};
    for (const key in body)
      if (key.charCodeAt(0) !== 95 /* _ */ || key === '_attachments') clean[key] = body[key];
    const json = JSON.stringify(clean);
    const newRev = `${revNum}-${md5Hex(`${current?.rev ?? ''}${json}${deleted}`)}`;
    if (current) {
      this.bySeq[current.seq] = undefined;
      this.live.add(current.seq, -1);
      this.external -= current.size;
      if (current.deleted) this.deletedCount--;
    }
    const seq = this.bySeq.length;
    this.live.add(seq, 1);
    const stored: StoredDoc = {
      id,
      rev: newRev,
      revNum,
      body: deleted ? {} : clean,
      deleted,
      seq,
      size: deleted ? 0 : json.length,
    };
    this.bySeq.push(stored);
    if (!current && this.sortedIdCache) this.newIds.push(id);
    this.docs.set(id, stored);
    this.external += stored.size;
    if (deleted) this.deletedCount++;
    return { rev: newRev };
  }

  /** Ids in `_all_docs` order (raw code-unit order), deleted documents included. */
  sortedIds(): readonly string[] {
    if (!this.sortedIdCache) this.sortedIdCache = [...this.docs.keys()].sort(compareRaw);
    else if (this.newIds.length > 0) {
      // Ids often arrive in order (bulk loads, time-based ids): then no sort, only a merge.
      const added = this.newIds;
      if (!isSorted(added)) added.sort(compareRaw);
      this.sortedIdCache = mergeSorted(this.sortedIdCache, added);
      this.newIds = [];
    }
    return this.sortedIdCache;
  }

  /** How many documents are not deleted (`_all_docs`' total_rows). */
  liveCount(): number {
    return this.docs.size - this.deletedCount;
  }

  /** The live change entries after `since`, in order, at most `limit`; and how many remain after them. */
  changesAfter(
    since: number,
    limit: number,
    descending: boolean,
  ): { docs: StoredDoc[]; pending: number } {
    const out: StoredDoc[] = [];
    if (descending) {
      for (let seq = this.updateSeq; seq > 0 && out.length < limit; seq--) {
        const doc = this.bySeq[seq];
        if (doc) out.push(doc);
      }
      return { docs: out, pending: 0 };
    }
    let seq = since + 1;
    for (; seq <= this.updateSeq && out.length < limit; seq++) {
      const doc = this.bySeq[seq];
      if (doc) out.push(doc);
    }
    const lastSeq = out.at(-1)?.seq ?? since;
    return { docs: out, pending: this.live.total() - this.live.prefix(lastSeq) };
  }

  /** `_compact`: nothing to reclaim yet. */
  compact(): void {}

  /** Whether anyone may read and write it: no member names and no member roles. */
  isPublic(): boolean {
    const members = this.security.members;
    if (!isObject(members)) return true;
    const empty = (list: unknown) => !Array.isArray(list) || list.length === 0;
    return empty(members.names) && empty(members.roles);
  }

  info(seq: (n: number) => unknown): Record<string, unknown> {
    return {
      db_name: this.name,
      doc_count: this.liveCount(),
      doc_del_count: this.deletedCount,
      update_seq: seq(this.updateSeq),
      purge_seq: seq(0),
      sizes: { active: this.external, external: this.external, file: this.external + 4096 },
      props: this.partitioned ? { partitioned: true } : {},
      compact_running: false,
      instance_start_time: '0',
      disk_format_version: 8,
      cluster: { q: this.shards, n: 1, w: 1, r: 1 },
    };
  }
}

/** A document as the API returns it. */
export function docJson(doc: StoredDoc): Record<string, unknown> {
  return doc.deleted
    ? { _id: doc.id, _rev: doc.rev, _deleted: true }
    : { _id: doc.id, _rev: doc.rev, ...doc.body };
}

/** `_revisions` of a stored document: only its current revision is kept. */
export function revisionsOf(doc: StoredDoc): { start: number; ids: string[] } {
  return { start: doc.revNum, ids: [doc.rev.split('-')[1] as string] };
}

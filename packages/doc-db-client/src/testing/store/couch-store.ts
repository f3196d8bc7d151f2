import { isObject } from '../routes/http-io.js';
import type { LocalDoc } from '../routes/local-docs.js';
import {
  type AttachmentInput,
  type Attachments,
  type AttachmentView,
  attachmentsJson,
  resolveAttachments,
} from './attachments.js';
import { IdIndex } from './id-index.js';
import { LiveCounter } from './live-counter.js';
import { newRevHash } from './rev-hash.js';
import { compareLeaves, findRev, hashOf, type RevNode, stem } from './rev-tree.js';

/**
 * A document: its revision tree, held by its leaves (the winner and the other leaves), and the
 * seq of its latest change. The winner is the leaf CouchDB shows: see `compareLeaves`.
 */
export class StoredDoc {
  /** The other leaves, in CouchDB's order; undefined while there is only one. */
  others: RevNode[] | undefined = undefined;
  /** The feed row of the current winner, once built (see changes-feed.ts). */
  rowCache: string | undefined = undefined;

  constructor(
    readonly id: string,
    public winner: RevNode,
    public seq: number,
  ) {}

  get rev(): string {
    return this.winner.rev;
  }
  get revNum(): number {
    return this.winner.pos;
  }
  get deleted(): boolean {
    return this.winner.deleted;
  }
  get body(): Record<string, unknown> {
    return this.winner.body ?? {};
  }
  /** The winner's body size, for `sizes.external`. */
  get size(): number {
    return this.winner.deleted ? 0 : this.winner.size;
  }
  /** Every leaf, winner first. */
  leaves(): RevNode[] {
    return this.others ? [this.winner, ...this.others] : [this.winner];
  }
  /** `_conflicts`: the other live leaves. */
  conflicts(): string[] {
    return this.others?.filter((n) => !n.deleted).map((n) => n.rev) ?? [];
  }
  /** `_deleted_conflicts`: the other deleted leaves. */
  deletedConflicts(): string[] {
    return this.others?.filter((n) => n.deleted).map((n) => n.rev) ?? [];
  }
  /** Any revision of the tree, by rev. */
  find(rev: string): RevNode | undefined {
    return findRev(this.leaves(), rev);
  }
}

/** An in-memory database with CouchDB's sequence semantics: a document appears in the feed once, at its latest seq. */
export class CouchDatabase {
  readonly docs = new Map<string, StoredDoc>();
  /** `_local` documents by id (`_local/...`). */
  readonly local = new Map<string, LocalDoc>();
  /**
   * seq → the document changed at that seq, for the changes feed; emptied when a later change
   * moves the document, so the feed lists each document once, at its latest seq.
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
  purgeSeq = 0;
  private readonly live = new LiveCounter();
  private external = 0;
  private deletedCount = 0;
  /** Every id in `_all_docs` order, with which are deleted. */
  readonly ids = new IdIndex(
    (id) => this.docs.get(id)?.deleted ?? true,
    () => this.docs.keys(),
  );

  constructor(
    readonly name: string,
    readonly partitioned: boolean,
  ) {}

  get updateSeq(): number {
    return this.bySeq.length - 1;
  }

  /**
   * An interactive edit (`new_edits=true`): `rev` must be a leaf of the tree, or absent for a new
   * document or one whose winner is deleted (recreated on that revision). `body` holds no `_`
   * members (doc-input.ts takes them out). Returns the new rev, or `conflict`.
   */
  write(
    id: string,
    body: Record<string, unknown>,
    rev: string | undefined,
    deleted: boolean,
    attachments?: Record<string, AttachmentInput>,
  ): { rev: string } | { error: 'conflict' } {
    const doc = this.docs.get(id);
    let parent: RevNode | undefined;
    if (rev !== undefined) {
      parent = doc?.leaves().find((leaf) => leaf.rev === rev);
      if (!parent) return { error: 'conflict' };
    } else if (doc) {
      if (!doc.deleted || deleted) return { error: 'conflict' };
      parent = doc.winner;
    }
    const pos = (parent?.pos ?? 0) + 1;
    const atts = resolveAttachments(attachments, parent?.atts, pos, id);
    const { hash, bodySize } = newRevHash(
      deleted,
      parent && { pos: parent.pos, hash: hashOf(parent) },
      body,
      attachmentHashes(atts),
    );
    const node: RevNode = {
      pos,
      rev: `${pos}-${hash}`,
      parent,
      deleted,
      body,
      atts,
      depth: (parent?.depth ?? 0) + 1,
      size: bodySize,
    };
    stem(node, this.revsLimit);
    const leaves = doc?.others ? doc.leaves().filter((leaf) => leaf !== parent) : [];
    if (doc && !doc.others && doc.winner !== parent) leaves.push(doc.winner);
    leaves.push(node);
    this.place(id, doc, leaves);
    return { rev: node.rev };
  }

  /**
   * A replicated edit (`new_edits=false`): the revision and its history (`ids`, newest first, the
   * first at `start`) are merged into the tree as they are. Returns false when the tree already
   * had the revision.
   */
  writeReplicated(
    id: string,
    body: Record<string, unknown>,
    start: number,
    ids: readonly string[],
    deleted: boolean,
    attachments?: Record<string, AttachmentInput>,
  ): boolean {
    const doc = this.docs.get(id);
    const leaves = doc ? doc.leaves() : [];
    let known = ids.length;
    let attach: RevNode | undefined;
    for (let i = 0; i < ids.length && !attach; i++) {
      attach = findRev(leaves, `${start - i}-${ids[i]}`);
      if (attach) known = i;
    }
    if (known === 0) return false;
    const atts = resolveAttachments(attachments, attach?.atts, start, id);
    let parent = attach;
    for (let k = known - 1; k >= 0; k--) {
      const pos = start - k;
      const leaf = k === 0;
      parent = {
        pos,
        rev: `${pos}-${ids[k]}`,
        parent,
        deleted: leaf && deleted,
        body: leaf ? body : undefined,
        atts: leaf ? atts : undefined,
        depth: (parent?.depth ?? 0) + 1,
        size: leaf ? newRevHash(deleted, undefined, body, []).bodySize : 0,
      };
    }
    const node = parent as RevNode;
    stem(node, this.revsLimit);
    const kept = leaves.filter((l) => l !== attach);
    kept.push(node);
    this.place(id, doc, kept);
    return true;
  }

  /** Moves a document to a new seq with these leaves (the winner first once sorted). */
  private place(id: string, existing: StoredDoc | undefined, leaves: RevNode[]): void {
    leaves.sort(compareLeaves);
    const winner = leaves[0] as RevNode;
    let doc = existing;
    const wasDeleted = doc?.deleted;
    if (doc) this.unlink(doc);
    else {
      doc = new StoredDoc(id, winner, 0);
      this.docs.set(id, doc);
      this.ids.added(id);
    }
    doc.winner = winner;
    doc.others = leaves.length > 1 ? leaves.slice(1) : undefined;
    doc.rowCache = undefined;
    doc.seq = this.bySeq.length;
    this.bySeq.push(doc);
    this.live.add(doc.seq, 1);
    this.external += doc.size;
    if (doc.deleted) this.deletedCount++;
    if (wasDeleted !== undefined && wasDeleted !== doc.deleted) this.ids.toggled(id);
  }

  private unlink(doc: StoredDoc): void {
    this.bySeq[doc.seq] = undefined;
    this.live.add(doc.seq, -1);
    this.external -= doc.size;
    if (doc.deleted) this.deletedCount--;
  }

  /** `_purge`: drops these leaves (and what only they held); returns the revs purged. */
  purge(id: string, revs: readonly string[]): string[] {
    const doc = this.docs.get(id);
    if (!doc) return [];
    const leaves = doc.leaves();
    const purged = [...new Set(revs)].filter((rev) => leaves.some((leaf) => leaf.rev === rev));
    if (purged.length === 0) return [];
    this.purgeSeq++;
    const kept = leaves.filter((leaf) => !purged.includes(leaf.rev));
    if (kept.length > 0) this.place(id, doc, kept);
    else {
      this.unlink(doc);
      this.bySeq.push(undefined);
      this.docs.delete(id);
      this.ids.invalidate();
    }
    return purged;
  }

  /** `_compact`: only leaves keep their bodies and attachments. */
  compact(): void {
    for (const doc of this.docs.values())
      for (const leaf of doc.leaves())
        for (let n = leaf.parent; n; n = n.parent) {
          n.body = undefined;
          n.atts = undefined;
        }
  }

  /** Whether anyone may read and write it: no member names and no member roles. */
  isPublic(): boolean {
    const members = this.security.members;
    if (!isObject(members)) return true;
    const empty = (list: unknown) => !Array.isArray(list) || list.length === 0;
    return empty(members.names) && empty(members.roles);
  }

  /** Ids in `_all_docs` order (raw code-unit order), deleted documents included. */
  sortedIds(): readonly string[] {
    return this.ids.sorted();
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

  info(seq: (n: number) => unknown): Record<string, unknown> {
    return {
      db_name: this.name,
      doc_count: this.liveCount(),
      doc_del_count: this.deletedCount,
      update_seq: seq(this.updateSeq),
      purge_seq: seq(this.purgeSeq),
      sizes: { active: this.external, external: this.external, file: this.external + 4096 },
      props: this.partitioned ? { partitioned: true } : {},
      compact_running: false,
      instance_start_time: '0',
      disk_format_version: 8,
      cluster: { q: this.shards, n: 1, w: 1, r: 1 },
    };
  }
}

function attachmentHashes(atts: Attachments | undefined) {
  if (!atts) return [];
  return Object.entries(atts).map(([name, att]) => ({
    name,
    type: att.contentType,
    md5: att.md5,
  }));
}

/** A revision as the API returns it; attachments as stubs unless `view` asks for more. */
export function revisionJson(
  id: string,
  node: RevNode,
  view?: AttachmentView,
): Record<string, unknown> {
  const out: Record<string, unknown> = { _id: id, _rev: node.rev, ...node.body };
  if (node.deleted) out._deleted = true;
  if (node.atts) out._attachments = attachmentsJson(node.atts, view);
  return out;
}

/** A document (its winning revision) as the API returns it. */
export function docJson(doc: StoredDoc, view?: AttachmentView): Record<string, unknown> {
  return revisionJson(doc.id, doc.winner, view);
}

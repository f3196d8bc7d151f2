import { CouchHttpError } from '../routes/http-io.js';
import type { Attachments } from './attachments.js';

/**
 * One revision of a document. Revisions link to their parent, so a document's leaves hold its
 * whole tree: branches share their common ancestors.
 */
export interface RevNode {
  readonly pos: number;
  /** `{pos}-{hash}`. */
  readonly rev: string;
  /** Undefined for a root: a first revision, or where the history was stemmed at `_revs_limit`. */
  parent: RevNode | undefined;
  readonly deleted: boolean;
  /** The body without `_` members; undefined once compacted or never received (a replicated ancestor). */
  body: Record<string, unknown> | undefined;
  /** Attachments by name, in document order; undefined when there are none (or compacted). */
  atts: Attachments | undefined;
  /** Revisions known on the path to this one, itself included (an upper bound after stemming). */
  depth: number;
  /** The size of the body as CouchDB counts it (`sizes.external`). */
  size: number;
}

export function hashOf(node: RevNode): string {
  return node.rev.slice(node.rev.indexOf('-') + 1);
}

/** A rev as CouchDB parses it (couch_doc:parse_rev); a 32-digit id is hex, kept lowercase. */
export function parseRev(text: unknown): { pos: number; hash: string } {
  const invalid = () => new CouchHttpError(400, 'bad_request', 'Invalid rev format');
  if (typeof text !== 'string') throw invalid();
  const dash = text.indexOf('-');
  const start = text.slice(0, dash);
  if (dash <= 0 || !/^\d+$/.test(start)) throw invalid();
  let hash = text.slice(dash + 1);
  if (hash.length === 32) {
    if (!/^[0-9a-fA-F]{32}$/.test(hash)) throw invalid();
    hash = hash.toLowerCase();
  }
  return { pos: Number(start), hash };
}

/** CouchDB's leaf order: live before deleted, then the longer path, then the greater rev id. */
export function compareLeaves(a: RevNode, b: RevNode): number {
  if (a.deleted !== b.deleted) return a.deleted ? 1 : -1;
  if (a.pos !== b.pos) return b.pos - a.pos;
  const x = hashOf(a);
  const y = hashOf(b);
  return x < y ? 1 : x > y ? -1 : 0;
}

/** Ascending `{pos, rev id}` order, as `open_revs` answers are sorted. */
export function compareRevs(a: string, b: string): number {
  const x = parseRev(a);
  const y = parseRev(b);
  return x.pos - y.pos || (x.hash < y.hash ? -1 : x.hash > y.hash ? 1 : 0);
}

/** The revision with this rev among the leaves and their ancestors. */
export function findRev(leaves: readonly RevNode[], rev: string): RevNode | undefined {
  const pos = Number.parseInt(rev, 10);
  for (const leaf of leaves) {
    for (let node: RevNode | undefined = leaf; node && node.pos >= pos; node = node.parent)
      if (node.rev === rev) return node;
  }
  return undefined;
}

/** Whether `ancestor` is `node` or on its path. */
export function isOnPath(ancestor: RevNode, node: RevNode): boolean {
  for (let n: RevNode | undefined = node; n && n.pos >= ancestor.pos; n = n.parent)
    if (n === ancestor) return true;
  return false;
}

/** `_revisions`: the path's rev ids, newest first. */
export function revisionsOf(node: RevNode): { start: number; ids: string[] } {
  const ids: string[] = [];
  for (let n: RevNode | undefined = node; n; n = n.parent) ids.push(hashOf(n));
  return { start: node.pos, ids };
}

/** `_revs_info`: each revision on the path and whether its body is still there. */
export function revsInfoOf(node: RevNode): { rev: string; status: string }[] {
  const out: { rev: string; status: string }[] = [];
  for (let n: RevNode | undefined = node; n; n = n.parent)
    out.push({ rev: n.rev, status: n.deleted ? 'deleted' : n.body ? 'available' : 'missing' });
  return out;
}

/** Cuts the path above `node` to `limit` revisions (couch_key_tree:stem), when it is longer. */
export function stem(node: RevNode, limit: number): void {
  if (node.depth <= limit) return;
  let n = node;
  for (let i = 1; i < limit && n.parent; i++) n = n.parent;
  n.parent = undefined;
  node.depth = Math.min(node.depth, limit);
}

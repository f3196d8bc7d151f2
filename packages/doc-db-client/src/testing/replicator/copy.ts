import type { AttachmentInput } from '../store/attachments.js';
import { identityData } from '../store/attachments.js';
import type { CouchDatabase, StoredDoc } from '../store/couch-store.js';
import { type RevNode, revisionsOf } from '../store/rev-tree.js';

/** What a replication did, as CouchDB counts it (`_replication_stats`, scheduler `info`). */
export interface ReplicationStats {
  revisions_checked: number;
  missing_revisions_found: number;
  docs_read: number;
  docs_written: number;
  doc_write_failures: number;
}

export const noStats = (): ReplicationStats => ({
  revisions_checked: 0,
  missing_revisions_found: 0,
  docs_read: 0,
  docs_written: 0,
  doc_write_failures: 0,
});

function attachmentsOf(node: RevNode): Record<string, AttachmentInput> | undefined {
  if (!node.atts) return undefined;
  const out: Record<string, AttachmentInput> = {};
  for (const [name, att] of Object.entries(node.atts))
    out[name] = { stub: false, data: identityData(att), contentType: att.contentType };
  return out;
}

/**
 * One pass of couch_replicator: the source's changes after `since` that pass `filter`, and for
 * each every leaf the target lacks (its `_revs_diff`), written there with its history as
 * `new_edits=false` writes (`_bulk_docs`), attachments included. Returns the source seq it went
 * through.
 */
export function replicateChanges(
  source: CouchDatabase,
  target: CouchDatabase,
  since: number,
  filter: (doc: StoredDoc) => boolean,
  stats: ReplicationStats,
): number {
  let position = since;
  for (;;) {
    const { docs } = source.changesAfter(position, 1000, false);
    if (docs.length === 0) return position;
    for (const doc of docs) {
      position = doc.seq;
      if (!filter(doc)) continue;
      const stored = target.docs.get(doc.id);
      for (const leaf of doc.leaves()) {
        stats.revisions_checked++;
        if (stored?.find(leaf.rev)) continue;
        stats.missing_revisions_found++;
        stats.docs_read++;
        const { start, ids } = revisionsOf(leaf);
        target.writeReplicated(
          doc.id,
          leaf.body ?? {},
          start,
          ids,
          leaf.deleted,
          attachmentsOf(leaf),
        );
        stats.docs_written++;
      }
    }
  }
}

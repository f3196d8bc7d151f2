import { CouchHttpError } from '../routes/http-io.js';
import type { CouchDatabase, StoredDoc } from './couch-store.js';

/** Where a query runs: the whole database, or one partition of a partitioned one. */
export interface QueryScope {
  db: CouchDatabase;
  /** Set on `/{db}/_partition/{partition}/...` routes. */
  partition: string | undefined;
}

/** The design document `_design/{name}`, or CouchDB's 404 `not_found` / `missing`. */
export function designDocument(db: CouchDatabase, name: string): StoredDoc {
  const doc = db.docs.get(`_design/${name}`);
  if (!doc || doc.deleted) throw new CouchHttpError(404, 'not_found', 'missing');
  return doc;
}

/** In a partitioned database a design document is partitioned unless `options.partitioned` is false. */
export function isPartitionedDesign(db: CouchDatabase, ddoc: StoredDoc): boolean {
  const options = ddoc.body.options as { partitioned?: unknown } | undefined;
  return db.partitioned && options?.partitioned !== false;
}

/** Live documents a scope's indexes see: no design documents, only the partition's when scoped. */
export function* scopeDocuments(scope: QueryScope): Iterable<StoredDoc> {
  const prefix = scope.partition === undefined ? undefined : `${scope.partition}:`;
  for (const doc of scope.db.docs.values()) {
    if (doc.deleted || doc.id.startsWith('_design/')) continue;
    if (prefix === undefined || doc.id.startsWith(prefix)) yield doc;
  }
}

/** Whether a document id lies in the scope's partition (always, for a global scope). */
export function inScope(scope: QueryScope, id: string): boolean {
  return scope.partition === undefined || id.startsWith(`${scope.partition}:`);
}

/**
 * Per-database caches of built indexes, rebuilt when the database or the design document changes
 * (the `update_seq` covers both, as design documents are documents).
 */
const caches = new WeakMap<CouchDatabase, Map<string, { seq: number; value: unknown }>>();

export function cachedIndex<T>(db: CouchDatabase, key: string, build: () => T): T {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const hit = cache.get(key);
  if (hit && hit.seq === db.updateSeq) return hit.value as T;
  const value = build();
  cache.set(key, { seq: db.updateSeq, value });
  return value;
}

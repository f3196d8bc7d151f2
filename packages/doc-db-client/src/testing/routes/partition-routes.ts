import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveExplain } from '../mango/mango-explain.js';
import { compareRaw } from '../store/collation.js';
import { type CouchDatabase, docJson } from '../store/couch-store.js';
import { type QueryScope, scopeDocuments } from '../store/design-docs.js';
import { type IndexRow, parseViewArgs, queryView } from '../views/view-engine.js';
import { compareIds } from './all-docs-routes.js';
import { serveFind } from './find-routes.js';
import { CouchHttpError, sendJson } from './http-io.js';
import { readQueryParams } from './query-params.js';
import type { RouteEnv } from './route-env.js';
import { serveSearch } from './search-routes.js';
import { serveView } from './view-routes.js';

/** `GET /{db}/_partition/{p}`. */
function partitionInfo(db: CouchDatabase, partition: string): Record<string, unknown> {
  let docCount = 0;
  let delCount = 0;
  let external = 0;
  for (const doc of db.docs.values()) {
    if (!doc.id.startsWith(`${partition}:`)) continue;
    if (doc.deleted) delCount++;
    else docCount++;
    external += doc.size;
  }
  return {
    db_name: db.name,
    sizes: { active: external, external },
    partition,
    doc_count: docCount,
    doc_del_count: delCount,
  };
}

/** `GET|POST /{db}/_partition/{p}/_all_docs`: the partition's documents, by id. */
async function servePartitionAllDocs(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  scope: QueryScope,
): Promise<void> {
  const params = await readQueryParams(req, url);
  const args = parseViewArgs(params, false, compareIds, false);
  const rows: IndexRow[] = [...scopeDocuments(scope)]
    .sort((a, b) => compareRaw(a.id, b.id))
    .map((doc) => ({ id: doc.id, key: doc.id, value: { rev: doc.rev } }));
  const withDoc = (row: { id?: string; key: unknown; value: unknown }) => {
    const stored = scope.db.docs.get(String(row.key));
    return args.includeDocs && stored ? { ...row, doc: docJson(stored) } : row;
  };
  if (args.keys) {
    // Choice (not in the reference): a key outside the partition is reported like a missing one.
    const byId = new Map(rows.map((row) => [row.id, row]));
    const found = args.keys.map((key) => {
      const row = typeof key === 'string' ? byId.get(key) : undefined;
      return row ? withDoc(row) : { key, error: 'not_found' };
    });
    return sendJson(res, 200, {
      total_rows: rows.length,
      offset: null,
      rows: found.slice(args.skip, args.skip + args.limit),
    });
  }
  const output = queryView(rows, args, compareIds, undefined);
  sendJson(res, 200, { ...output, rows: output.rows.map(withDoc) });
}

/**
 * `/{db}/_partition/{p}[/...]`: partition information, `_all_docs`, `_find`, `_explain`, views and
 * search, answered only for partitioned databases (CouchDB: 400 "database is not partitioned").
 */
export async function servePartition(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: CouchDatabase,
  path: string[],
  env: RouteEnv,
): Promise<void> {
  if (!db.partitioned) throw new CouchHttpError(400, 'bad_request', 'database is not partitioned');
  const [partition, what, ...rest] = path;
  // Choice (not in the reference): couch_partition's checks answered as 400 `illegal_partition`.
  if (!partition) throw new CouchHttpError(400, 'illegal_partition', 'Partition must not be empty');
  if (partition.startsWith('_'))
    throw new CouchHttpError(
      400,
      'illegal_partition',
      'Partition must not start with an underscore',
    );
  const scope: QueryScope = { db, partition };
  if (what === undefined) {
    if (req.method !== 'GET')
      throw new CouchHttpError(405, 'method_not_allowed', 'Only GET allowed');
    return sendJson(res, 200, partitionInfo(db, partition));
  }
  if (what === '_all_docs' && rest.length === 0) return servePartitionAllDocs(req, res, url, scope);
  if (what === '_find' && rest.length === 0) return serveFind(req, res, scope);
  if (what === '_explain' && rest.length === 0) return serveExplain(req, res, scope);
  const [ddoc, kind, name, ...more] = rest;
  if (what === '_design' && ddoc && name && more.length === 0) {
    if (kind === '_view') return serveView(req, res, url, scope, ddoc, name, env);
    if (kind === '_search') return serveSearch(req, res, url, scope, ddoc, name);
  }
  throw new CouchHttpError(404, 'not_found', 'missing');
}

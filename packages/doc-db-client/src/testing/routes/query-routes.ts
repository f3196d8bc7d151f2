import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveExplain } from '../mango/mango-explain.js';
import { serveIndex } from '../mango/mango-index.js';
import type { CouchDatabase } from '../store/couch-store.js';
import type { QueryScope } from '../store/design-docs.js';
import { serveFind } from './find-routes.js';
import { servePartition } from './partition-routes.js';
import type { RouteEnv } from './route-env.js';
import { serveSearch } from './search-routes.js';
import { serveView, serveViewQueries } from './view-routes.js';

/**
 * The query routes under `/{db}/`: `_find`, `_explain`, `_index`, `_partition/...`, and
 * `_design/{ddoc}/_view/{view}` (and its `/queries`) and `_design/{ddoc}/_search/{index}`. Resolves to false for any
 * other path, which the document routes then answer.
 */
export async function serveQueryRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: CouchDatabase,
  path: string[],
  env: RouteEnv,
): Promise<boolean> {
  const [what, ...rest] = path;
  const scope: QueryScope = { db, partition: undefined };
  if (what === '_find' && rest.length === 0) await serveFind(req, res, scope);
  else if (what === '_explain' && rest.length === 0) await serveExplain(req, res, scope);
  else if (what === '_index') await serveIndex(req, res, db, rest, env);
  else if (what === '_partition') await servePartition(req, res, url, db, rest, env);
  else if (what === '_design' && rest.length === 3 && rest[1] === '_view')
    await serveView(req, res, url, scope, rest[0] as string, rest[2] as string, env);
  else if (what === '_design' && rest.length === 4 && rest[1] === '_view' && rest[3] === 'queries')
    await serveViewQueries(req, res, url, scope, rest[0] as string, rest[2] as string, env);
  else if (what === '_design' && rest.length === 3 && rest[1] === '_search')
    await serveSearch(req, res, url, scope, rest[0] as string, rest[2] as string);
  else return false;
  return true;
}

import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatSeq, type SeqStyle } from '../changes/changes-feed.js';
import { compareRaw } from '../store/collation.js';
import type { CouchDatabase } from '../store/couch-store.js';
import { CouchHttpError, isObject, readJson, sendJson } from './http-io.js';
import { nonNegativeInt, readQueryParams } from './query-params.js';

export interface ServerContext {
  dbs: Map<string, CouchDatabase>;
  seqStyle: SeqStyle;
  /** This server's `uuid` in `GET /`. */
  uuid: string;
  /** Throws CouchDB's 401 unless the request comes from a server admin. */
  requireAdmin(): void;
}

/** What `GET /` answers: CouchDB 3.5.0's welcome, with the simulator as the vendor. */
function welcome(uuid: string): Record<string, unknown> {
  return {
    couchdb: 'Welcome',
    version: '3.5.0',
    git_sha: '11f0d36',
    uuid,
    features: [
      'quickjs',
      'access-ready',
      'partitioned',
      'pluggable-storage-engines',
      'reshard',
      'scheduler',
    ],
    vendor: { name: 'connectorkit simulator' },
  };
}

/** A weak validator for a computed answer, as CouchDB's `make_etag` gives (a quoted base-36 md5). */
export function bodyEtag(body: unknown): string {
  const hex = createHash('md5').update(JSON.stringify(body)).digest('hex');
  return `"${BigInt(`0x${hex}`).toString(36).toUpperCase()}"`;
}

/** `GET /_all_dbs` with `startkey`/`endkey`/`limit`/`skip`/`descending`. */
async function allDbs(req: IncomingMessage, url: URL, ctx: ServerContext): Promise<string[]> {
  const params = await readQueryParams(req, url);
  const start = params.get('start_key', 'startkey');
  const end = params.get('end_key', 'endkey');
  const descending = params.bool(false, 'descending');
  const inclusiveEnd = params.bool(true, 'inclusive_end');
  const skip = params.int(0, 'skip');
  const limit = params.int(Number.MAX_SAFE_INTEGER, 'limit');
  let names = [...ctx.dbs.keys()].sort(compareRaw);
  if (descending) names.reverse();
  const sign = descending ? -1 : 1;
  names = names.filter((name) => {
    if (typeof start === 'string' && sign * compareRaw(name, start) < 0) return false;
    if (typeof end !== 'string') return true;
    const c = sign * compareRaw(name, end);
    return inclusiveEnd ? c <= 0 : c < 0;
  });
  return names.slice(skip, skip + limit);
}

/** `POST /_dbs_info`. */
async function dbsInfo(req: IncomingMessage, ctx: ServerContext): Promise<unknown[]> {
  const body = await readJson(req);
  if (!isObject(body) || body.keys === undefined)
    throw new CouchHttpError(400, 'bad_request', '`keys` member must exist.');
  if (!Array.isArray(body.keys))
    throw new CouchHttpError(400, 'bad_request', '`keys` member must be an array.');
  return body.keys.map((key) => {
    const db = typeof key === 'string' ? ctx.dbs.get(key) : undefined;
    return db
      ? { key, info: db.info((n) => formatSeq(n, ctx.seqStyle)) }
      : { key, error: 'not_found' };
  });
}

/**
 * The server-level routes (`/`, `/_up`, `/_uuids`, `/_all_dbs`, `/_dbs_info`, `/_active_tasks`,
 * `/_membership`). Resolves to false for any other first segment.
 */
export async function serveServerRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  first: string | undefined,
  ctx: ServerContext,
): Promise<boolean> {
  const only = (...methods: string[]) => {
    if (!methods.includes(req.method ?? ''))
      throw new CouchHttpError(405, 'method_not_allowed', `Only ${methods.join(',')} allowed`);
  };
  switch (first) {
    case undefined:
      only('GET', 'HEAD');
      sendJson(res, 200, welcome(ctx.uuid));
      return true;
    case '_up':
      only('GET', 'HEAD');
      sendJson(res, 200, { status: 'ok', seeds: {} });
      return true;
    case '_uuids': {
      only('GET');
      const count = nonNegativeInt(url.searchParams.get('count') ?? undefined, 1);
      if (count > 1000) throw new CouchHttpError(400, 'bad_request', 'count parameter too large');
      const body = { uuids: Array.from({ length: count }, () => randomUUID().replace(/-/g, '')) };
      sendJson(res, 200, body, {
        'cache-control': 'no-cache',
        pragma: 'no-cache',
        etag: bodyEtag(body),
      });
      return true;
    }
    case '_all_dbs': {
      only('GET', 'HEAD');
      ctx.requireAdmin();
      const names = await allDbs(req, url, ctx);
      sendJson(res, 200, names, { etag: bodyEtag(names) });
      return true;
    }
    case '_dbs_info':
      only('POST');
      ctx.requireAdmin();
      sendJson(res, 200, await dbsInfo(req, ctx));
      return true;
    case '_active_tasks':
      ctx.requireAdmin();
      sendJson(res, 200, []);
      return true;
    case '_membership':
      ctx.requireAdmin();
      sendJson(res, 200, {
        all_nodes: ['nonode@nohost'],
        cluster_nodes: ['nonode@nohost'],
      });
      return true;
    default:
      return false;
  }
}

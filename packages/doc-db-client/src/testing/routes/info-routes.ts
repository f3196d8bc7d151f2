import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';
import { analyze } from '../search/lucene-match.js';
import { buildSearchIndex } from '../search/search-index.js';
import type { CouchDatabase } from '../store/couch-store.js';
import { designDocument } from '../store/design-docs.js';
import { CouchHttpError, isObject, readJson, requireJsonContent, sendJson } from './http-io.js';

const NODE = 'nonode@nohost';
const only = (req: IncomingMessage, ...methods: string[]) => {
  if (!methods.includes(req.method ?? ''))
    throw new CouchHttpError(405, 'method_not_allowed', `Only ${methods.join(',')} allowed`);
};
const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/** mem3's ranges for `q` shards: 2^32 split evenly, the last one up to `ffffffff`. */
function ranges(q: number): [number, number][] {
  const size = Math.floor(2 ** 32 / q);
  return Array.from({ length: q }, (_, i) => [
    i * size,
    i === q - 1 ? 2 ** 32 - 1 : (i + 1) * size - 1,
  ]);
}

/**
 * mem3_hash: crc32 of the id's `term_to_binary` (a binary: 131, 109, its length, its bytes); in a
 * partitioned database, of the partition (the id up to its `:`).
 */
function shardHash(db: CouchDatabase, id: string): number {
  const colon = id.indexOf(':');
  const key = db.partitioned && colon > 0 && !id.startsWith('_') ? id.slice(0, colon) : id;
  const bytes = Buffer.from(key, 'utf8');
  const term = Buffer.alloc(6 + bytes.length);
  term[0] = 131;
  term[1] = 109;
  term.writeUInt32BE(bytes.length, 2);
  bytes.copy(term, 6);
  return crc32(term);
}

/** `GET /{db}/_shards` and `GET /{db}/_shards/{docid}` on a single node. */
export function serveShards(
  req: IncomingMessage,
  res: ServerResponse,
  db: CouchDatabase,
  rest: readonly string[],
): void {
  only(req, 'GET');
  const all = ranges(db.shards);
  const name = ([a, b]: [number, number]) => `${hex8(a)}-${hex8(b)}`;
  if (rest.length === 0) {
    sendJson(res, 200, { shards: Object.fromEntries(all.map((r) => [name(r), [NODE]])) });
    return;
  }
  if (rest.length > 1) throw new CouchHttpError(404, 'not_found', 'missing');
  const hash = shardHash(db, rest[0] as string);
  const range = all.find(([a, b]) => hash >= a && hash <= b) as [number, number];
  sendJson(res, 200, { range: name(range), nodes: [NODE] });
}

const md5 = (value: unknown) => createHash('md5').update(JSON.stringify(value)).digest('hex');

/**
 * `GET /{db}/_design/{ddoc}/_info`, `.../_search_info/{index}` and `.../_search_disk_size/{index}`.
 * The simulator builds indexes when they are queried, so nothing is ever pending; sizes are the
 * JSON size of what the index holds (choice: CouchDB's are its files').
 */
export function serveDesignInfo(
  req: IncomingMessage,
  res: ServerResponse,
  db: CouchDatabase,
  ddocName: string,
  what: string,
  index: string | undefined,
): void {
  only(req, 'GET');
  const ddoc = designDocument(db, ddocName);
  if (what === '_info') {
    const size = JSON.stringify(ddoc.body.views ?? {}).length;
    sendJson(res, 200, {
      name: ddocName,
      view_index: {
        updates_pending: { minimum: 0, preferred: 0, total: 0 },
        waiting_commit: false,
        waiting_clients: 0,
        updater_running: false,
        update_seq: db.updateSeq,
        sizes: { file: size + 4096, external: size, active: size },
        signature: md5(ddoc.body.views ?? {}),
        purge_seq: db.purgeSeq,
        language: typeof ddoc.body.language === 'string' ? ddoc.body.language : 'javascript',
        compact_running: false,
        collator_versions: ['153.112'],
      },
    });
    return;
  }
  const indexes = ddoc.body.indexes;
  const definition = isObject(indexes) && index !== undefined ? indexes[index] : undefined;
  if (!isObject(definition)) throw new CouchHttpError(404, 'not_found', 'missing');
  const built = buildSearchIndex(
    { db, partition: undefined },
    ddocName,
    index as string,
    definition,
  );
  const diskSize = JSON.stringify(built.docs.map((d) => [d.id, [...d.fields.keys()]])).length;
  const name = `_design/${ddocName}/${index}`;
  if (what === '_search_disk_size') {
    sendJson(res, 200, { name, search_index: { disk_size: diskSize } });
    return;
  }
  sendJson(res, 200, {
    name,
    search_index: {
      pending_seq: db.updateSeq,
      doc_del_count: 0,
      doc_count: built.docs.length,
      disk_size: diskSize,
      committed_seq: db.updateSeq,
      signature: md5(definition),
    },
  });
}

/** `POST /_search_analyze`: the tokens an analyser makes of a text (see lucene-match.ts). */
export async function serveSearchAnalyze(req: IncomingMessage, res: ServerResponse): Promise<void> {
  only(req, 'POST');
  requireJsonContent(req);
  const body = await readJson(req);
  const field = (name: string) => (isObject(body) ? body[name] : undefined);
  const analyzer = field('analyzer');
  const text = field('text');
  if (typeof analyzer !== 'string')
    throw new CouchHttpError(400, 'bad_request', 'analyzer parameter is mandatory');
  if (typeof text !== 'string')
    throw new CouchHttpError(400, 'bad_request', 'text parameter is mandatory');
  sendJson(res, 200, { tokens: analyze(analyzer, text) });
}

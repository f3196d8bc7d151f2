import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';

// A CouchDB-shaped server whose answers cost next to nothing, so that a benchmark measures the
// clients rather than the server: every body is serialized and encoded once, at start or (pages of
// _all_docs) on first use. It answers the routes
// of doc-db-client.bench.ts only. Arg: <documents in every database's _all_docs>.
//
// - PUT|DELETE /{db}: {"ok":true}.
// - GET /{db}/{id}: the same small document for every id.
// - PUT /{db}/{id}: {"ok":true,"id":<id>,"rev":...}.
// - POST /{db}/_bulk_docs: the request is read in full, never decoded nor parsed; the answer is one success row
//   per document of a 1000-document request (the bench's batch size).
// - GET|POST /{db}/_all_docs with include_docs: the documents `doc-00000000`, `doc-00000001`, ...
//   honouring `limit` and `startkey`/`start_key` (query or JSON body), so pagers end as on CouchDB.

const count = Number(process.argv[2] ?? 0);
const rev = '1-967a00dff5e02add41819138abb3284d';
const ids = Array.from({ length: count }, (_, i) => `doc-${String(i).padStart(8, '0')}`);
const rows = ids.map((id, n) =>
  JSON.stringify({
    id,
    key: id,
    value: { rev },
    doc: { _id: id, _rev: rev, n, name: `item ${n}` },
  }),
);
const document = Buffer.from(JSON.stringify({ _id: 'seed-0000', _rev: rev, n: 0 }));
const bulkAnswer = Buffer.from(
  JSON.stringify(
    Array.from({ length: 1000 }, (_, i) => ({
      ok: true,
      id: `bulk-${String(i).padStart(8, '0')}`,
      rev,
    })),
  ),
);
/** Encoded `_all_docs` answers by first row and limit: every pager asks for the same pages. */
const pages = new Map<string, Buffer>();

function send(res: ServerResponse, status: number, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** The request body, decoded when compressed (the Cloudant SDK gzips its bodies). */
async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const coding = req.headers['content-encoding'];
  if (coding === 'gzip') return gunzipSync(raw).toString('utf8');
  if (coding === 'deflate') return inflateSync(raw).toString('utf8');
  return raw.toString('utf8');
}

/** The index of the first id at or after `key`. */
function firstIndex(key: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

async function allDocs(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const body = req.method === 'POST' ? (JSON.parse((await bodyOf(req)) || '{}') as object) : {};
  const param = (name: string): unknown => {
    const fromBody = (body as Record<string, unknown>)[name];
    if (fromBody !== undefined) return fromBody;
    const raw = url.searchParams.get(name);
    return raw === null ? undefined : JSON.parse(raw);
  };
  const start = (param('start_key') ?? param('startkey')) as string | undefined;
  const limit = Number(param('limit') ?? ids.length);
  const from = start === undefined ? 0 : firstIndex(start);
  const cacheKey = `${from}:${limit}`;
  let page = pages.get(cacheKey);
  if (!page) {
    const slice = rows.slice(from, from + limit).join(',');
    page = Buffer.from(`{"total_rows":${ids.length},"offset":${from},"rows":[${slice}]}`);
    pages.set(cacheKey, page);
  }
  send(res, 200, page);
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const [db, second] = url.pathname.slice(1).split('/');
  if (!db) return send(res, 200, '{"couchdb":"Welcome"}');
  if (second === '_all_docs') return allDocs(req, res, url);
  if (second === '_bulk_docs') {
    for await (const _ of req); // read in full, not decoded nor parsed
    return send(res, 201, bulkAnswer);
  }
  req.resume();
  if (second === undefined) return send(res, req.method === 'PUT' ? 201 : 200, '{"ok":true}');
  if (req.method === 'PUT')
    return send(
      res,
      201,
      `{"ok":true,"id":${JSON.stringify(decodeURIComponent(second))},"rev":"${rev}"}`,
    );
  return send(res, 200, document);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.send?.(`http://127.0.0.1:${address.port}`);
});

import type { IncomingMessage, ServerResponse } from 'node:http';
import { type SearchDoc, scoreDocument } from '../search/lucene-match.js';
import { LuceneParseError, parseLuceneQuery } from '../search/lucene-query.js';
import { buildSearchIndex } from '../search/search-index.js';
import { compareRaw } from '../store/collation.js';
import { docJson } from '../store/couch-store.js';
import {
  designDocument,
  inScope,
  isPartitionedDesign,
  type QueryScope,
} from '../store/design-docs.js';
import { decodeBookmark, encodeBookmark } from './bookmark.js';
import { CouchHttpError, isObject, sendJson } from './http-io.js';
import { type QueryParams, readQueryParams } from './query-params.js';

const bad = (error: string, reason: string) => new CouchHttpError(400, error, reason);
// dreyfus' max_limit defaults: 200 for global queries, 2000 in a partition.
const MAX_LIMIT = 200;
const MAX_PARTITION_LIMIT = 2000;
const UNSUPPORTED = ['counts', 'drilldown', 'group_field', 'ranges', 'highlight_fields'];

interface SortField {
  field: string;
  descending: boolean;
  type: 'string' | 'number' | undefined;
}

/** `-price<number>`, `name<string>`, `name`: Cloudant's sort syntax. */
function parseSort(value: unknown): SortField[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.map((entry) => {
    const match =
      typeof entry === 'string' ? /^(-?)([^<]+)(?:<(string|number)>)?$/.exec(entry) : null;
    if (!match) throw bad('bad_request', `Invalid sort: ${JSON.stringify(entry)}`);
    return {
      field: match[2] as string,
      descending: match[1] === '-',
      type: match[3] as SortField['type'],
    };
  });
}

function sortValue(doc: SearchDoc, sort: SortField): unknown {
  const field = doc.fields.get(sort.field);
  if (!field) return null;
  if (sort.type !== 'string' && field.numbers.length > 0) return field.numbers[0];
  return sort.type === 'number' ? null : (field.values.find((v) => typeof v !== 'number') ?? null);
}

/** Compares order values; missing values (null) sort last in either direction. */
function compareValues(a: unknown, b: unknown, descending: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const c =
    typeof a === 'number' && typeof b === 'number' ? a - b : compareRaw(String(a), String(b));
  return descending ? -c : c;
}

interface Hit {
  id: string;
  order: unknown[];
  doc: SearchDoc;
}

function readSearchQuery(params: QueryParams): string {
  const query = params.body.query ?? params.body.q ?? params.raw('q', 'query');
  if (typeof query !== 'string' || query === '')
    throw bad('query_parse_error', "Query must include a 'q' or 'query' argument");
  return query;
}

/** The sort parameter: a JSON body value, or in a query string JSON text or a bare field. */
function readSort(params: QueryParams): unknown {
  if (params.body.sort !== undefined) return params.body.sort;
  const raw = params.raw('sort');
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Checks the design document against the scope with dreyfus' messages: a partitioned index needs
 * a partition, a global one refuses it.
 */
function checkSearchScope(scope: QueryScope, partitioned: boolean): void {
  if (partitioned && scope.partition === undefined)
    throw bad('bad_request', '`partition` parameter is mandatory for queries to this index.');
  if (!partitioned && scope.partition !== undefined)
    throw bad('bad_request', '`partition` not supported on this index');
}

/** `GET|POST /{db}[/_partition/{p}]/_design/{ddoc}/_search/{index}` (Cloudant search). */
export async function serveSearch(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  scope: QueryScope,
  ddocName: string,
  indexName: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'POST')
    throw new CouchHttpError(405, 'method_not_allowed', 'Only GET,POST allowed');
  const ddoc = designDocument(scope.db, ddocName);
  const indexes = ddoc.body.indexes;
  const definition = isObject(indexes) ? indexes[indexName] : undefined;
  // Choice (not in the reference): a missing index is 404 `not_found` / `missing`.
  if (!isObject(definition)) throw new CouchHttpError(404, 'not_found', 'missing');
  checkSearchScope(scope, isPartitionedDesign(scope.db, ddoc));
  const params = await readQueryParams(req, url);
  for (const name of UNSUPPORTED) {
    if (params.body[name] !== undefined || params.raw(name) !== undefined)
      throw bad('bad_request', `\`${name}\` is not supported by the connectorkit simulator`);
  }
  const text = readSearchQuery(params);
  const max = scope.partition === undefined ? MAX_LIMIT : MAX_PARTITION_LIMIT;
  const limit = params.int(25, 'limit');
  if (limit > max)
    throw bad('query_parse_error', `Value for limit is too large, must not exceed ${max}`);
  const sort = parseSort(readSort(params));
  const includeDocs = params.bool(false, 'include_docs');
  const includeFields = params.get('include_fields');
  const bookmark = params.body.bookmark ?? params.raw('bookmark');
  // Choice (not in the reference): a parse error is 400 `bad_request` with Lucene's wording.
  let query: ReturnType<typeof parseLuceneQuery>;
  try {
    query = parseLuceneQuery(text);
  } catch (error) {
    if (error instanceof LuceneParseError) throw bad('bad_request', error.message);
    throw error;
  }
  const index = buildSearchIndex(scope, ddocName, indexName, definition);
  const hits: Hit[] = [];
  for (const doc of index.docs) {
    if (!inScope(scope, doc.id)) continue;
    const score = scoreDocument(doc, query, index.analyzerFor);
    if (score > 0)
      hits.push({ id: doc.id, doc, order: sort ? sort.map((s) => sortValue(doc, s)) : [score] });
  }
  const directions = sort ? sort.map((s) => s.descending) : [true];
  const compare = (a: { order: unknown[]; id: string }, b: { order: unknown[]; id: string }) => {
    for (let i = 0; i < directions.length; i++) {
      const c = compareValues(a.order[i] ?? null, b.order[i] ?? null, directions[i] ?? false);
      if (c !== 0) return c;
    }
    return compareRaw(a.id, b.id);
  };
  hits.sort(compare);
  const after = decodeBookmark(bookmark, () =>
    bad('bad_request', 'Invalid bookmark parameter supplied'),
  ) as { order: unknown[]; id: string } | null | undefined;
  // A bookmark of `null` is the one an empty first page hands out: start from the beginning.
  if (after != null && (!isObject(after) || !Array.isArray(after.order)))
    throw bad('bad_request', 'Invalid bookmark parameter supplied');
  const page = hits.filter((hit) => after == null || compare(hit, after) > 0).slice(0, limit);
  const last = page.at(-1);
  sendJson(res, 200, {
    total_rows: hits.length,
    bookmark: last
      ? encodeBookmark({ order: last.order, id: last.id })
      : typeof bookmark === 'string'
        ? bookmark
        : encodeBookmark(null),
    rows: page.map((hit) => ({
      id: hit.id,
      order: [...hit.order, 0],
      fields: storedFields(hit.doc, includeFields),
      ...(includeDocs ? { doc: docOf(scope, hit.id) } : {}),
    })),
  });
}

function storedFields(doc: SearchDoc, include: unknown): Record<string, unknown> {
  const wanted = Array.isArray(include) ? new Set(include.map(String)) : undefined;
  const out: Record<string, unknown> = {};
  for (const [name, field] of doc.fields) {
    if (!field.store || (wanted && !wanted.has(name))) continue;
    out[name] = field.values.length === 1 ? field.values[0] : field.values;
  }
  return out;
}

function docOf(scope: QueryScope, id: string): unknown {
  const stored = scope.db.docs.get(id);
  return stored && !stored.deleted ? docJson(stored) : null;
}

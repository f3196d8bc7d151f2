import type { IndexedItem } from './coveo-index.js';
import { fieldValues, matchesQuery, type SearchableItem } from './search-match.js';
import { parseQuery, type QueryNode, UnsupportedQueryError } from './search-query.js';
import { coveoError, requestId } from './simulator-errors.js';
import type { SimState } from './simulator-state.js';

const HIDDEN = ['data', 'compressedBinaryData', 'permissions', 'documentId'];
/** Parameters that change what comes back, and that the simulator runs. */
const SUPPORTED = new Set([
  'q',
  'aq',
  'cq',
  'numberOfResults',
  'firstResult',
  'fieldsToInclude',
  'fieldsToExclude',
  'sortCriteria',
  'enableQuerySyntax',
  'organizationId',
  'viewAllContent',
]);
/** Parameters that change only analytics, logging or ranking: taken and ignored. */
const IGNORED = new Set([
  'searchHub',
  'tab',
  'locale',
  'timezone',
  'pipeline',
  'context',
  'referrer',
  'visitorId',
  'isGuestUser',
  'actionsHistory',
  'debug',
  'analytics',
  'enableDidYouMean',
  'excerptLength',
  'retrieveFirstSentences',
  'maximumAge',
]);
const MAX_RESULTS = 1000;

/** A search the simulator refuses: 400 naming what it does not support (never silent zero results). */
const unsupported = (what: string) =>
  coveoError(
    400,
    'SIMULATOR_UNSUPPORTED_QUERY',
    `The simulator's Search API does not support ${what}`,
  );
const invalid = (message: string) => coveoError(400, 'INVALID_PARAMETER', message);

function toResult(doc: SearchableItem, include: string[] | undefined, exclude: string[]) {
  const item = doc.item;
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!HIDDEN.includes(k)) raw[k.toLowerCase()] = v;
  raw.uri = item.documentId;
  raw.source = doc.source;
  for (const k of Object.keys(raw)) {
    if ((include && !include.includes(k)) || exclude.includes(k)) delete raw[k];
  }
  return {
    title: item.title ?? '',
    uri: item.documentId,
    printableUri: item.documentId,
    clickUri: item.clickableUri ?? item.documentId,
    uniqueId: `u:${item.documentId}`,
    hasHtmlVersion: typeof item.data === 'string',
    raw,
  };
}

const fieldList = (name: string, x: unknown): string[] | Response | undefined => {
  if (x === undefined) return undefined;
  if (!Array.isArray(x) || !x.every((f) => typeof f === 'string'))
    return invalid(`${name} must be an array of field names`);
  return x.map((f: string) => f.replace(/^@/, '').toLowerCase());
};

const count = (name: string, x: unknown, fallback: number, max: number): number | Response => {
  if (x === undefined) return fallback;
  const n = typeof x === 'string' && /^\d+$/.test(x) ? Number(x) : x;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max)
    return invalid(`${name} must be a whole number from 0 to ${max}`);
  return n;
};

type Sorter = ((a: SearchableItem, b: SearchableItem) => number) | undefined;

/** `relevancy` and `nosort` keep index order (the simulator has no ranking); `date` and `@field`. */
function sorter(criteria: unknown): Sorter | Response {
  if (criteria === undefined) return undefined;
  const m =
    typeof criteria === 'string'
      ? /^\s*(relevancy|nosort|date|@\w+)(?:\s+(ascending|descending))?\s*$/i.exec(criteria)
      : null;
  if (!m)
    return unsupported(
      `the sortCriteria ${JSON.stringify(criteria)} (relevancy, nosort, date or @field, ascending or descending)`,
    );
  const key = (m[1] ?? '').toLowerCase();
  if (key === 'relevancy' || key === 'nosort') return undefined;
  const field = key === 'date' ? 'date' : key.slice(1);
  const sign = (m[2] ?? 'descending').toLowerCase() === 'ascending' ? 1 : -1;
  const value = (d: SearchableItem) => fieldValues(d, field)[0];
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    // Items without the field go last, whatever the direction.
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * sign;
    const [p, q] = [String(x), String(y)];
    return (p < q ? -1 : p > q ? 1 : 0) * sign;
  };
}

/**
 * `POST /rest/search/v2` over what is indexed (writes appear after the indexing delay): `q`, `aq`
 * and `cq` in the subset of the query syntax `parseQuery` runs, `numberOfResults`, `firstResult`,
 * `fieldsToInclude`, `fieldsToExclude`, `sortCriteria`; `totalCount` counts every match. Query
 * string parameters are read too, the body winning. An expression or a parameter it does not
 * run is a 400 `SIMULATOR_UNSUPPORTED_QUERY` naming it.
 */
async function search(state: SimState, req: Request, url: URL): Promise<Response> {
  let body: Record<string, unknown>;
  try {
    const text = await req.text();
    body = text ? JSON.parse(text) : {};
  } catch {
    return coveoError(400, 'INVALID_JSON', 'The query is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return coveoError(400, 'INVALID_JSON', 'The query must be a JSON object');
  const params: Record<string, unknown> = {};
  for (const [k, v] of url.searchParams) if (SUPPORTED.has(k)) params[k] = v;
  Object.assign(params, body);
  for (const key of Object.keys(body)) {
    if (!SUPPORTED.has(key) && !IGNORED.has(key)) return unsupported(`the parameter ${key}`);
  }
  const syntax = params.enableQuerySyntax !== false && params.enableQuerySyntax !== 'false';
  const parts: QueryNode[] = [];
  for (const name of ['q', 'aq', 'cq'] as const) {
    const text = params[name];
    if (text === undefined || text === null) continue;
    if (typeof text !== 'string') return invalid(`${name} must be a string`);
    // Without the query syntax, `q` is only words (quotes still make phrases).
    const expression = name === 'q' && !syntax ? plainWords(text) : text;
    try {
      parts.push(parseQuery(expression));
    } catch (error) {
      if (error instanceof UnsupportedQueryError)
        return unsupported(`${error.what} in ${name} at character ${error.position}`);
      throw error;
    }
  }
  const first = count('firstResult', params.firstResult, 0, Number.MAX_SAFE_INTEGER);
  if (first instanceof Response) return first;
  const size = count('numberOfResults', params.numberOfResults, 10, MAX_RESULTS);
  if (size instanceof Response) return size;
  const include = fieldList('fieldsToInclude', params.fieldsToInclude);
  if (include instanceof Response) return include;
  const exclude = fieldList('fieldsToExclude', params.fieldsToExclude) ?? [];
  if (exclude instanceof Response) return exclude;
  const sort = sorter(params.sortCriteria);
  if (sort instanceof Response) return sort;

  for (const index of state.sources.values()) index.settle();
  const query: QueryNode = { kind: 'and', nodes: parts };
  const matches: SearchableItem[] = [];
  for (const index of state.sources.values()) {
    for (const item of index.searchable.values()) {
      const doc = { item: item as IndexedItem, source: index.id };
      if (matchesQuery(doc, query)) matches.push(doc);
    }
  }
  if (sort) matches.sort(sort);
  const results = matches.slice(first, first + size).map((d) => toResult(d, include, exclude));
  return Response.json({
    totalCount: matches.length,
    totalCountFiltered: matches.length,
    duration: 1,
    searchUid: requestId(),
    results,
  });
}

/** `q` without the query syntax: its words and quoted phrases, nothing read as an operator. */
function plainWords(text: string): string {
  return (text.match(/"[^"]*"|[^\s"]+/g) ?? [])
    .map((w) => (w.startsWith('"') ? w : `"${w.replace(/["\\]/g, '\\$&')}"`))
    .join(' ');
}

/** `/rest/search/v2/html?uniqueId=`: the quick view of an indexed item. */
function quickView(state: SimState, url: URL): Response {
  const id = (url.searchParams.get('uniqueId') ?? '').replace(/^u:/, '');
  const item = [...state.sources.values()].map((index) => index.searchable.get(id)).find(Boolean);
  if (!item) return coveoError(404, 'DOCUMENT_NOT_FOUND', 'No such item');
  return new Response(`<html><body>${String(item.data ?? '')}</body></html>`, {
    headers: { 'content-type': 'text/html' },
  });
}

export function searchRoute(
  state: SimState,
  path: string,
  req: Request,
  url: URL,
): Promise<Response> | Response | undefined {
  if (path === '/rest/search/v2' && req.method === 'POST') return search(state, req, url);
  if (path === '/rest/search/v2/html') return quickView(state, url);
  return undefined;
}

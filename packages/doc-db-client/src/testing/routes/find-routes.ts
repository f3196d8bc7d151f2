import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MangoIndex } from '../mango/mango-index.js';
import {
  type FindPlan,
  type FindRequest,
  isCovering,
  parseFindRequest,
  planFind,
} from '../mango/mango-plan.js';
import { fieldValue, matchesSelector } from '../mango/selector.js';
import { collate, compareRaw } from '../store/collation.js';
import { docJson } from '../store/couch-store.js';
import { type QueryScope, scopeDocuments } from '../store/design-docs.js';
import { decodeBookmark, encodeBookmark, invalidFindBookmark } from './bookmark.js';
import { CouchHttpError, isObject, readJson, sendJson } from './http-io.js';

/** A document as the chosen index holds it: its key (null for `_all_docs`) and its id. */
interface Entry {
  key: unknown[] | null;
  id: string;
  doc: Record<string, unknown>;
}
type Position = { key: unknown[] | null; id: string };

/** The index's entries for the scope, in index order (reversed for a descending sort). */
function scan(
  scope: QueryScope,
  index: MangoIndex | undefined,
  direction: 'asc' | 'desc',
): Entry[] {
  const entries: Entry[] = [];
  for (const stored of scopeDocuments(scope)) {
    const doc = docJson(stored);
    if (!index) {
      entries.push({ key: null, id: stored.id, doc });
      continue;
    }
    const key = index.fields.map((f) => fieldValue(doc, f.field));
    // A json index holds only documents that have every indexed field (and pass its filter).
    if (key.some((value) => value === undefined)) continue;
    if (index.partialFilter && !matchesSelector(doc, index.partialFilter)) continue;
    entries.push({ key, id: stored.id, doc });
  }
  entries.sort((a, b) => comparePositions(a, b));
  return direction === 'desc' ? entries.reverse() : entries;
}

function comparePositions(a: Position, b: Position): number {
  return collate(a.key, b.key) || compareRaw(a.id, b.id);
}

function readPosition(bookmark: unknown): Position | undefined {
  const position = decodeBookmark(bookmark, invalidFindBookmark);
  if (position === undefined) return undefined;
  if (!isObject(position) || typeof position.id !== 'string' || !('key' in position))
    throw invalidFindBookmark(bookmark);
  return { key: position.key as unknown[] | null, id: position.id };
}

/** Keeps the listed fields (dotted paths build nested objects); all of them when none are listed. */
function project(
  doc: Record<string, unknown>,
  fields: string[] | undefined,
): Record<string, unknown> {
  if (!fields) return doc;
  const out: Record<string, unknown> = {};
  for (const path of fields) {
    const value = fieldValue(doc, path);
    if (value === undefined) continue;
    const parts = path.split('.');
    let target = out;
    for (const part of parts.slice(0, -1)) {
      if (!isObject(target[part])) target[part] = {};
      target = target[part] as Record<string, unknown>;
    }
    target[parts.at(-1) as string] = value;
  }
  return out;
}

const RANGE_OPS = new Set(['$eq', '$gt', '$gte', '$lt', '$lte']);

/** The selector's range conditions on a field (top level or in a top-level `$and`), as `{op: value}`. */
export function rangeOn(selector: Record<string, unknown>, field: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const take = (condition: unknown) => {
    if (!isObject(condition) || Array.isArray(condition)) out.$eq = condition;
    else if (Object.keys(condition).every((op) => op.startsWith('$')))
      for (const [op, value] of Object.entries(condition)) if (RANGE_OPS.has(op)) out[op] = value;
  };
  if (field in selector) take(selector[field]);
  if (Array.isArray(selector.$and))
    for (const part of selector.$and) if (isObject(part) && field in part) take(part[field]);
  return out;
}

/**
 * Runs a query: walks the index from the bookmark, as CouchDB scans its range of the first
 * column, until the page is full. Keys examined are the entries walked; documents examined too,
 * unless the index covers the fields asked for.
 */
function runFind(scope: QueryScope, request: FindRequest, plan: FindPlan) {
  const started = performance.now();
  const after = readPosition(request.bookmark);
  const sign = request.direction === 'desc' ? -1 : 1;
  const leading = plan.index?.fields[0]?.field;
  const range = leading === undefined ? {} : rangeOn(request.selector, leading);
  const inRange = (entry: Entry) =>
    Object.keys(range).length === 0 ||
    (leading !== undefined && matchesSelector(entry.doc, { [leading]: range }));
  const wanted = request.skip + request.limit;
  const matching: Entry[] = [];
  let examined = 0;
  for (const entry of scan(scope, plan.index, request.direction)) {
    if (matching.length >= wanted) break;
    if (after !== undefined && sign * comparePositions(entry, after) <= 0) continue;
    if (!inRange(entry)) continue;
    examined++;
    if (matchesSelector(entry.doc, request.selector)) matching.push(entry);
  }
  const page = matching.slice(request.skip, request.skip + request.limit);
  const last = page.at(-1);
  const bookmark = last
    ? encodeBookmark({ key: last.key, id: last.id })
    : typeof request.bookmark === 'string'
      ? request.bookmark
      : 'nil';
  const docsExamined = isCovering(plan.index, request.fields) ? 0 : examined;
  // mango_cursor:index_scan_warning: more than 10 documents read per result returned.
  const ratio = page.length === 0 ? docsExamined : docsExamined / page.length;
  const warnings = ratio > 10 ? [...plan.warnings, SCAN_WARNING] : plan.warnings;
  return {
    docs: page.map((entry) => project(entry.doc, request.fields)),
    bookmark,
    ...(warnings.length > 0 ? { warning: warnings.join('\n') } : {}),
    ...(request.executionStats
      ? {
          execution_stats: {
            total_keys_examined: examined,
            total_docs_examined: docsExamined,
            total_quorum_docs_examined: 0,
            results_returned: page.length,
            execution_time_ms: performance.now() - started,
          },
        }
      : {}),
  };
}

const SCAN_WARNING =
  'The number of documents examined is high in proportion to the number of results returned. Consider adding a more specific index to improve this.';

async function readFindRequest(req: IncomingMessage): Promise<FindRequest> {
  if (req.method !== 'POST')
    throw new CouchHttpError(405, 'method_not_allowed', 'Only POST allowed');
  const body = await readJson(req);
  if (!isObject(body))
    throw new CouchHttpError(400, 'bad_request', 'Request body must be a JSON object');
  return parseFindRequest(body);
}

/** `POST /{db}[/_partition/{p}]/_find`. */
export async function serveFind(
  req: IncomingMessage,
  res: ServerResponse,
  scope: QueryScope,
): Promise<void> {
  const request = await readFindRequest(req);
  sendJson(res, 200, runFind(scope, request, planFind(scope, request)));
}

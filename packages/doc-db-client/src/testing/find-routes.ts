import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeBookmark, encodeBookmark, invalidFindBookmark } from './bookmark.js';
import { collate, compareRaw } from './collation.js';
import { docJson } from './couch-store.js';
import { type QueryScope, scopeDocuments } from './design-docs.js';
import { CouchHttpError, isObject, readJson, sendJson } from './http-io.js';
import { describeIndex, type MangoIndex } from './mango-index.js';
import { type FindPlan, type FindRequest, parseFindRequest, planFind } from './mango-plan.js';
import { fieldValue, matchesSelector } from './selector.js';

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

function runFind(scope: QueryScope, request: FindRequest, plan: FindPlan) {
  const started = performance.now();
  const after = readPosition(request.bookmark);
  const sign = request.direction === 'desc' ? -1 : 1;
  const entries = scan(scope, plan.index, request.direction);
  const matching = entries.filter(
    (entry) =>
      (after === undefined || sign * comparePositions(entry, after) > 0) &&
      matchesSelector(entry.doc, request.selector),
  );
  const page = matching.slice(request.skip, request.skip + request.limit);
  const last = page.at(-1);
  const bookmark = last
    ? encodeBookmark({ key: last.key, id: last.id })
    : typeof request.bookmark === 'string'
      ? request.bookmark
      : 'nil';
  return {
    docs: page.map((entry) => project(entry.doc, request.fields)),
    bookmark,
    ...(plan.warnings.length > 0 ? { warning: plan.warnings.join('\n') } : {}),
    ...(request.executionStats
      ? {
          execution_stats: {
            total_keys_examined: plan.index ? entries.length : 0,
            total_docs_examined: entries.length,
            total_quorum_docs_examined: 0,
            results_returned: page.length,
            execution_time_ms: performance.now() - started,
          },
        }
      : {}),
  };
}

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

/** `POST /{db}[/_partition/{p}]/_explain`: the plan, in CouchDB's shape (fewer `mrargs`). */
export async function serveExplain(
  req: IncomingMessage,
  res: ServerResponse,
  scope: QueryScope,
): Promise<void> {
  const request = await readFindRequest(req);
  const plan = planFind(scope, request);
  sendJson(res, 200, {
    dbname: scope.db.name,
    index: describeIndex(plan.index),
    partitioned: scope.partition !== undefined,
    selector: request.selector,
    opts: {
      use_index: request.useIndex?.filter(Boolean) ?? [],
      bookmark: typeof request.bookmark === 'string' ? request.bookmark : 'nil',
      limit: request.limit,
      skip: request.skip,
      sort: Object.fromEntries(request.sort.map((f) => [f, request.direction])),
      fields: request.fields ?? 'all_fields',
      partition: scope.partition ?? '',
      execution_stats: request.executionStats,
    },
    limit: request.limit,
    skip: request.skip,
    fields: request.fields ?? 'all_fields',
    mrargs: {
      include_docs: true,
      view_type: 'map',
      reduce: false,
      direction: request.direction === 'desc' ? 'rev' : 'fwd',
      partition: scope.partition ?? null,
    },
  });
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { rangeOn } from '../routes/find-routes.js';
import { CouchHttpError, isObject, readJson, sendJson } from '../routes/http-io.js';
import type { QueryScope } from '../store/design-docs.js';
import { describeIndex } from './mango-index.js';
import { type FindRequest, isCovering, parseFindRequest, planFind } from './mango-plan.js';

const INDEXABLE = new Set(['$eq', '$gt', '$gte', '$lt', '$lte', '$exists', '$beginsWith']);

/** mango_selector:normalize, for display: one condition per field, several under `$and`. */
function normalise(selector: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const parts: Record<string, unknown>[] = [];
  for (const [key, condition] of Object.entries(selector)) {
    if (key === '$and' || key === '$or' || key === '$nor')
      parts.push({
        [key]: (condition as Record<string, unknown>[]).map((item) => normalise(item, prefix)),
      });
    else if (key === '$not')
      parts.push({ $not: normalise(condition as Record<string, unknown>, prefix) });
    else {
      const field = `${prefix}${key}`;
      const ops = isObject(condition) ? Object.keys(condition) : [];
      if (!isObject(condition)) parts.push({ [field]: { $eq: condition } });
      else if (ops.length > 0 && ops.every((op) => op.startsWith('$')))
        for (const op of ops) parts.push({ [field]: { [op]: condition[op] } });
      else {
        const nested = normalise(condition, `${field}.`);
        parts.push(
          ...(Array.isArray(nested.$and) ? (nested.$and as Record<string, unknown>[]) : [nested]),
        );
      }
    }
  }
  return parts.length === 1 ? (parts[0] as Record<string, unknown>) : { $and: parts };
}

/** `selector_hints`: which fields a json index could serve, and which it could not. */
function selectorHints(selector: Record<string, unknown>): Record<string, unknown>[] {
  const indexable = new Set<string>();
  const unindexable = new Set<string>();
  const walk = (part: Record<string, unknown>) => {
    for (const [key, condition] of Object.entries(part)) {
      if (key === '$and' && Array.isArray(condition)) for (const item of condition) walk(item);
      else if (key.startsWith('$')) continue;
      else if (isObject(condition) && Object.keys(condition).every((op) => INDEXABLE.has(op)))
        indexable.add(key);
      else unindexable.add(key);
    }
  };
  walk(selector);
  return [{ type: 'json', indexable_fields: [...indexable], unindexable_fields: [...unindexable] }];
}

/** The key range the view would be read over, as couch_mrview args show it. */
function keyRange(request: FindRequest, columns: string[] | undefined) {
  if (!columns) return { start_key: null, end_key: '<MAX>' };
  const start: unknown[] = [];
  const end: unknown[] = [];
  for (const column of columns) {
    const range = rangeOn(request.selector, column);
    start.push(range.$eq ?? range.$gt ?? range.$gte ?? null);
    end.push(range.$eq ?? range.$lt ?? range.$lte ?? '<MAX>');
  }
  return request.direction === 'desc'
    ? { start_key: end, end_key: start }
    : { start_key: start, end_key: end };
}

/** `POST /{db}[/_partition/{p}]/_explain`: the plan, in CouchDB 3.5's shape. */
export async function serveExplain(
  req: IncomingMessage,
  res: ServerResponse,
  scope: QueryScope,
): Promise<void> {
  if (req.method !== 'POST')
    throw new CouchHttpError(405, 'method_not_allowed', 'Only POST allowed');
  const body = await readJson(req);
  if (!isObject(body))
    throw new CouchHttpError(400, 'bad_request', 'Request body must be a JSON object');
  const request = parseFindRequest(body);
  const plan = planFind(scope, request);
  const covering = plan.index ? isCovering(plan.index, request.fields) : null;
  const fields = request.fields ?? 'all_fields';
  sendJson(res, 200, {
    dbname: scope.db.name,
    index: describeIndex(plan.index),
    partitioned: scope.partition !== undefined,
    selector: normalise(request.selector),
    opts: {
      use_index: Array.isArray(body.use_index)
        ? body.use_index
        : body.use_index
          ? [body.use_index]
          : [],
      bookmark: typeof request.bookmark === 'string' ? request.bookmark : 'nil',
      limit: request.limit,
      skip: request.skip,
      sort: Object.fromEntries(request.sort.map((f) => [f, request.direction])),
      fields,
      partition: scope.partition ?? '',
      r: 1,
      conflicts: false,
      stale: false,
      update: true,
      stable: false,
      execution_stats: request.executionStats,
      allow_fallback: body.allow_fallback !== false,
    },
    limit: request.limit,
    skip: request.skip,
    fields,
    mrargs: {
      include_docs: covering !== true,
      view_type: 'map',
      reduce: false,
      partition: scope.partition ?? null,
      ...keyRange(
        request,
        plan.index?.fields.map((f) => f.field),
      ),
      direction: request.direction === 'desc' ? 'rev' : 'fwd',
      stable: false,
      update: true,
      conflicts: 'undefined',
    },
    covering,
    index_candidates: plan.candidates.map((candidate) => ({
      index: describeIndex(candidate.index),
      analysis: {
        usable: candidate.usable,
        reasons: [{ name: candidate.reason }],
        ranking: 1,
        covering: candidate.index ? isCovering(candidate.index, request.fields) : null,
      },
    })),
    selector_hints: selectorHints(normalise(request.selector)),
  });
}

import { CouchHttpError, isObject } from '../routes/http-io.js';
import type { QueryScope } from '../store/design-docs.js';
import { listIndexes, type MangoIndex } from './mango-index.js';
import { validateSelector } from './selector.js';

/** A checked `_find` / `_explain` body. */
export interface FindRequest {
  selector: Record<string, unknown>;
  fields: string[] | undefined;
  sort: string[];
  direction: 'asc' | 'desc';
  limit: number;
  skip: number;
  bookmark: unknown;
  useIndex: [string, string | undefined] | undefined;
  executionStats: boolean;
}

/** The index a query runs on (`undefined`: the special `_all_docs` index) and any warnings. */
export interface FindPlan {
  index: MangoIndex | undefined;
  warnings: string[];
  /** Every index the query did not run on, and why (for `_explain`'s `index_candidates`). */
  candidates: { index: MangoIndex | undefined; usable: boolean; reason: string }[];
}

/** Whether the index answers `fields` without reading documents (its columns and `_id`). */
export function isCovering(index: MangoIndex | undefined, fields: string[] | undefined): boolean {
  if (!index || !fields) return false;
  const columns = new Set(index.fields.map((f) => f.field));
  return fields.every((field) => field === '_id' || columns.has(field));
}

const KNOWN_KEYS = new Set([
  'selector',
  'fields',
  'sort',
  'limit',
  'skip',
  'bookmark',
  'use_index',
  'execution_stats',
  'r',
  'conflicts',
  'update',
  'stable',
  'stale',
  'allow_fallback',
]);
const bad = (error: string, reason: string) => new CouchHttpError(400, error, reason);

function nonNegative(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  // Choice (not in the reference): mango_opts' `invalid_non_neg_integer` envelope.
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw bad('invalid_non_neg_integer', `Invalid non-negative integer for ${name}: ${value}`);
  return value;
}

function parseSort(sort: unknown): { fields: string[]; direction: 'asc' | 'desc' } {
  if (sort === undefined) return { fields: [], direction: 'asc' };
  if (!Array.isArray(sort)) throw bad('invalid_sort_json', 'Sort must be an array');
  const pairs = sort.map((entry): [string, string] => {
    if (typeof entry === 'string') return [entry, 'asc'];
    const [pair, ...more] = isObject(entry) ? Object.entries(entry) : [];
    if (!pair || more.length > 0 || (pair[1] !== 'asc' && pair[1] !== 'desc'))
      throw bad('invalid_sort_field', `Invalid sort field: ${JSON.stringify(entry)}`);
    return [pair[0], pair[1]];
  });
  const directions = new Set(pairs.map(([, direction]) => direction));
  if (directions.size > 1)
    throw bad(
      'unsupported_mixed_sort',
      'Sorts currently only support a single direction for all fields.',
    );
  return {
    fields: pairs.map(([field]) => field),
    direction: directions.has('desc') ? 'desc' : 'asc',
  };
}

function parseUseIndex(value: unknown): FindRequest['useIndex'] {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return undefined;
  const [ddoc, name] = Array.isArray(value) ? value : [value];
  if (typeof ddoc !== 'string' || (name !== undefined && typeof name !== 'string'))
    throw bad('invalid_index_name', `Invalid use_index value: ${JSON.stringify(value)}`);
  return [`_design/${ddoc.replace(/^_design\//, '')}`, name];
}

/** Checks a `_find` body, with Mango's error envelopes for each wrong part. */
export function parseFindRequest(body: Record<string, unknown>): FindRequest {
  for (const key of Object.keys(body)) {
    // Choice (not in the reference): unknown keys are mango_opts' 400 `invalid_key`.
    if (!KNOWN_KEYS.has(key)) throw bad('invalid_key', `Invalid key ${key} for find request`);
  }
  if (body.selector === undefined)
    throw bad('missing_required_key', 'Missing required key: selector');
  validateSelector(body.selector);
  const fields = body.fields;
  if (fields !== undefined && (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string')))
    throw bad('invalid_field_json', 'Fields must be an array of strings');
  const sort = parseSort(body.sort);
  return {
    selector: body.selector,
    fields: fields as string[] | undefined,
    sort: sort.fields,
    direction: sort.direction,
    limit: nonNegative('limit', body.limit, 25),
    skip: nonNegative('skip', body.skip, 0),
    bookmark: body.bookmark,
    useIndex: parseUseIndex(body.use_index),
    executionStats: body.execution_stats === true,
  };
}

/** Fields the selector requires to exist: top-level (and `$and`) conditions, bar `$exists: false`. */
function requiredFields(selector: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  for (const [key, condition] of Object.entries(selector)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const part of condition)
        if (isObject(part)) for (const f of requiredFields(part)) out.add(f);
    } else if (!key.startsWith('$') && !(isObject(condition) && condition.$exists === false)) {
      out.add(key);
    }
  }
  return out;
}

/**
 * Picks the index as Mango does (mango_idx_view:is_usable): a json index is usable when the scope
 * matches (partitioned indexes only in partition queries), every column is required by the
 * selector, and the sort fields are its leading columns; partial indexes only through `use_index`.
 * Choice: among several usable indexes the one with the most columns wins, then the first by name.
 */
export function planFind(scope: QueryScope, request: FindRequest): FindPlan {
  const required = requiredFields(request.selector);
  const named = (index: MangoIndex) =>
    request.useIndex !== undefined &&
    index.ddoc === request.useIndex[0] &&
    (request.useIndex[1] === undefined || index.name === request.useIndex[1]);
  // Why each json index cannot serve the query (mango_idx_view:is_usable), if it cannot.
  const unusable = (index: MangoIndex): string | undefined => {
    if (index.partitioned !== (scope.partition !== undefined)) return 'scope_mismatch';
    if (index.partialFilter !== undefined && !named(index)) return 'is_partial';
    if (!index.fields.every((f) => required.has(f.field))) return 'field_mismatch';
    if (!request.sort.every((field, i) => index.fields[i]?.field === field))
      return 'field_mismatch';
    return undefined;
  };
  const all = listIndexes(scope.db);
  const usable = all.filter((index) => unusable(index) === undefined);
  const sortsById =
    request.sort.length === 0 || (request.sort.length === 1 && request.sort[0] === '_id');
  const warnings: string[] = [];
  const wanted = usable.find(named);
  if (request.useIndex && !wanted)
    warnings.push(
      `${request.useIndex.filter(Boolean).join(', ')} was not used because it does not contain a valid index for this query.`,
    );
  const index = wanted ?? [...usable].sort((a, b) => b.fields.length - a.fields.length)[0];
  if (!index && !sortsById)
    throw bad('no_usable_index', 'No index exists for this sort, try indexing by the sort fields.');
  if (!index) warnings.push('No matching index found, create an index to optimize query time.');
  const candidates: FindPlan['candidates'] = all
    .filter((other) => other !== index)
    .map((other) => {
      const reason = unusable(other);
      if (reason) return { index: other, usable: false, reason };
      return { index: other, usable: true, reason: wanted ? 'excluded_by_user' : 'less_overlap' };
    });
  if (index)
    candidates.push({
      index: undefined,
      usable: sortsById,
      reason: sortsById ? 'unfavored_type' : 'field_mismatch',
    });
  return { index, warnings, candidates };
}

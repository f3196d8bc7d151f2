import { CouchHttpError } from '../routes/http-io.js';
import type { QueryParams } from '../routes/query-params.js';
import { compareRaw } from '../store/collation.js';
import { BuiltinReduceError, type Reducer } from './reducers.js';

/** One row of a built index: what `emit(key, value)` produced for document `id`. */
export interface IndexRow {
  id: string;
  key: unknown;
  value: unknown;
}

/** The view query arguments CouchDB accepts (in a POST body or as JSON query parameters). */
export interface ViewArgs {
  keys: unknown[] | undefined;
  startKey: unknown;
  startDocId: string | undefined;
  endKey: unknown;
  endDocId: string | undefined;
  inclusiveEnd: boolean;
  descending: boolean;
  limit: number;
  skip: number;
  includeDocs: boolean;
  reduce: boolean;
  /** `exact` for `group=true`, a number for `group_level`, 0 for one total. */
  group: 'exact' | number;
  updateSeq: boolean;
}

const parseError = (reason: string) => new CouchHttpError(400, 'query_parse_error', reason);

/** Reads and checks view arguments the way couch_mrview_util:validate_args does. */
export function parseViewArgs(
  params: QueryParams,
  hasReduce: boolean,
  compareKey: (a: unknown, b: unknown) => number,
  /** couch_mrview_util:check_range runs for views only: `_all_docs` answers a reversed range with no rows. */
  checkRange = true,
): ViewArgs {
  const key = params.get('key');
  const keys = params.get('keys');
  if (keys !== undefined && !Array.isArray(keys)) throw parseError('`keys` must be an array');
  let startKey = params.get('start_key', 'startkey');
  let endKey = params.get('end_key', 'endkey');
  if (keys !== undefined && (key !== undefined || startKey !== undefined || endKey !== undefined))
    throw parseError('`keys` is incompatible with `key`, `start_key` and `end_key`');
  if (key !== undefined) {
    startKey = key;
    endKey = key;
  }
  const descending = params.bool(false, 'descending');
  if (checkRange && startKey !== undefined && endKey !== undefined) {
    const order = compareKey(startKey, endKey) * (descending ? -1 : 1);
    if (order > 0)
      throw parseError(
        `No rows can match your key range, reverse your start_key and end_key or set descending=${!descending}`,
      );
  }
  const reduce = params.bool(hasReduce, 'reduce');
  if (reduce && !hasReduce) throw parseError('Reduce is invalid for map-only views.');
  const groupLevel = params.body.group_level ?? params.raw('group_level');
  const groupFlag = params.bool(false, 'group');
  const grouping = groupFlag || groupLevel !== undefined;
  if (grouping && !hasReduce) throw parseError('Invalid use of grouping on a map view.');
  const group = groupFlag ? 'exact' : params.int(0, 'group_level');
  const includeDocs = params.bool(false, 'include_docs');
  if (includeDocs && reduce) throw parseError('`include_docs` is invalid for reduce');
  if (reduce && keys !== undefined && keys.length > 1 && group !== 'exact')
    throw parseError('Multi-key fetchs for reduce views must use `group=true`');
  // Document ids are plain strings in a query string (not JSON), JSON strings in a body.
  const id = (name: string, alias: string) => {
    const value = params.body[name] ?? params.body[alias] ?? params.raw(name, alias);
    return value === undefined ? undefined : String(value);
  };
  return {
    keys,
    startKey,
    startDocId: id('start_key_doc_id', 'startkey_docid'),
    endKey,
    endDocId: id('end_key_doc_id', 'endkey_docid'),
    inclusiveEnd: key !== undefined || params.bool(true, 'inclusive_end'),
    descending,
    limit: params.int(Number.MAX_SAFE_INTEGER, 'limit'),
    skip: params.int(0, 'skip'),
    includeDocs,
    reduce,
    group,
    updateSeq: params.bool(false, 'update_seq'),
  };
}

/** Sorts index rows in view order: by key, then by document id. */
export function sortRows(rows: IndexRow[], compareKey: (a: unknown, b: unknown) => number): void {
  rows.sort((a, b) => compareKey(a.key, b.key) || compareRaw(a.id, b.id));
}

export interface ViewOutput {
  total_rows?: number;
  offset?: number;
  rows: { id?: string; key: unknown; value: unknown }[];
}

/** Answers a view query from `rows` (already in view order). */
export function queryView(
  rows: IndexRow[],
  args: ViewArgs,
  compareKey: (a: unknown, b: unknown) => number,
  reducer: Reducer | undefined,
): ViewOutput {
  const direction = args.descending ? -1 : 1;
  const ordered = args.descending ? [...rows].reverse() : rows;
  // Where a row sits against (key, docId) in the query's direction; no docId: the key decides.
  const against = (row: IndexRow, key: unknown, docId: string | undefined) =>
    direction * (compareKey(row.key, key) || (docId === undefined ? 0 : compareRaw(row.id, docId)));
  let selected: IndexRow[];
  if (args.keys) {
    selected = args.keys.flatMap((key) => ordered.filter((row) => compareKey(row.key, key) === 0));
  } else {
    selected = ordered.filter((row) => {
      if (args.startKey !== undefined && against(row, args.startKey, args.startDocId) < 0)
        return false;
      if (args.endKey === undefined) return true;
      const end = against(row, args.endKey, args.endDocId);
      return args.inclusiveEnd ? end <= 0 : end < 0;
    });
  }
  if (args.reduce && reducer) {
    const groups = groupRows(selected, args.group, compareKey);
    return {
      rows: groups.slice(args.skip, args.skip + args.limit).map((group) => ({
        key: group.key,
        value: reduceGroup(reducer, group.rows),
      })),
    };
  }
  const page = selected.slice(args.skip, args.skip + args.limit);
  const first = page[0];
  return {
    total_rows: rows.length,
    offset: first ? ordered.indexOf(first) : rows.length,
    rows: page.map((row) => ({ id: row.id, key: row.key, value: row.value })),
  };
}

/** One group's value; a built-in that cannot reduce it gives its error as the value, as CouchDB does. */
function reduceGroup(reducer: Reducer, rows: IndexRow[]): unknown {
  try {
    return reducer(
      rows.map((row) => [row.key, row.id]),
      rows.map((row) => row.value),
    );
  } catch (error) {
    if (error instanceof BuiltinReduceError) return error.toJSON();
    throw error;
  }
}

function groupRows(
  rows: IndexRow[],
  group: 'exact' | number,
  compareKey: (a: unknown, b: unknown) => number,
): { key: unknown; rows: IndexRow[] }[] {
  const groupKey = (key: unknown) =>
    group === 'exact' ? key : group === 0 ? null : Array.isArray(key) ? key.slice(0, group) : key;
  const groups: { key: unknown; rows: IndexRow[] }[] = [];
  for (const row of rows) {
    const key = groupKey(row.key);
    const last = groups.at(-1);
    if (last && compareKey(last.key, key) === 0) last.rows.push(row);
    else groups.push({ key, rows: [row] });
  }
  // No rows and no grouping: CouchDB answers an empty list, not a null total.
  return groups;
}

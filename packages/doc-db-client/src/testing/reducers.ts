import { CouchHttpError } from './http-io.js';
import { compileFunction } from './js-sandbox.js';

/** Reduces one group: `keys` are `[key, docId]` pairs, as CouchDB passes them to JS reducers. */
export type Reducer = (keys: [unknown, string][], values: unknown[]) => unknown;

// Choice (not in the reference): a failing built-in reduce fails the whole query with 500
// `builtin_reduce_error` and CouchDB's message for `_sum`; a change here is one line.
const SUM_ERROR =
  'The _sum function requires that map values be numbers, arrays of numbers, or objects. Objects cannot be mixed with other data structures.';
const reduceError = (reason: string) => new CouchHttpError(500, 'builtin_reduce_error', reason);

function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'number' && Array.isArray(b)) return add([a], b);
  if (Array.isArray(a) && typeof b === 'number') return add(a, [b]);
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: unknown[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(add(a[i] ?? 0, b[i] ?? 0));
    return out;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const [key, value] of Object.entries(b))
      out[key] = key in out ? add(out[key], value) : value;
    return out;
  }
  throw reduceError(SUM_ERROR);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stats(values: unknown[]): Record<string, number> {
  const numbers = values.map((value) => {
    if (typeof value !== 'number')
      throw reduceError('The _stats function requires that map values be numbers');
    return value;
  });
  return {
    sum: numbers.reduce((a, b) => a + b, 0),
    count: numbers.length,
    min: Math.min(...numbers),
    max: Math.max(...numbers),
    sumsqr: numbers.reduce((a, b) => a + b * b, 0),
  };
}

const BUILTINS: Record<string, Reducer> = {
  _count: (_keys, values) => values.length,
  _sum: (_keys, values) =>
    values.length === 0
      ? 0
      : values.slice(1).reduce((total, value) => add(total, value), values[0]),
  _stats: (_keys, values) => stats(values),
  // Exact rather than HyperLogLog: it counts distinct keys, as CouchDB's does.
  _approx_count_distinct: (keys) => new Set(keys.map(([key]) => JSON.stringify(key))).size,
};

/** The reducer a view's `reduce` names: a built-in (`_count`, `_sum`, `_stats`) or a JS function. */
export function compileReducer(source: unknown, view: string): Reducer {
  if (typeof source === 'string' && source.trim().startsWith('_')) {
    const builtin = BUILTINS[source.trim()];
    // Choice (not in the reference): an unknown built-in is 400 `invalid_design_doc` at query time.
    if (!builtin)
      throw new CouchHttpError(
        400,
        'invalid_design_doc',
        `Builtin reduce function ${source.trim()} is not supported in view ${view}`,
      );
    return builtin;
  }
  const fn = compileFunction(source, {}, `reduce function in the '${view}' view`);
  // One call per group with rereduce=false: enough for commutative reducers, which CouchDB requires.
  return (keys, values) => fn.call(JSON.stringify([keys, values, false]));
}

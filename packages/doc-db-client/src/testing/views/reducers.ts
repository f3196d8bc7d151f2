import { CouchHttpError } from '../routes/http-io.js';
import { compileFunction } from './js-sandbox.js';

/** Reduces one group: `keys` are `[key, docId]` pairs, as CouchDB passes them to JS reducers. */
export type Reducer = (keys: [unknown, string][], values: unknown[]) => unknown;

const SUM_ERROR =
  'The _sum function requires that map values be numbers, arrays of numbers, or objects. Objects cannot be mixed with other data structures. Objects can be arbitrarily nested, provided that the values for all fields are themselves numbers, arrays of numbers, or objects.';
// Choice (not in the reference): a failing `_stats` fails the whole query with a 500.
const reduceError = (reason: string) => new CouchHttpError(500, 'builtin_reduce_error', reason);

/**
 * A `_sum` over values it cannot add. CouchDB 3.5 answers the query anyway and puts the error in
 * the row's value: `{error: "builtin_reduce_error", reason, caused_by}`.
 */
export class BuiltinReduceError extends Error {
  constructor(
    readonly reason: string,
    readonly causedBy: unknown,
  ) {
    super(reason);
  }

  toJSON(): Record<string, unknown> {
    return { error: 'builtin_reduce_error', reason: this.reason, caused_by: this.causedBy };
  }
}

const summable = (v: unknown) => typeof v === 'number' || Array.isArray(v) || isPlainObject(v);

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
  throw new BuiltinReduceError(SUM_ERROR, summable(b) ? a : b);
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
  _sum: (_keys, values) => {
    if (values.length === 0) return 0;
    if (!summable(values[0])) throw new BuiltinReduceError(SUM_ERROR, values[0]);
    return values.slice(1).reduce((total, value) => add(total, value), values[0]);
  },
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

import * as v from 'valibot';
import { isPlainObject } from '../internal/options-schemas.js';
import { IdSchema } from '../internal/text-rules.js';

/** The five partial-update operators of stream-enabled (Catalog) sources. */
export type PartialUpdateOperator =
  | 'fieldValueReplace'
  | 'arrayAppend'
  | 'arrayRemove'
  | 'dictionaryPut'
  | 'dictionaryRemove';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One partial update: change `field` of the existing item `documentId`. */
export type PartialUpdate =
  | { documentId: string; operator: 'fieldValueReplace'; field: string; value: Json }
  | { documentId: string; operator: 'arrayAppend' | 'arrayRemove'; field: string; value: Json[] }
  | { documentId: string; operator: 'dictionaryPut'; field: string; value: Record<string, Json> }
  | { documentId: string; operator: 'dictionaryRemove'; field: string; value: string | string[] };

/** A value JSON carries as it is: no cycle, no BigInt, no function, no NaN or Infinity. */
function isJson(x: unknown, depth: number, path: Set<object>): boolean {
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return true;
  if (typeof x === 'number') return Number.isFinite(x);
  if (typeof x !== 'object' || depth > 64 || path.has(x)) return false;
  if (!Array.isArray(x) && !isPlainObject(x)) return false;
  path.add(x);
  const ok = Object.values(x).every((item) => isJson(item, depth + 1, path));
  path.delete(x);
  return ok;
}
const JSON_RULE = 'must be JSON: strings, finite numbers, booleans, null, arrays and plain objects';
const JsonValue = v.custom<Json>((x) => isJson(x, 0, new Set()), JSON_RULE);

const base = {
  documentId: IdSchema,
  field: v.pipe(
    v.string('must be a string'),
    v.check(
      (k) => /^[a-z]+[a-z0-9_]*$/.test(k.toLowerCase()),
      'field names must match ^[a-z]+[a-z0-9_]*$',
    ),
  ),
};
const Dict = v.pipe(
  v.custom<Record<string, Json>>(
    (x) => typeof x === 'object' && x !== null && !Array.isArray(x),
    'dictionaryPut takes an object of keys to put',
  ),
  v.check((x) => isJson(x, 0, new Set()), JSON_RULE),
);

/**
 * The value rules per operator (the Java client's checks): replace takes any value, the array
 * operators an array, `dictionaryPut` an object, `dictionaryRemove` a key or an array of keys.
 */
export const PartialUpdateSchema: v.GenericSchema<unknown, PartialUpdate> = v.variant(
  'operator',
  [
    v.object({
      ...base,
      operator: v.literal('fieldValueReplace'),
      value: v.pipe(
        v.custom<Json>((x) => x !== undefined, 'fieldValueReplace needs a value'),
        JsonValue,
      ),
    }),
    v.object({
      ...base,
      operator: v.picklist(['arrayAppend', 'arrayRemove']),
      value: v.array(JsonValue, 'arrayAppend and arrayRemove take an array'),
    }),
    v.object({ ...base, operator: v.literal('dictionaryPut'), value: Dict }),
    v.object({
      ...base,
      operator: v.literal('dictionaryRemove'),
      value: v.union(
        [v.string(), v.array(v.string())],
        'dictionaryRemove takes a key or an array of keys',
      ),
    }),
  ],
  'operator must be fieldValueReplace, arrayAppend, arrayRemove, dictionaryPut or dictionaryRemove',
) as v.GenericSchema<unknown, PartialUpdate>;

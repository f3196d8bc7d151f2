import * as v from 'valibot';

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

const base = {
  documentId: v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty')),
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
      value: v.custom<Json>((x) => x !== undefined, 'fieldValueReplace needs a value'),
    }),
    v.object({
      ...base,
      operator: v.picklist(['arrayAppend', 'arrayRemove']),
      value: v.array(
        v.custom<Json>(() => true),
        'arrayAppend and arrayRemove take an array',
      ),
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

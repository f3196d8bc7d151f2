import * as v from 'valibot';
import type { DocumentBody } from './document-builder.js';
import { invalid } from './internal/check.js';
import type { CoveoTransport } from './platform-options.js';
import { AnyAnswerSchema, JsonObject } from './schemas.js';

/** Index field types the analyser can infer. */
export type FieldType = 'LONG' | 'LONG_64' | 'DOUBLE' | 'STRING';

/** A field to create: name, type, and facet flags for multi-value (array) fields. */
export interface FieldModel {
  name: string;
  type: FieldType;
  facet?: boolean;
  multiValueFacet?: boolean;
}

/** What {@link FieldAnalyser.report} found in the documents added so far. */
export interface FieldAnalysisReport {
  /**
   * One field per metadata key that held a string, number or boolean: its widest type
   * (`LONG` < `LONG_64` < `DOUBLE` < `STRING`), `STRING` when numbers and text were mixed, and
   * `multiValueFacet: true` when an array was seen.
   */
  fields: FieldModel[];
  /** Fields seen with incompatible types (a string in one item, a number in another). */
  inconsistencies: Map<string, Set<FieldType>>;
}

/** Keys of the wire JSON that are not metadata. */
const STANDARD = new Set([
  'documentid',
  'permanentid',
  'title',
  'data',
  'compressedbinarydata',
  'compressiontype',
  'fileextension',
  'parentid',
  'clickableuri',
  'author',
  'date',
  'modifieddate',
  'permissions',
]);
const WIDTH: Record<FieldType, number> = { LONG: 0, LONG_64: 1, DOUBLE: 2, STRING: 3 };

function scalarType(value: unknown): FieldType | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'DOUBLE';
    return value >= -(2 ** 31) && value < 2 ** 31 ? 'LONG' : 'LONG_64';
  }
  if (typeof value === 'string' || typeof value === 'boolean') return 'STRING';
  return undefined;
}

function widest(types: Iterable<FieldType>): { type: FieldType; mixed: boolean } | undefined {
  let type: FieldType | undefined;
  let numeric = false;
  let text = false;
  for (const t of types) {
    if (t === 'STRING') text = true;
    else numeric = true;
    if (type === undefined || WIDTH[t] > WIDTH[type]) type = t;
  }
  return type && { type, mixed: numeric && text };
}

/** The most pages of fields listed (1,000 fields each): a wrong `totalPages` cannot loop on. */
const MAX_FIELD_PAGES = 10_000;
const FieldPageSchema = v.pipe(
  JsonObject,
  v.looseObject({
    items: v.array(
      v.looseObject({
        name: v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty')),
      }),
      'must be an array of fields',
    ),
    totalPages: v.pipe(
      v.number('must be a number'),
      v.integer('must be a whole number'),
      v.minValue(0, 'must be 0 or more'),
      v.maxValue(MAX_FIELD_PAGES, `must be at most ${MAX_FIELD_PAGES}`),
    ),
  }),
);

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const isIterable = (x: unknown): x is Iterable<unknown> =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as Iterable<unknown>)[Symbol.iterator] === 'function';

/**
 * Infers index field types from documents and creates the missing ones, off by default.
 * One run costs one paged listing of the organization's fields and one creation call per 500
 * new fields; no privilege checks (a refused call says so itself). Names match case-insensitively.
 * @example
 * const analyser = new FieldAnalyser().add(docs);
 * await source.createFields(analyser);
 */
export class FieldAnalyser {
  readonly #seen = new Map<string, { name: string; types: Set<FieldType>; array: boolean }>();

  /** Records the metadata of these documents (builders or wire JSON). */
  add(documents: Iterable<{ marshal(): DocumentBody } | DocumentBody>): this {
    if (!isIterable(documents)) {
      throw invalid(
        'FieldAnalyser.add',
        'documents',
        'must be an array or an iterable of documents',
      );
    }
    let index = 0;
    for (const d of documents) {
      const at = `documents[${index++}]`;
      if (!isObject(d)) {
        throw invalid('FieldAnalyser.add', at, 'must be a DocumentBuilder or a document body');
      }
      const body = typeof d.marshal === 'function' ? (d.marshal as () => unknown)() : d;
      if (!isObject(body)) {
        throw invalid('FieldAnalyser.add', at, 'marshal() must return an object');
      }
      for (const [key, value] of Object.entries(body)) {
        const lower = key.toLowerCase();
        if (STANDARD.has(lower)) continue;
        const entry = this.#seen.get(lower) ?? { name: key, types: new Set(), array: false };
        const values = Array.isArray(value)
          ? value
          : typeof value === 'object' && value !== null
            ? Object.values(value).flat()
            : [value];
        if (Array.isArray(value)) entry.array = true;
        for (const item of values) {
          const t = scalarType(item);
          if (t) entry.types.add(t);
        }
        this.#seen.set(lower, entry);
      }
    }
    return this;
  }

  /**
   * The fields inferred from the documents added so far, and the keys seen with both numbers
   * and text. Sends nothing: `source.createFields(analyser)` creates the missing ones.
   */
  report(): FieldAnalysisReport {
    const fields: FieldModel[] = [];
    const inconsistencies = new Map<string, Set<FieldType>>();
    for (const { name, types, array } of this.#seen.values()) {
      const w = widest(types);
      if (!w) continue;
      if (w.mixed) inconsistencies.set(name, new Set(types));
      const type = w.mixed ? 'STRING' : w.type;
      fields.push(array ? { name, type, facet: false, multiValueFacet: true } : { name, type });
    }
    return { fields, inconsistencies };
  }

  /** @internal Lists the organization's fields, then creates the missing ones. */
  async createMissing(t: CoveoTransport, signal?: AbortSignal): Promise<FieldModel[]> {
    const existing = new Set<string>();
    for (let page = 0, pages = 1; page < pages; page++) {
      const answer = await t.platform.get('/indexes/page/fields', {
        searchParams: { page, perPage: 1000 },
        schema: FieldPageSchema,
        idempotent: true,
        signal,
      });
      for (const f of answer.items) existing.add(f.name.toLowerCase());
      // An empty page ends the listing whatever `totalPages` said.
      pages = answer.items.length === 0 ? 0 : answer.totalPages;
    }
    const missing = this.report().fields.filter((f) => !existing.has(f.name.toLowerCase()));
    const create = missing.map((f) => ({ ...f, name: f.name.toLowerCase() }));
    for (let i = 0; i < create.length; i += 500) {
      await t.platform.post('/indexes/fields/batch/create', {
        json: create.slice(i, i + 500),
        // The answer is not documented and not used: any JSON (or none) is taken.
        schema: AnyAnswerSchema,
        idempotent: false,
        signal,
      });
    }
    return create;
  }
}

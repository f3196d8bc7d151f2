import * as v from 'valibot';
import type { DocumentBody } from './document-builder.js';
import type { CoveoTransport } from './platform-options.js';

/** Index field types the analyser can infer. */
export type FieldType = 'LONG' | 'LONG_64' | 'DOUBLE' | 'STRING';

/** A field to create: name, type, and facet flags for multi-value (array) fields. */
export interface FieldModel {
  name: string;
  type: FieldType;
  facet?: boolean;
  multiValueFacet?: boolean;
}

export interface FieldAnalysisReport {
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

const FieldPageSchema = v.looseObject({
  items: v.array(v.looseObject({ name: v.string() })),
  totalPages: v.number(),
});

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
    for (const d of documents) {
      const body =
        'marshal' in d && typeof d.marshal === 'function' ? d.marshal() : (d as DocumentBody);
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
        signal,
      });
      for (const f of answer.items) existing.add(f.name.toLowerCase());
      pages = answer.totalPages;
    }
    const missing = this.report().fields.filter((f) => !existing.has(f.name.toLowerCase()));
    const create = missing.map((f) => ({ ...f, name: f.name.toLowerCase() }));
    for (let i = 0; i < create.length; i += 500) {
      await t.platform.post('/indexes/fields/batch/create', {
        json: create.slice(i, i + 500),
        signal,
      });
    }
    return create;
  }
}

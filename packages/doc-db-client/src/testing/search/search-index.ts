import { isObject } from '../routes/http-io.js';
import { docJson } from '../store/couch-store.js';
import { cachedIndex, type QueryScope, scopeDocuments } from '../store/design-docs.js';
import { compileDocumentFunction } from '../views/js-sandbox.js';
import { analyze, type SearchDoc, type SearchField } from './lucene-match.js';

/** A built Cloudant search index: the documents that indexed anything, and their analysers. */
export interface BuiltSearchIndex {
  docs: SearchDoc[];
  analyzerFor(field: string): string;
}

/** `analyzer` as Cloudant takes it: a name, `{ name }`, or `{ name: 'perfield', default, fields }`. */
function analyzers(definition: unknown): (field: string) => string {
  const name = (value: unknown) =>
    typeof value === 'string'
      ? value
      : isObject(value) && typeof value.name === 'string'
        ? value.name
        : 'standard';
  if (isObject(definition) && definition.name === 'perfield') {
    const fields = isObject(definition.fields) ? definition.fields : {};
    const fallback = name(definition.default);
    return (field) => (field in fields ? name(fields[field]) : fallback);
  }
  const single = name(definition);
  return () => single;
}

function addValue(
  doc: SearchDoc,
  name: string,
  value: unknown,
  options: unknown,
  analyzer: string,
) {
  const opts = isObject(options) ? options : {};
  let field = doc.fields.get(name);
  if (!field) {
    field = { tokens: [], numbers: [], values: [], store: false } satisfies SearchField;
    doc.fields.set(name, field);
  }
  field.values.push(value);
  if (opts.store === true) field.store = true;
  if (opts.index === false) return;
  if (typeof value === 'number') field.numbers.push(value);
  else field.tokens.push(analyze(analyzer, String(value)));
}

/** Runs the index function (with `index(name, value, options)`) over the database's documents. */
export function buildSearchIndex(
  scope: QueryScope,
  ddocName: string,
  indexName: string,
  definition: Record<string, unknown>,
): BuiltSearchIndex {
  return cachedIndex(scope.db, `search:${ddocName}/${indexName}`, () => {
    const analyzerFor = analyzers(definition.analyzer);
    const run = compileDocumentFunction(
      definition.index,
      'index',
      (name, value, options) => ({ name, value, options }),
      `index function in the '${indexName}' search index`,
    );
    const docs: SearchDoc[] = [];
    for (const stored of scopeDocuments({ db: scope.db, partition: undefined })) {
      const doc: SearchDoc = { id: stored.id, fields: new Map() };
      for (const { name, value, options } of run(docJson(stored))) {
        // Cloudant indexes strings, numbers and booleans; other values are skipped here.
        if (typeof name !== 'string' || !['string', 'number', 'boolean'].includes(typeof value))
          continue;
        addValue(doc, name, value, options, analyzerFor(name));
      }
      if (doc.fields.size > 0) docs.push(doc);
    }
    return { docs, analyzerFor };
  });
}

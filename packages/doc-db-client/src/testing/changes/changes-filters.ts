import { matchesSelector } from '../mango/selector.js';
import { CouchHttpError, isObject } from '../routes/http-io.js';
import { type CouchDatabase, docJson, type StoredDoc } from '../store/couch-store.js';
import { designDocument } from '../store/design-docs.js';
import { compileDocumentFunction, compileFunction } from '../views/js-sandbox.js';

/** Which documents a `_changes` request lists. */
export interface ChangesFilter {
  test: (doc: StoredDoc) => boolean;
  /** `_doc_ids` with few ids: CouchDB then looks the documents up instead of scanning the feed. */
  docIds: readonly string[] | undefined;
}

/** couch_changes' `changes_doc_ids_optimization_threshold`. */
const DOC_IDS_LOOKUP_LIMIT = 100;

const bad = (reason: string) => new CouchHttpError(400, 'bad_request', reason);

function jsonParam(q: URLSearchParams, name: string): unknown {
  const text = q.get(name);
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw bad('invalid UTF-8 JSON');
  }
}

function docIdsFilter(ids: unknown): ChangesFilter {
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string'))
    throw bad('`doc_ids` filter parameter is not a list of doc ids.');
  const set = new Set<string>(ids);
  return {
    test: (doc) => set.has(doc.id),
    docIds: set.size <= DOC_IDS_LOOKUP_LIMIT ? [...set] : undefined,
  };
}

/** `filter=_view&view=ddoc/view`: the documents the view's map function emits for. */
function viewFilter(db: CouchDatabase, name: unknown): ChangesFilter {
  if (typeof name !== 'string') throw bad('`view` filter parameter is not provided.');
  const [ddocName = '', viewName = ''] = name.split('/');
  const views = designDocument(db, ddocName).body.views;
  const view = isObject(views) ? views[viewName] : undefined;
  if (!isObject(view)) throw new CouchHttpError(404, 'not_found', 'missing_named_view');
  const map = compileDocumentFunction(view.map, 'emit', () => true, `map function in '${name}'`);
  return { test: (doc) => map(docJson(doc)).length > 0, docIds: undefined };
}

/** `filter=ddoc/name`: a JavaScript filter function, called with the document and the request. */
function designFilter(
  db: CouchDatabase,
  name: string,
  q: URLSearchParams,
  body: unknown,
): ChangesFilter {
  const [ddocName = '', filterName = ''] = name.split('/');
  const filters = designDocument(db, ddocName).body.filters;
  const source = isObject(filters) ? filters[filterName] : undefined;
  if (source === undefined)
    throw new CouchHttpError(404, 'not_found', 'missing json filter function');
  const fn = compileFunction(source, {}, `filter function '${name}'`);
  const request = JSON.stringify({ query: Object.fromEntries(q), body: body ?? 'undefined' });
  return {
    test: (doc) => {
      try {
        return Boolean(fn.call(`[${JSON.stringify(docJson(doc))},${request}]`));
      } catch (error) {
        // A filter that throws on a document leaves it out, as CouchDB's query server does.
        if (error instanceof CouchHttpError) throw error;
        return false;
      }
    },
    docIds: undefined,
  };
}

/** The filter a `_changes` request names (CouchDB's 400s and 404s for the ones it cannot use). */
export function changesFilter(
  db: CouchDatabase,
  q: URLSearchParams,
  body: Record<string, unknown> | undefined,
): ChangesFilter {
  const name = q.get('filter');
  if (name === null || name === '') {
    // A body with `doc_ids` and no filter is how some clients (the Cloudant SDK) ask for them.
    if (Array.isArray(body?.doc_ids)) return docIdsFilter(body.doc_ids);
    return { test: () => true, docIds: undefined };
  }
  switch (name) {
    case '_doc_ids':
      return docIdsFilter(body?.doc_ids ?? jsonParam(q, 'doc_ids'));
    case '_selector': {
      const selector = body?.selector ?? jsonParam(q, 'selector');
      if (!isObject(selector)) throw bad('Selector must be specified in POST payload');
      return {
        test: (doc) => !doc.deleted && matchesSelector(docJson(doc), selector),
        docIds: undefined,
      };
    }
    case '_design':
      return { test: (doc) => doc.id.startsWith('_design/'), docIds: undefined };
    case '_view':
      return viewFilter(db, q.get('view') ?? undefined);
    default:
      if (!name.includes('/'))
        throw bad('`filter` parameter must be of the form `designname/filtername`');
      return designFilter(db, name, q, body);
  }
}

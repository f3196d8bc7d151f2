import type { IncomingMessage, ServerResponse } from 'node:http';
import { collate } from '../store/collation.js';
import { docJson } from '../store/couch-store.js';
import {
  cachedIndex,
  designDocument,
  inScope,
  isPartitionedDesign,
  type QueryScope,
  scopeDocuments,
} from '../store/design-docs.js';
import { compileDocumentFunction } from '../views/js-sandbox.js';
import { compileReducer, type Reducer } from '../views/reducers.js';
import { type IndexRow, parseViewArgs, queryView, sortRows } from '../views/view-engine.js';
import { CouchHttpError, isObject, sendJson } from './http-io.js';
import { type QueryParams, queryParams, readQueryParams } from './query-params.js';
import type { RouteEnv } from './route-env.js';

interface BuiltView {
  rows: IndexRow[];
  reducer: Reducer | undefined;
}

/** Runs the view's map function over every document (design documents excluded), in view order. */
function buildView(scope: QueryScope, view: Record<string, unknown>, name: string): BuiltView {
  const map = compileDocumentFunction(
    view.map,
    'emit',
    (key, value) => ({ key, value }),
    `map function in the '${name}' view`,
  );
  const reducer = view.reduce === undefined ? undefined : compileReducer(view.reduce, name);
  const rows: IndexRow[] = [];
  for (const doc of scopeDocuments({ db: scope.db, partition: undefined })) {
    for (const { key, value } of map(docJson(doc))) rows.push({ id: doc.id, key, value });
  }
  sortRows(rows, collate);
  return { rows, reducer };
}

/**
 * Checks that a design document suits the scope, with CouchDB's messages: a partitioned one needs
 * a partition, a global one refuses it (couch_mrview_util:validate_args).
 */
function checkViewScope(scope: QueryScope, partitioned: boolean): void {
  if (partitioned && scope.partition === undefined)
    throw new CouchHttpError(
      400,
      'query_parse_error',
      '`partition` parameter is mandatory for queries to this view.',
    );
  if (!partitioned && scope.partition !== undefined)
    throw new CouchHttpError(
      400,
      'query_parse_error',
      '`partition` parameter is not supported in this design doc',
    );
}

/** The view's definition and its built index, or CouchDB's 404 / scope errors. */
function openView(scope: QueryScope, ddocName: string, viewName: string): BuiltView {
  const ddoc = designDocument(scope.db, ddocName);
  checkViewScope(scope, isPartitionedDesign(scope.db, ddoc));
  const views = ddoc.body.views;
  const view = isObject(views) ? views[viewName] : undefined;
  if (!isObject(view)) throw new CouchHttpError(404, 'not_found', 'missing_named_view');
  return cachedIndex(scope.db, `view:${ddocName}/${viewName}`, () =>
    buildView(scope, view, viewName),
  );
}

/** `GET|POST /{db}[/_partition/{p}]/_design/{ddoc}/_view/{view}`. */
export async function serveView(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  scope: QueryScope,
  ddocName: string,
  viewName: string,
  env: RouteEnv,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'POST')
    throw new CouchHttpError(405, 'method_not_allowed', 'Only GET,POST,HEAD allowed');
  const built = openView(scope, ddocName, viewName);
  const params = await readQueryParams(req, url);
  sendJson(res, 200, viewAnswer(scope, built, params, env));
}

/**
 * `POST /{db}/_design/{ddoc}/_view/{view}/queries` (chttpd_view multi_query_view): each query's
 * members over the query string's, the answers in `results`.
 */
export async function serveViewQueries(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  scope: QueryScope,
  ddocName: string,
  viewName: string,
  env: RouteEnv,
): Promise<void> {
  if (req.method !== 'POST')
    throw new CouchHttpError(405, 'method_not_allowed', 'Only POST allowed');
  const built = openView(scope, ddocName, viewName);
  const params = await readQueryParams(req, url);
  const queries = params.body.queries;
  if (!Array.isArray(queries))
    throw new CouchHttpError(400, 'bad_request', 'Request body must include a list of `queries`');
  const results = queries.map((query) => {
    if (!isObject(query))
      throw new CouchHttpError(400, 'bad_request', 'Each query must be an object');
    return viewAnswer(scope, built, queryParams(query, url.searchParams), env);
  });
  sendJson(res, 200, { results });
}

function viewAnswer(
  scope: QueryScope,
  built: BuiltView,
  params: QueryParams,
  env: RouteEnv,
): Record<string, unknown> {
  const args = parseViewArgs(params, built.reducer !== undefined, collate);
  const rows =
    scope.partition === undefined ? built.rows : built.rows.filter((r) => inScope(scope, r.id));
  const output = queryView(rows, args, collate, built.reducer);
  const body: Record<string, unknown> = { ...output };
  if (args.includeDocs) {
    body.rows = output.rows.map((row) => ({ ...row, doc: linkedDoc(scope, row) }));
  }
  if (args.updateSeq) body.update_seq = env.formatSeq(scope.db.updateSeq);
  return body;
}

/** `include_docs`: the row's document, or the one an emitted `{_id}` value links to (or null). */
function linkedDoc(scope: QueryScope, row: { id?: string; value: unknown }): unknown {
  const linked = isObject(row.value) && typeof row.value._id === 'string' ? row.value._id : row.id;
  const doc = linked === undefined ? undefined : scope.db.docs.get(linked);
  return doc && !doc.deleted ? docJson(doc) : null;
}

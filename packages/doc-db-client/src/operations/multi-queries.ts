import * as v from 'valibot';
import type { OperationContext } from '../internal/context.js';
import { anyName, dbPath, designFunctionPath } from '../internal/paths.js';
import { checked, isRecord, optional, type Rule, type Rules } from '../internal/rules.js';
import { jsonObject } from '../schemas/common.js';
import { type ViewResult, ViewResultSchema } from '../schemas/responses.js';
import { DB, type DbParams } from './databases.js';
import { postedRead, streamOf } from './queries.js';
import { VIEW_QUERY } from './query-rules.js';
import { headerValue } from './shared.js';
import { type ViewQuery, viewQueryBody } from './view-query.js';

/** The answer of a `/queries` call: one result per query, in order. */
export const QueriesResultSchema = jsonObject({ results: v.array(ViewResultSchema) });
/** What a `/queries` call answers: one `_all_docs` or view result per query, in order. */
export type QueriesResult = { results: ViewResult[] };

type ViewParams = DbParams & { ddoc: string; view: string };
type Queries = { queries: ViewQuery[] };

/**
 * Several queries in one request (`_all_docs/queries`, a view's `/queries`,
 * `_design_docs/queries`), and `_design_docs`.
 */
export interface MultiQueryOperations {
  /** POST `/{db}/_all_docs/queries`: several `_all_docs` queries in one request. */
  postAllDocsQueries(params: DbParams & Queries): Promise<QueriesResult>;
  /**
   * {@link MultiQueryOperations.postAllDocsQueries | postAllDocsQueries}: the same request, with
   * the answer's body as an unparsed stream (raw IO, no schema check), for large results. An error
   * status still rejects with a `DocDbError`.
   */
  postAllDocsQueriesAsStream(params: DbParams & Queries): Promise<ReadableStream<Uint8Array>>;
  /** POST `/{db}/_design/{ddoc}/_view/{view}/queries`: several queries of one view. */
  postViewQueries(params: ViewParams & Queries): Promise<QueriesResult>;
  /**
   * {@link MultiQueryOperations.postViewQueries | postViewQueries}: the same request, with the
   * answer's body as an unparsed stream (raw IO, no schema check), for large results. An error
   * status still rejects with a `DocDbError`.
   */
  postViewQueriesAsStream(params: ViewParams & Queries): Promise<ReadableStream<Uint8Array>>;
  /** POST `/{db}/_design_docs`: `_all_docs` of the design documents only. */
  postDesignDocs(
    params: DbParams & Omit<ViewQuery, 'reduce' | 'group' | 'groupLevel'>,
  ): Promise<ViewResult>;
  /** POST `/{db}/_design_docs/queries`. */
  postDesignDocsQueries(params: DbParams & Queries & { accept?: string }): Promise<QueriesResult>;
}

/** Each query checked by the rules of a single one, named by its index (`queries.1.limit`). */
const queries: Rule = {
  schema: v.array(
    v.pipe(
      v.custom<Record<string, unknown>>(isRecord, 'must be an object of query parameters'),
      v.looseObject(
        Object.fromEntries(Object.entries(VIEW_QUERY).map(([key, rule]) => [key, rule.schema])),
      ),
    ),
    'must be an array of queries',
  ),
  test: (x) =>
    Array.isArray(x) &&
    x.every((q) => isRecord(q) && Object.entries(VIEW_QUERY).every(([k, r]) => r.test(q[k]))),
};
const QUERIES: Rules = { ...DB, queries };
const VIEW_QUERIES: Rules = { ...QUERIES, ddoc: anyName, view: anyName };

const body = (p: Queries) => ({ queries: p.queries.map(viewQueryBody) });

type Params<K extends keyof MultiQueryOperations> = Parameters<MultiQueryOperations[K]>[0];

export function multiQueryOperations(context: OperationContext): MultiQueryOperations {
  const { http } = context;
  const read = (method: string, p: DbParams, payload: unknown) =>
    postedRead(context, method, p, payload);
  const allDocs = (p: DbParams) => `${dbPath(p.db)}/_all_docs/queries`;
  const view = (p: ViewParams) => `${designFunctionPath(p, '_view', 'view', p.view)}/queries`;
  return {
    postAllDocsQueries: checked('postAllDocsQueries', QUERIES, (p: Params<'postAllDocsQueries'>) =>
      http.post(allDocs(p), {
        ...read('postAllDocsQueries', p, body(p)),
        schema: QueriesResultSchema,
      }),
    ),
    postAllDocsQueriesAsStream: checked(
      'postAllDocsQueriesAsStream',
      QUERIES,
      (p: Params<'postAllDocsQueries'>) =>
        streamOf(http, allDocs(p), read('postAllDocsQueriesAsStream', p, body(p))),
    ),
    postViewQueries: checked('postViewQueries', VIEW_QUERIES, (p: Params<'postViewQueries'>) =>
      http.post(view(p), { ...read('postViewQueries', p, body(p)), schema: QueriesResultSchema }),
    ),
    postViewQueriesAsStream: checked(
      'postViewQueriesAsStream',
      VIEW_QUERIES,
      (p: Params<'postViewQueries'>) =>
        streamOf(http, view(p), read('postViewQueriesAsStream', p, body(p))),
    ),
    postDesignDocs: checked(
      'postDesignDocs',
      { ...DB, ...VIEW_QUERY },
      (p: Params<'postDesignDocs'>) =>
        http.post(`${dbPath(p.db)}/_design_docs`, {
          ...read('postDesignDocs', p, viewQueryBody(p)),
          schema: ViewResultSchema,
        }),
    ),
    postDesignDocsQueries: checked(
      'postDesignDocsQueries',
      { ...QUERIES, accept: optional(headerValue) },
      (p: Params<'postDesignDocsQueries'>) => {
        const options = read('postDesignDocsQueries', p, body(p));
        return http.post(`${dbPath(p.db)}/_design_docs/queries`, {
          ...options,
          headers: { ...options.headers, accept: p.accept, ...p.headers },
          schema: QueriesResultSchema,
        });
      },
    ),
  };
}

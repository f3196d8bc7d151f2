import { type CallOptions, callOptions, type OperationContext } from '../internal/context.js';
import { JSON_TYPE, jsonRequest } from '../internal/json-body.js';
import { dbPath, designFunctionPath, indexPath, partitionPath } from '../internal/paths.js';
import { checked } from '../internal/rules.js';
import { OkSchema } from '../schemas/common.js';
import {
  type ExplainResult,
  ExplainSchema,
  type FindResult,
  FindResultSchema,
  type IndexesInformation,
  IndexesInformationSchema,
  type IndexResult,
  IndexResultSchema,
  type PartitionInformation,
  PartitionInformationSchema,
  type ViewResult,
  ViewResultSchema,
} from '../schemas/responses.js';
import { DB, type DbParams } from './databases.js';
import { ALL_DOCS, DELETE_INDEX, FIND, PARTITION, POST_INDEX, VIEW } from './query-rules.js';
import { type ViewQuery, viewQueryBody } from './view-query.js';

/**
 * A Mango query (`_find`, `_explain`), in the Cloudant SDK's names: sent as CouchDB's
 * (`useIndex` as `use_index`, `executionStats` as `execution_stats` ...).
 */
export interface FindQuery {
  /** Which documents match, e.g. `{ type: 'product', price: { $lt: 10 } }`. */
  selector: Record<string, unknown>;
  /** Fields to return of each document. @default every field */
  fields?: string[];
  /** Sort order; sorting needs an index on these fields (400 `no_usable_index` otherwise). */
  sort?: (string | Record<string, 'asc' | 'desc'>)[];
  /** Most documents returned. @default 25 (the server's) */
  limit?: number;
  skip?: number;
  /** The `bookmark` of the previous page's answer, to get the next page. */
  bookmark?: string;
  /** The design document (or `[ddoc, index name]`) of the index to use. */
  useIndex?: string | [string, string];
  /** Asks for `execution_stats` in the answer (documents and keys examined, time). */
  executionStats?: boolean;
  r?: number;
  conflicts?: boolean;
  /** Whether a query whose `useIndex` is unusable may fall back to another index. */
  allowFallback?: boolean;
  stable?: boolean;
  /** Whether the index is brought up to date before the query runs. */
  update?: boolean;
}

/** Where a query runs: the whole database, or one partition of a partitioned database. */
export interface Scope extends DbParams {
  partitionKey?: string;
}

/**
 * Reads through `_all_docs`, views and Mango (`_find`, `_explain`, `_index`), each on the whole
 * database or, with `partitionKey`, on one partition. Every query is a POST with a JSON body,
 * retried as safely as a GET.
 */
export interface QueryOperations {
  /** POST `/{db}/_all_docs` (or `_partition/{key}/_all_docs` with `partitionKey`). */
  postAllDocs(params: Scope & ViewQuery): Promise<ViewResult>;
  /**
   * {@link QueryOperations.postAllDocs | postAllDocs}: the same request, with the answer's body as
   * an unparsed stream (raw IO, no schema check), for large results. An error status still rejects
   * with a `DocDbError`.
   */
  postAllDocsAsStream(params: Scope & ViewQuery): Promise<ReadableStream<Uint8Array>>;
  /** POST `/{db}/_design/{ddoc}/_view/{view}`. */
  postView(params: Scope & ViewQuery & { ddoc: string; view: string }): Promise<ViewResult>;
  /**
   * {@link QueryOperations.postView | postView}: the same request, with the answer's body as an
   * unparsed stream (raw IO, no schema check), for large results. An error status still rejects
   * with a `DocDbError`.
   */
  postViewAsStream(
    params: Scope & ViewQuery & { ddoc: string; view: string },
  ): Promise<ReadableStream<Uint8Array>>;
  /** POST `/{db}/_find`. */
  postFind(params: Scope & FindQuery): Promise<FindResult>;
  /**
   * {@link QueryOperations.postFind | postFind}: the same request, with the answer's body as an
   * unparsed stream (raw IO, no schema check), for large results. An error status still rejects
   * with a `DocDbError`.
   */
  postFindAsStream(params: Scope & FindQuery): Promise<ReadableStream<Uint8Array>>;
  /** POST `/{db}/_explain`. */
  postExplain(params: Scope & FindQuery): Promise<ExplainResult>;
  /** POST `/{db}/_index`. */
  postIndex(
    params: DbParams & {
      index: Record<string, unknown>;
      name?: string;
      ddoc?: string;
      type?: 'json' | 'text';
      partitioned?: boolean;
    },
  ): Promise<IndexResult>;
  /**
   * GET `/{db}/_index`: every Mango index of the database, the special `_all_docs` one (`ddoc`
   * `null`, type `special`) first.
   * @throws {NotFoundError} when the database does not exist
   */
  getIndexesInformation(params: DbParams): Promise<IndexesInformation>;
  /**
   * DELETE `/{db}/_index/_design/{ddoc}/{type}/{index}`: removes a Mango index (`type` `json`
   * unless given; `ddoc` with or without `_design/`). Resolves with `{ ok: true }`.
   * @throws {NotFoundError} when there is no such index
   */
  deleteIndex(
    params: DbParams & { ddoc: string; type?: 'json' | 'text'; index: string },
  ): Promise<{ ok: boolean }>;
  /** GET `/{db}/_partition/{key}`. */
  getPartitionInformation(
    params: DbParams & { partitionKey: string },
  ): Promise<PartitionInformation>;
}

export const base = (p: Scope) =>
  p.partitionKey === undefined ? dbPath(p.db) : partitionPath(p.db, p.partitionKey);

/** The fields of `values` that are set. */
export function defined(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in values) if (values[key] !== undefined) out[key] = values[key];
  return out;
}

const findBody = (p: FindQuery) =>
  defined({
    selector: p.selector,
    fields: p.fields,
    sort: p.sort,
    limit: p.limit,
    skip: p.skip,
    bookmark: p.bookmark,
    use_index: p.useIndex,
    execution_stats: p.executionStats,
    r: p.r,
    conflicts: p.conflicts,
    allow_fallback: p.allowFallback,
    stable: p.stable,
    update: p.update,
  });

type Params<K extends keyof QueryOperations> = Parameters<QueryOperations[K]>[0];

/** A POSTed read: its JSON body (a cycle in `p` is named by its parameter), safe to retry. */
export function postedRead(
  context: OperationContext,
  method: string,
  p: CallOptions,
  body: unknown,
) {
  return {
    idempotent: true,
    ...jsonRequest(body, context.limits, `${method} params`, '', p),
    ...callOptions(p, context, JSON_TYPE),
  };
}

/** A POSTed read whose answer is handed back unparsed. */
export async function streamOf(
  http: OperationContext['http'],
  path: string,
  options: ReturnType<typeof postedRead>,
): Promise<ReadableStream<Uint8Array>> {
  return (await http.request(path, { ...options, method: 'POST' })).stream();
}

export function queryOperations(context: OperationContext): QueryOperations {
  const { http } = context;
  const read = (method: string, p: CallOptions, body: unknown) =>
    postedRead(context, method, p, body);
  const stream = (path: string, options: ReturnType<typeof read>) => streamOf(http, path, options);
  const viewPath = (p: Scope & { ddoc: string; view: string }) =>
    designFunctionPath(p, '_view', 'view', p.view);
  return {
    postAllDocs: checked('postAllDocs', ALL_DOCS, (p: Params<'postAllDocs'>) =>
      http.post(`${base(p)}/_all_docs`, {
        ...read('postAllDocs', p, viewQueryBody(p)),
        schema: ViewResultSchema,
      }),
    ),
    postAllDocsAsStream: checked('postAllDocsAsStream', ALL_DOCS, (p: Params<'postAllDocs'>) =>
      stream(`${base(p)}/_all_docs`, read('postAllDocsAsStream', p, viewQueryBody(p))),
    ),
    postView: checked('postView', VIEW, (p: Params<'postView'>) =>
      http.post(viewPath(p), {
        ...read('postView', p, viewQueryBody(p)),
        schema: ViewResultSchema,
      }),
    ),
    postViewAsStream: checked('postViewAsStream', VIEW, (p: Params<'postView'>) =>
      stream(viewPath(p), read('postViewAsStream', p, viewQueryBody(p))),
    ),
    postFind: checked('postFind', FIND, (p: Params<'postFind'>) =>
      http.post(`${base(p)}/_find`, {
        ...read('postFind', p, findBody(p)),
        schema: FindResultSchema,
      }),
    ),
    postFindAsStream: checked('postFindAsStream', FIND, (p: Params<'postFind'>) =>
      stream(`${base(p)}/_find`, read('postFindAsStream', p, findBody(p))),
    ),
    postExplain: checked('postExplain', FIND, (p: Params<'postExplain'>) =>
      http.post(`${base(p)}/_explain`, {
        ...read('postExplain', p, findBody(p)),
        schema: ExplainSchema,
      }),
    ),
    postIndex: checked('postIndex', POST_INDEX, (p: Params<'postIndex'>) =>
      http.post(`${dbPath(p.db)}/_index`, {
        ...read(
          'postIndex',
          p,
          defined({
            index: p.index,
            name: p.name,
            ddoc: p.ddoc,
            type: p.type,
            partitioned: p.partitioned,
          }),
        ),
        schema: IndexResultSchema,
      }),
    ),
    getIndexesInformation: checked(
      'getIndexesInformation',
      DB,
      (p: Params<'getIndexesInformation'>) =>
        http.get(`${dbPath(p.db)}/_index`, {
          ...callOptions(p, context),
          schema: IndexesInformationSchema,
        }),
    ),
    deleteIndex: checked('deleteIndex', DELETE_INDEX, (p: Params<'deleteIndex'>) =>
      http.delete(indexPath(p.db, p.ddoc, p.type ?? 'json', p.index), {
        ...callOptions(p, context),
        schema: OkSchema,
      }),
    ),
    getPartitionInformation: checked(
      'getPartitionInformation',
      PARTITION,
      (p: Params<'getPartitionInformation'>) =>
        http.get(partitionPath(p.db, p.partitionKey), {
          ...callOptions(p, context),
          schema: PartitionInformationSchema,
        }),
    ),
  };
}

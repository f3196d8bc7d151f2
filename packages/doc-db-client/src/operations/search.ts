import { buildPath } from '@connectorkit/http-core';
import * as v from 'valibot';
import { callOptions, type OperationContext } from '../internal/context.js';
import { JSON_TYPE, jsonRequest } from '../internal/json-body.js';
import { anyName, designFunctionPath, designPath } from '../internal/paths.js';
import { checked, name, type Rules, text } from '../internal/rules.js';
import { jsonObject } from '../schemas/common.js';
import { type SearchResult, SearchResultSchema } from '../schemas/responses.js';
import { DB, type DbParams } from './databases.js';
import { defined, postedRead, type Scope, streamOf } from './queries.js';
import { SEARCH } from './query-rules.js';

/**
 * A search index query (Cloudant, or CouchDB with Clouseau), in the Cloudant SDK's names: sent as
 * the server's (`includeDocs` as `include_docs` ...).
 */
export interface SearchQuery {
  /** Lucene query syntax, e.g. `name:lamp AND price:[0 TO 100]`. */
  query: string;
  /** The `bookmark` of the previous page's answer, to get the next page. */
  bookmark?: string;
  /** Most rows returned (the server's default is 25; at most 200). */
  limit?: number;
  sort?: string | string[];
  includeDocs?: boolean;
  includeFields?: string[];
  counts?: string[];
  drilldown?: string[][];
  stale?: 'ok';
  highlightFields?: string[];
  highlightNumber?: number;
  highlightPreTag?: string;
  highlightPostTag?: string;
  highlightSize?: number;
  groupField?: string;
  groupLimit?: number;
  groupSort?: string | string[];
  /** Facet ranges: `{ price: { cheap: '[0 TO 100]' } }`. */
  ranges?: Record<string, unknown>;
}

type IndexParams = DbParams & { ddoc: string; index: string };

export const SearchAnalyzeSchema = jsonObject({ tokens: v.array(v.string()) });
export const SearchInfoSchema = jsonObject({
  name: v.string(),
  search_index: jsonObject({
    committed_seq: v.optional(v.number()),
    pending_seq: v.optional(v.number()),
    doc_count: v.optional(v.number()),
    doc_del_count: v.optional(v.number()),
    disk_size: v.optional(v.number()),
    signature: v.optional(v.string()),
  }),
});
/** GET `/{db}/_design/{ddoc}/_search_info/{index}`: the index's sequences, counts and disk size. */
export type SearchInfo = v.InferOutput<typeof SearchInfoSchema>;
export const SearchDiskSizeSchema = jsonObject({
  name: v.string(),
  search_index: jsonObject({ disk_size: v.optional(v.number()) }),
});
/** GET `/{db}/_design/{ddoc}/_search_disk_size/{index}` (Cloudant): the index's `disk_size`. */
export type SearchDiskSize = v.InferOutput<typeof SearchDiskSizeSchema>;

/**
 * Search indexes (Cloudant, or CouchDB with Clouseau): queries, analyzers and index information.
 */
export interface SearchOperations {
  /** POST `/{db}/_design/{ddoc}/_search/{index}` (Cloudant, or CouchDB with Clouseau). */
  postSearch(params: Scope & SearchQuery & { ddoc: string; index: string }): Promise<SearchResult>;
  /**
   * {@link SearchOperations.postSearch | postSearch}: the same request, with the answer's body as
   * an unparsed stream (raw IO, no schema check), for large results. An error status still rejects
   * with a `DocDbError`.
   */
  postSearchAsStream(
    params: Scope & SearchQuery & { ddoc: string; index: string },
  ): Promise<ReadableStream<Uint8Array>>;
  /** POST `/_search_analyze`: the tokens an analyzer makes of a text. */
  postSearchAnalyze(
    params: { analyzer: string; text: string } & DbLess,
  ): Promise<{ tokens: string[] }>;
  /** GET `/{db}/_design/{ddoc}/_search_info/{index}`: the index's size and sequences. */
  getSearchInfo(params: IndexParams): Promise<SearchInfo>;
  /** GET `/{db}/_design/{ddoc}/_search_disk_size/{index}` (Cloudant). */
  getSearchDiskSize(params: IndexParams): Promise<SearchDiskSize>;
}
type DbLess = Omit<DbParams, 'db'>;

export const searchBody = (p: SearchQuery) =>
  defined({
    query: p.query,
    bookmark: p.bookmark,
    limit: p.limit,
    sort: p.sort,
    include_docs: p.includeDocs,
    include_fields: p.includeFields,
    counts: p.counts,
    drilldown: p.drilldown,
    stale: p.stale,
    highlight_fields: p.highlightFields,
    highlight_number: p.highlightNumber,
    highlight_pre_tag: p.highlightPreTag,
    highlight_post_tag: p.highlightPostTag,
    highlight_size: p.highlightSize,
    group_field: p.groupField,
    group_limit: p.groupLimit,
    group_sort: p.groupSort,
    ranges: p.ranges,
  });

const INDEX: Rules = { ...DB, ddoc: anyName, index: anyName };
const ANALYZE: Rules = { analyzer: name, text };

type Params<K extends keyof SearchOperations> = Parameters<SearchOperations[K]>[0];

export function searchOperations(context: OperationContext): SearchOperations {
  const { http } = context;
  const searchPath = (p: Scope & { ddoc: string; index: string }) =>
    designFunctionPath(p, '_search', 'index', p.index);
  const indexPath = (p: IndexParams, kind: string) =>
    designPath(p.db, p.ddoc) + buildPath(`/${kind}/{index}`, { index: p.index });
  return {
    postSearch: checked('postSearch', SEARCH, (p: Params<'postSearch'>) =>
      http.post(searchPath(p), {
        ...postedRead(context, 'postSearch', p, searchBody(p)),
        schema: SearchResultSchema,
      }),
    ),
    postSearchAsStream: checked('postSearchAsStream', SEARCH, (p: Params<'postSearch'>) =>
      streamOf(http, searchPath(p), postedRead(context, 'postSearchAsStream', p, searchBody(p))),
    ),
    postSearchAnalyze: checked('postSearchAnalyze', ANALYZE, (p: Params<'postSearchAnalyze'>) =>
      http.post('/_search_analyze', {
        ...jsonRequest(
          { analyzer: p.analyzer, text: p.text },
          context.limits,
          'postSearchAnalyze params',
          'text',
        ),
        ...callOptions(p, context, JSON_TYPE),
        idempotent: true,
        schema: SearchAnalyzeSchema,
      }),
    ),
    getSearchInfo: checked('getSearchInfo', INDEX, (p: Params<'getSearchInfo'>) =>
      http.get(indexPath(p, '_search_info'), {
        ...callOptions(p, context),
        schema: SearchInfoSchema,
      }),
    ),
    getSearchDiskSize: checked('getSearchDiskSize', INDEX, (p: Params<'getSearchDiskSize'>) =>
      http.get(indexPath(p, '_search_disk_size'), {
        ...callOptions(p, context),
        schema: SearchDiskSizeSchema,
      }),
    ),
  };
}

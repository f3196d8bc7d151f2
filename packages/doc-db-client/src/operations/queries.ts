import { validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';
import { type CallOptions, callOptions, type OperationContext } from '../internal/context.js';
import { dbPath, designFunctionPath, indexPath, partitionPath } from '../internal/paths.js';
import {
  type FindResult,
  FindResultSchema,
  type IndexesInformation,
  IndexesInformationSchema,
  type IndexResult,
  IndexResultSchema,
  type SearchResult,
  SearchResultSchema,
  type ViewResult,
  ViewResultSchema,
} from '../schemas/responses.js';
import type { DbParams } from './databases.js';
import { type ViewQuery, viewQueryBody } from './view-query.js';

export interface FindQuery {
  selector: Record<string, unknown>;
  fields?: string[];
  sort?: (string | Record<string, 'asc' | 'desc'>)[];
  limit?: number;
  skip?: number;
  bookmark?: string;
  useIndex?: string | [string, string];
  executionStats?: boolean;
  r?: number;
  conflicts?: boolean;
}

export interface SearchQuery {
  query: string;
  bookmark?: string;
  limit?: number;
  sort?: string | string[];
  includeDocs?: boolean;
  includeFields?: string[];
  counts?: string[];
  drilldown?: string[][];
  stale?: 'ok';
}

/** Where a query runs: the whole database, or one partition of a partitioned database. */
export interface Scope extends DbParams {
  partitionKey?: string;
}

export interface QueryOperations {
  /** POST `/{db}/_all_docs` (or `_partition/{key}/_all_docs` with `partitionKey`). */
  postAllDocs(params: Scope & ViewQuery): Promise<ViewResult>;
  postAllDocsAsStream(params: Scope & ViewQuery): Promise<ReadableStream<Uint8Array>>;
  /** POST `/{db}/_design/{ddoc}/_view/{view}`. */
  postView(params: Scope & ViewQuery & { ddoc: string; view: string }): Promise<ViewResult>;
  postViewAsStream(
    params: Scope & ViewQuery & { ddoc: string; view: string },
  ): Promise<ReadableStream<Uint8Array>>;
  /** POST `/{db}/_find`. */
  postFind(params: Scope & FindQuery): Promise<FindResult>;
  postFindAsStream(params: Scope & FindQuery): Promise<ReadableStream<Uint8Array>>;
  /** POST `/{db}/_explain`. */
  postExplain(params: Scope & FindQuery): Promise<Record<string, unknown>>;
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
  getIndexesInformation(params: DbParams): Promise<IndexesInformation>;
  deleteIndex(
    params: DbParams & { ddoc: string; type?: 'json' | 'text'; index: string },
  ): Promise<{ ok: boolean }>;
  /** POST `/{db}/_design/{ddoc}/_search/{index}` (Cloudant, or CouchDB with Clouseau). */
  postSearch(params: Scope & SearchQuery & { ddoc: string; index: string }): Promise<SearchResult>;
  postSearchAsStream(
    params: Scope & SearchQuery & { ddoc: string; index: string },
  ): Promise<ReadableStream<Uint8Array>>;
  /** GET `/{db}/_partition/{key}`. */
  getPartitionInformation(
    params: DbParams & { partitionKey: string },
  ): Promise<Record<string, unknown>>;
}

// Not v.record(): it accepts an array and outputs it as an object (`[]` became `{}`, match-all).
const SelectorSchema = v.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be an object',
);
const base = (p: Scope) =>
  p.partitionKey === undefined ? dbPath(p.db) : partitionPath(p.db, p.partitionKey);

function findBody(p: FindQuery): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries({
      selector: validateInput(SelectorSchema, p.selector, 'selector'),
      fields: p.fields,
      sort: p.sort,
      limit: p.limit,
      skip: p.skip,
      bookmark: p.bookmark,
      use_index: p.useIndex,
      execution_stats: p.executionStats,
      r: p.r,
      conflicts: p.conflicts,
    }).filter(([, value]) => value !== undefined),
  );
}

function searchBody(p: SearchQuery): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries({
      query: p.query,
      bookmark: p.bookmark,
      limit: p.limit,
      sort: p.sort,
      include_docs: p.includeDocs,
      include_fields: p.includeFields,
      counts: p.counts,
      drilldown: p.drilldown,
      stale: p.stale,
    }).filter(([, value]) => value !== undefined),
  );
}

export function queryOperations(context: OperationContext): QueryOperations {
  const { http } = context;
  const read = (p: CallOptions) => ({ ...callOptions(p, context), idempotent: true });
  const stream = async (path: string, p: CallOptions, json: unknown) =>
    (await http.request(path, { ...read(p), method: 'POST', json })).stream();
  const viewPath = (p: Scope & { ddoc: string; view: string }) =>
    designFunctionPath(p, '_view', 'view', p.view);
  const searchPath = (p: Scope & { ddoc: string; index: string }) =>
    designFunctionPath(p, '_search', 'index', p.index);
  return {
    postAllDocs: (p) =>
      http.post(`${base(p)}/_all_docs`, {
        ...read(p),
        json: viewQueryBody(p),
        schema: ViewResultSchema,
      }),
    postAllDocsAsStream: (p) => stream(`${base(p)}/_all_docs`, p, viewQueryBody(p)),
    postView: (p) =>
      http.post(viewPath(p), { ...read(p), json: viewQueryBody(p), schema: ViewResultSchema }),
    postViewAsStream: (p) => stream(viewPath(p), p, viewQueryBody(p)),
    postFind: (p) =>
      http.post(`${base(p)}/_find`, { ...read(p), json: findBody(p), schema: FindResultSchema }),
    postFindAsStream: (p) => stream(`${base(p)}/_find`, p, findBody(p)),
    postExplain: (p) => http.post(`${base(p)}/_explain`, { ...read(p), json: findBody(p) }),
    postIndex: (p) =>
      http.post(`${dbPath(p.db)}/_index`, {
        ...read(p),
        json: Object.fromEntries(
          Object.entries({
            index: p.index,
            name: p.name,
            ddoc: p.ddoc,
            type: p.type,
            partitioned: p.partitioned,
          }).filter(([, value]) => value !== undefined),
        ),
        schema: IndexResultSchema,
      }),
    getIndexesInformation: (p) =>
      http.get(`${dbPath(p.db)}/_index`, {
        ...callOptions(p, context),
        schema: IndexesInformationSchema,
      }),
    deleteIndex: (p) =>
      http.delete(indexPath(p.db, p.ddoc, p.type ?? 'json', p.index), callOptions(p, context)),
    postSearch: (p) =>
      http.post(searchPath(p), { ...read(p), json: searchBody(p), schema: SearchResultSchema }),
    postSearchAsStream: (p) => stream(searchPath(p), p, searchBody(p)),
    getPartitionInformation: (p) =>
      http.get(partitionPath(p.db, p.partitionKey), callOptions(p, context)),
  };
}

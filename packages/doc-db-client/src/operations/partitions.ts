import { partitionKey } from '../internal/paths.js';
import { checked } from '../internal/rules.js';
import type { ExplainResult, FindResult, SearchResult, ViewResult } from '../schemas/responses.js';
import type { DbParams } from './databases.js';
import type { FindQuery, QueryOperations } from './queries.js';
import { ALL_DOCS, FIND, SEARCH, VIEW } from './query-rules.js';
import type { SearchOperations, SearchQuery } from './search.js';
import type { ViewQuery } from './view-query.js';

/** A query of one partition: `partitionKey` is required. */
type InPartition = DbParams & { partitionKey: string };
type View = InPartition & ViewQuery & { ddoc: string; view: string };
type Search = InPartition & SearchQuery & { ddoc: string; index: string };
type Stream = Promise<ReadableStream<Uint8Array>>;

/**
 * The Cloudant SDK's `postPartition...` names: the same calls as `postAllDocs`, `postView`,
 * `postFind`, `postExplain` and `postSearch` with `partitionKey`, which they require.
 */
export interface PartitionOperations {
  /** POST `/{db}/_partition/{partitionKey}/_all_docs`: the partition's documents by id. */
  postPartitionAllDocs(params: InPartition & ViewQuery): Promise<ViewResult>;
  /**
   * {@link PartitionOperations.postPartitionAllDocs | postPartitionAllDocs}, the body as an
   * unparsed stream.
   */
  postPartitionAllDocsAsStream(params: InPartition & ViewQuery): Stream;
  /**
   * POST `/{db}/_partition/{partitionKey}/_design/{ddoc}/_view/{view}`: a view of one partition.
   */
  postPartitionView(params: View): Promise<ViewResult>;
  /**
   * {@link PartitionOperations.postPartitionView | postPartitionView}, the body as an unparsed
   * stream.
   */
  postPartitionViewAsStream(params: View): Stream;
  /** POST `/{db}/_partition/{partitionKey}/_find`: a Mango query of one partition. */
  postPartitionFind(params: InPartition & FindQuery): Promise<FindResult>;
  /**
   * {@link PartitionOperations.postPartitionFind | postPartitionFind}, the body as an unparsed
   * stream.
   */
  postPartitionFindAsStream(params: InPartition & FindQuery): Stream;
  /** POST `/{db}/_partition/{partitionKey}/_explain`: the index a partition query would use. */
  postPartitionExplain(params: InPartition & FindQuery): Promise<ExplainResult>;
  /**
   * POST `/{db}/_partition/{partitionKey}/_design/{ddoc}/_search/{index}` (Cloudant, or CouchDB
   * with Clouseau).
   */
  postPartitionSearch(params: Search): Promise<SearchResult>;
  /**
   * {@link PartitionOperations.postPartitionSearch | postPartitionSearch}, the body as an unparsed
   * stream.
   */
  postPartitionSearchAsStream(params: Search): Stream;
}

export function partitionOperations(
  queries: QueryOperations & SearchOperations,
): PartitionOperations {
  const scoped = <P, R>(method: string, rules: typeof ALL_DOCS, run: (p: P) => R): ((p: P) => R) =>
    checked(method, { ...rules, partitionKey }, run);
  return {
    postPartitionAllDocs: scoped('postPartitionAllDocs', ALL_DOCS, queries.postAllDocs),
    postPartitionAllDocsAsStream: scoped(
      'postPartitionAllDocsAsStream',
      ALL_DOCS,
      queries.postAllDocsAsStream,
    ),
    postPartitionView: scoped('postPartitionView', VIEW, queries.postView),
    postPartitionViewAsStream: scoped('postPartitionViewAsStream', VIEW, queries.postViewAsStream),
    postPartitionFind: scoped('postPartitionFind', FIND, queries.postFind),
    postPartitionFindAsStream: scoped('postPartitionFindAsStream', FIND, queries.postFindAsStream),
    postPartitionExplain: scoped('postPartitionExplain', FIND, queries.postExplain),
    postPartitionSearch: scoped('postPartitionSearch', SEARCH, queries.postSearch),
    postPartitionSearchAsStream: scoped(
      'postPartitionSearchAsStream',
      SEARCH,
      queries.postSearchAsStream,
    ),
  };
}

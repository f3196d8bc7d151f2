import { CALL_RULES, checkParams, type Rules } from '../internal/rules.js';
import type { FindResult, SearchResult, ViewResult, ViewRow } from '../schemas/responses.js';
import type { FindQuery, QueryOperations, Scope } from './queries.js';
import { ALL_DOCS, FIND, PAGE, SEARCH, VIEW } from './query-rules.js';
import type { SearchOperations, SearchQuery } from './search.js';
import type { ViewQuery } from './view-query.js';

/** Page size and where to start; every pager is forward-only. */
export interface PageOptions {
  /** Rows or documents per request. @default 200 */
  pageSize?: number;
}

/**
 * Async iterators over every page of `_all_docs`, a view, `_find` or a search, one request per
 * page.
 */
export interface PaginationOperations {
  /** Every page of `_all_docs`, by key (one extra row is fetched to find the next start). */
  paginateAllDocs(
    params: Scope & Omit<ViewQuery, 'limit' | 'skip' | 'keys'> & PageOptions,
  ): AsyncIterable<ViewRow[]>;
  /** Every page of a view, by key and document id, so duplicate keys across pages are safe. */
  paginateView(
    params: Scope &
      Omit<ViewQuery, 'limit' | 'skip' | 'keys'> &
      PageOptions & { ddoc: string; view: string },
  ): AsyncIterable<ViewRow[]>;
  /** Every page of `_find`, following bookmarks until a short page. */
  paginateFind(
    params: Scope & Omit<FindQuery, 'limit' | 'bookmark'> & PageOptions,
  ): AsyncIterable<FindResult['docs']>;
  /** Every page of a search, following bookmarks until an empty page. */
  paginateSearch(
    params: Scope &
      Omit<SearchQuery, 'limit' | 'bookmark'> &
      PageOptions & { ddoc: string; index: string },
  ): AsyncIterable<SearchResult['rows']>;
}

export function paginationOperations(
  queries: QueryOperations & SearchOperations,
): PaginationOperations {
  async function* byKey(
    fetchPage: (q: ViewQuery) => Promise<ViewResult>,
    query: ViewQuery,
    pageSize: number,
  ): AsyncIterable<ViewRow[]> {
    let next: { key: unknown; id: string | undefined } | undefined;
    for (;;) {
      const page = await fetchPage({
        ...query,
        limit: pageSize + 1,
        ...(next
          ? { startKey: next.key, ...(next.id !== undefined ? { startKeyDocId: next.id } : {}) }
          : {}),
      });
      // The page's array is ours: trimmed in place rather than copied.
      const rows = page.rows;
      const extra = rows[pageSize];
      if (rows.length > pageSize) rows.length = pageSize;
      if (rows.length > 0) yield rows;
      if (!extra) return;
      next = { key: extra.key, id: extra.id };
    }
  }
  return {
    paginateAllDocs: (params) =>
      paged('paginateAllDocs', ALL_DOCS, params, (p, pageSize) =>
        byKey((q) => queries.postAllDocs({ ...p, ...q }), p, pageSize),
      ),
    paginateView: (params) =>
      paged('paginateView', VIEW, params, (p, pageSize) =>
        byKey((q) => queries.postView({ ...p, ...q }), p, pageSize),
      ),
    paginateFind: (params) =>
      paged('paginateFind', FIND, params, async function* (p, pageSize) {
        let bookmark: string | undefined;
        for (;;) {
          const page = await queries.postFind({
            ...p,
            limit: pageSize,
            ...(bookmark ? { bookmark } : {}),
          });
          if (page.docs.length > 0) yield page.docs;
          if (page.docs.length < pageSize || !page.bookmark || page.bookmark === bookmark) return;
          bookmark = page.bookmark;
        }
      }),
    paginateSearch: (params) =>
      paged('paginateSearch', SEARCH, params, async function* (p, pageSize) {
        let bookmark: string | undefined;
        for (;;) {
          const page = await queries.postSearch({
            ...p,
            limit: pageSize,
            ...(bookmark ? { bookmark } : {}),
          });
          if (page.rows.length === 0) return;
          yield page.rows;
          if (!page.bookmark || page.bookmark === bookmark) return;
          bookmark = page.bookmark;
        }
      }),
  };
}

/**
 * A pager's pages: its params are checked when the first page is asked for (a pager is an
 * iterable, so a bad argument rejects its first `next()`, before any request).
 */
async function* paged<P extends PageOptions, T>(
  method: string,
  rules: Rules,
  params: P,
  pages: (p: Omit<P, 'pageSize'>, pageSize: number) => AsyncIterable<T>,
): AsyncIterable<T> {
  checkParams(method, params, { ...CALL_RULES, ...rules, ...PAGE });
  const { pageSize = 200, ...p } = params;
  yield* pages(p, pageSize);
}

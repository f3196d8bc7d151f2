import type { CallOptions } from './ams-core.js';

/** One page of a listing. */
export interface AmsPage<T> {
  items: T[];
  nextPageToken: string;
  totalSize: number;
}

/** Paging of a listing: `pageSize` items from `pageToken` (the previous page's `nextPageToken`). */
export interface PageOptions extends CallOptions {
  /** @default 0 (everything) */
  pageSize?: number;
  pageToken?: string;
}

export function pageParams(options: PageOptions): Record<string, string> {
  const params: Record<string, string> = {};
  if (options.pageSize !== undefined) params.pageSize = String(options.pageSize);
  if (options.pageToken) params.pageToken = options.pageToken;
  return params;
}

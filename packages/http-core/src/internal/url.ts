import { assertNoDotSegments } from '../path.js';

/** Query values accepted by requests; `undefined` and `null` entries are left out. */
export type SearchParamsInit =
  | URLSearchParams
  | Record<string, string | number | boolean | undefined | null>;

/**
 * Joins a base URL and a path (`/a` or `a`), or takes an absolute URL as it is. A path with a dot
 * segment is refused: URL parsing would resolve it to another resource.
 */
export function buildUrl(baseUrl: string | undefined, path: string, query?: SearchParamsInit): URL {
  assertNoDotSegments(path);
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || !baseUrl) {
    url = new URL(path);
  } else {
    const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
    url = new URL(path.startsWith('/') ? base + path : `${base}/${path}`);
  }
  if (query) {
    const entries = query instanceof URLSearchParams ? query.entries() : Object.entries(query);
    for (const [key, value] of entries) {
      if (value !== undefined && value !== null) url.searchParams.append(key, String(value));
    }
  }
  return url;
}

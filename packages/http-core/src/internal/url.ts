import { InputValidationError } from '../errors.js';
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
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
  let url: URL;
  try {
    if (absolute || !baseUrl) url = new URL(path);
    else {
      const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
      url = new URL(path.startsWith('/') ? base + path : `${base}/${path}`);
    }
  } catch {
    // Not the URL parser's error: it quotes its input, which may hold credentials.
    return refusePath(
      absolute || baseUrl
        ? 'must form a valid URL'
        : 'must be an absolute URL (the client has no baseUrl)',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return refusePath('must be an http:// or https:// URL');
  }
  if (query) {
    const entries = query instanceof URLSearchParams ? query.entries() : Object.entries(query);
    for (const [key, value] of entries) {
      if (value !== undefined && value !== null) url.searchParams.append(key, String(value));
    }
  }
  return url;
}

function refusePath(message: string): never {
  throw new InputValidationError({ subject: 'path', issues: [{ path: 'path', message }] });
}

import type { IncomingMessage } from 'node:http';
import { CouchHttpError, isObject, readJson } from './http-io.js';

/**
 * A request's parameters as couch_mrview_http reads them: a JSON body's values (already
 * decoded) over the query string's text (JSON-decoded for keys, read as text for integers and
 * booleans).
 */
export interface QueryParams {
  /** The value of the first of `names` that is set; query-string values are parsed as JSON. */
  get(...names: string[]): unknown;
  /** The raw query-string text of the first of `names` that is set (never JSON-parsed). */
  raw(...names: string[]): string | undefined;
  /** A non-negative integer (`limit`, `skip`, `group_level`), or CouchDB's `query_parse_error`. */
  int(fallback: number, ...names: string[]): number;
  /** A boolean (`true`/`false`, any case in a query string), or `query_parse_error`. */
  bool(fallback: boolean, ...names: string[]): boolean;
  body: Record<string, unknown>;
}

const parseError = (reason: string) => new CouchHttpError(400, 'query_parse_error', reason);

/** How Erlang's `~p` shows a value in CouchDB's messages: query text quoted, body strings as binaries. */
function shown(value: unknown, fromQuery: boolean): string {
  if (fromQuery) return JSON.stringify(String(value));
  return typeof value === 'string' ? `<<${JSON.stringify(value)}>>` : JSON.stringify(value);
}

/** couch_mrview_http:parse_pos_int. */
function integer(value: unknown, fromQuery: boolean): number {
  const n = fromQuery ? (/^[+-]?\d+$/.test(String(value)) ? Number(value) : Number.NaN) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n))
    throw parseError(`Invalid value for integer: ${shown(value, fromQuery)}`);
  if (n < 0) throw parseError(`Invalid value for positive integer: ${shown(value, fromQuery)}`);
  return n;
}

/** couch_mrview_http:parse_boolean. */
function boolean(value: unknown, fromQuery: boolean): boolean {
  if (value === true || value === false) return value;
  const text = typeof value === 'string' ? value.toLowerCase() : undefined;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw parseError(`Invalid boolean parameter: ${shown(value, fromQuery)}`);
}

/** Pairs a decoded JSON body (or none) with the query string. */
export function queryParams(body: Record<string, unknown>, search: URLSearchParams): QueryParams {
  const raw = (...names: string[]) => {
    for (const name of names) {
      const value = search.get(name);
      if (value !== null) return value;
    }
    return undefined;
  };
  const pick = (names: string[]): { value: unknown; fromQuery: boolean } | undefined => {
    for (const name of names)
      if (body[name] !== undefined) return { value: body[name], fromQuery: false };
    const text = raw(...names);
    return text === undefined ? undefined : { value: text, fromQuery: true };
  };
  return {
    body,
    raw,
    get: (...names) => {
      const found = pick(names);
      if (!found?.fromQuery) return found?.value;
      try {
        return JSON.parse(found.value as string);
      } catch {
        throw new CouchHttpError(400, 'bad_request', 'invalid UTF-8 JSON');
      }
    },
    int: (fallback, ...names) => {
      const found = pick(names);
      return found ? integer(found.value, found.fromQuery) : fallback;
    },
    bool: (fallback, ...names) => {
      const found = pick(names);
      return found ? boolean(found.value, found.fromQuery) : fallback;
    },
  };
}

/** Reads the body of a POST (a JSON object or nothing) and pairs it with the query string. */
export async function readQueryParams(req: IncomingMessage, url: URL): Promise<QueryParams> {
  const parsed = req.method === 'POST' ? await readJson(req) : undefined;
  if (parsed !== undefined && !isObject(parsed))
    throw new CouchHttpError(400, 'bad_request', 'Request body must be a JSON object');
  return queryParams(parsed ?? {}, url.searchParams);
}

/** A non-negative integer from a JSON value or query text, or CouchDB's `query_parse_error`. */
export function nonNegativeInt(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  return integer(value, typeof value === 'string');
}

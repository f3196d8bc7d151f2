import type { IncomingMessage } from 'node:http';
import { CouchHttpError, isObject, readJson } from './http-io.js';

/** A request's parameters: the JSON body (POST) over the query string. */
export interface QueryParams {
  /** The value of the first of `names` that is set; query-string values are parsed as JSON. */
  get(...names: string[]): unknown;
  /** The raw query-string text of the first of `names` that is set (never JSON-parsed). */
  raw(...names: string[]): string | undefined;
  body: Record<string, unknown>;
}

/** Reads the body of a POST (a JSON object or nothing) and pairs it with the query string. */
export async function readQueryParams(req: IncomingMessage, url: URL): Promise<QueryParams> {
  const parsed = req.method === 'POST' ? await readJson(req) : undefined;
  if (parsed !== undefined && !isObject(parsed))
    throw new CouchHttpError(400, 'bad_request', 'Request body must be a JSON object');
  const body = parsed ?? {};
  const raw = (...names: string[]) => {
    for (const name of names) {
      const value = url.searchParams.get(name);
      if (value !== null) return value;
    }
    return undefined;
  };
  return {
    body,
    raw,
    get: (...names) => {
      for (const name of names) if (body[name] !== undefined) return body[name];
      const text = raw(...names);
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text);
      } catch {
        // CouchDB answers bad JSON in a query parameter with query_parse_error.
        throw new CouchHttpError(400, 'query_parse_error', `Invalid JSON value: ${text}`);
      }
    },
  };
}

/** A non-negative integer parameter, or CouchDB's `query_parse_error`. */
export function nonNegativeInt(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw new CouchHttpError(
      400,
      'query_parse_error',
      `Invalid value for positive integer: ${JSON.stringify(value)}`,
    );
  return n;
}

/** A boolean parameter (`true`/`false`, also as strings), or `query_parse_error`. */
export function booleanParam(value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new CouchHttpError(
    400,
    'query_parse_error',
    `Invalid boolean parameter: ${JSON.stringify(value)}`,
  );
}

import { CouchHttpError } from './http-io.js';

/**
 * Opaque bookmarks for `_find` and `_search`: base64url JSON of the last row's position. Real
 * servers encode Erlang terms; clients must treat both as opaque, so only the round trip matters.
 */
export function encodeBookmark(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a bookmark holds; `undefined` for none (`nil` is CouchDB's empty bookmark). */
export function decodeBookmark(
  bookmark: unknown,
  invalid: (bad: unknown) => CouchHttpError,
): unknown {
  if (bookmark === undefined || bookmark === null || bookmark === 'nil') return undefined;
  if (typeof bookmark !== 'string') throw invalid(bookmark);
  try {
    return JSON.parse(Buffer.from(bookmark, 'base64url').toString('utf8'));
  } catch {
    throw invalid(bookmark);
  }
}

/** CouchDB's `_find` answer to a bookmark it cannot read (mango_error `invalid_bookmark`). */
export function invalidFindBookmark(bad: unknown): CouchHttpError {
  return new CouchHttpError(
    400,
    'invalid_bookmark',
    `Invalid bookmark value: ${JSON.stringify(bad)}`,
  );
}

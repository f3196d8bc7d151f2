import type { HttpClient } from '@connectorkit/http-core';
import * as v from 'valibot';
import { isId } from '../internal/text-rules.js';
import { JsonObject } from '../schemas.js';

/** One result of a Search API query, as far as a read-modify-write needs it. */
export interface SearchResult {
  title: string;
  uri: string;
  clickUri?: string | undefined;
  uniqueId: string;
  hasHtmlVersion?: boolean | undefined;
  raw: Record<string, unknown>;
}

const SearchResponseSchema: v.GenericSchema<unknown, { results: SearchResult[] }> = v.pipe(
  JsonObject,
  v.looseObject({
    results: v.array(
      v.pipe(
        JsonObject,
        v.looseObject({
          title: v.optional(v.string('must be a string'), ''),
          uri: v.pipe(
            v.string('must be a string'),
            v.check((u) => isId(u), 'must be a document URI (non-empty, no control characters)'),
          ),
          clickUri: v.optional(v.string('must be a string')),
          uniqueId: v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty')),
          hasHtmlVersion: v.optional(v.boolean('must be a boolean')),
          raw: v.optional(v.pipe(JsonObject, v.record(v.string(), v.unknown())), {}),
        }),
      ),
      'must be an array of results',
    ),
  }),
);

/** A Coveo query-syntax string literal: `"…"` with `"` and `\` escaped. */
export function quoteQueryValue(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * `POST /rest/search/v2`: the items whose key field equals `key` exactly (`aq: @field=="key"`),
 * and the additional query (ANDed, in parentheses), up to 1,000.
 */
export async function searchByKey(
  search: HttpClient,
  input: {
    organizationId: string;
    keyField: string;
    key: string;
    additionalQuery: string;
    fieldsToInclude: readonly string[] | undefined;
    signal: AbortSignal | undefined;
  },
): Promise<SearchResult[]> {
  const field = input.keyField.replace(/^@/, '');
  // In parentheses, so that an OR in the additional query stays inside it.
  const extra = input.additionalQuery.trim();
  const aq = `@${field}==${quoteQueryValue(input.key)}${extra ? ` (${extra})` : ''}`;
  const answer = await search.post('/v2', {
    searchParams: { organizationId: input.organizationId, viewAllContent: 1 },
    json: {
      q: '',
      aq,
      numberOfResults: 1000,
      ...(input.fieldsToInclude ? { fieldsToInclude: [...input.fieldsToInclude, field] } : {}),
    },
    schema: SearchResponseSchema,
    idempotent: true,
    signal: input.signal,
  });
  // `==` is exact on the server; compare again so a lenient index never widens the match.
  return answer.results.filter((r) => {
    const value = field === 'uri' ? r.uri : (r.raw[field] ?? r.raw[field.toLowerCase()]);
    return Array.isArray(value)
      ? value.map(String).includes(input.key)
      : String(value) === input.key;
  });
}

/**
 * `POST /rest/search/v2/html`: the index's HTML rendering of one item (its quick view). A read:
 * a body cut off mid-way is asked for again by http-core's retry policy.
 */
export async function quickViewHtml(
  search: HttpClient,
  input: { organizationId: string; uniqueId: string; signal: AbortSignal | undefined },
): Promise<string> {
  const response = await search.request('/v2/html', {
    method: 'POST',
    searchParams: {
      organizationId: input.organizationId,
      uniqueId: input.uniqueId,
      requestedOutputSize: 0,
      viewAllContent: 1,
    },
    json: { q: '' },
    headers: { accept: 'text/html' },
    idempotent: true,
    signal: input.signal,
  });
  return response.text();
}

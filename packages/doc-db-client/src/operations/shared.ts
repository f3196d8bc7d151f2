import {
  type HttpClient,
  type RequestOptions,
  ResponseValidationError,
  redactUrl,
  toProblems,
} from '@connectorkit/http-core';
import * as v from 'valibot';
import { headerText, oneOf, optional, type Rule, type Rules, refuse } from '../internal/rules.js';
import { type DocumentResult, DocumentResultSchema, jsonObject } from '../schemas/common.js';

/** A header value that must not be empty: a content type, an ETag. */
export const headerValue: Rule = {
  schema: v.pipe(
    headerText.schema as v.GenericSchema<unknown, string>,
    v.nonEmpty('must not be empty'),
  ),
  test: (x) => headerText.test(x) && x !== '',
};

/** `If-Match` / `If-None-Match`, as the Cloudant SDK takes them. */
export const CONDITIONAL: Rules = {
  ifMatch: optional(headerValue),
  ifNoneMatch: optional(headerValue),
};
export const batch: Rule = optional(oneOf(['ok']));

/** What a `batch: 'ok'` write answers (202): accepted, not yet written, so without a revision. */
const AcceptedSchema = jsonObject({ ok: v.boolean(), id: v.string(), rev: v.optional(v.string()) });
export type Accepted = v.InferOutput<typeof AcceptedSchema>;
/** A write's answer: `{ ok, id, rev }`, or with `batch: 'ok'` `{ ok, id }` (see {@link Accepted}). */
export type WriteResult<P> = P extends { batch: 'ok' } ? Accepted : DocumentResult;
/** The schema of a write's answer, by its `batch`. */
export const writeSchema = (p: { batch?: unknown }): v.GenericSchema<unknown, DocumentResult> =>
  (p.batch === 'ok' ? AcceptedSchema : DocumentResultSchema) as v.GenericSchema<
    unknown,
    DocumentResult
  >;

/** The conditional headers a call asked for. */
export function conditional(p: { ifMatch?: string; ifNoneMatch?: string }) {
  return { 'if-match': p.ifMatch, 'if-none-match': p.ifNoneMatch };
}

/** The revision an answer's ETag names (a quoted `N-hash`), or undefined. */
export function etagRev(headers: Headers): string | undefined {
  const etag = (headers.get('etag') ?? '').replace(/"/g, '');
  return /^\d+-\S+$/.test(etag) ? etag : undefined;
}

/**
 * A HEAD that resolves to the answer's headers, or to undefined when there is no such resource
 * (404). A 304 (`ifNoneMatch` matched) is an answer too: the resource is there, unchanged.
 */
export async function headers(
  http: HttpClient,
  path: string,
  options: Omit<RequestOptions, 'method'>,
): Promise<Headers | undefined> {
  const answer = await http.head(path, { ...options, okStatuses: [304, 404] });
  return answer.status === 404 ? undefined : answer.headers;
}

const RevOnlySchema = jsonObject({ _rev: v.string() });

/**
 * A HEAD for a document's revision: its ETag, or (servers whose ETag is not the revision, as
 * express-pouchdb's weak body hash) one GET of it; undefined when there is no such document.
 */
export async function headRev(
  http: HttpClient,
  path: string,
  options: Omit<RequestOptions, 'method'>,
): Promise<string | undefined> {
  const found = await headers(http, path, options);
  if (!found) return undefined;
  return etagRev(found) ?? (await http.get(path, { ...options, schema: RevOnlySchema }))._rev;
}

/**
 * Refuses a call that gives neither of two parameters that name the same thing (the Cloudant
 * SDK's name and ours, or `rev` and `ifMatch`), or both when they must not be combined.
 */
export function oneOfParams(
  method: string,
  params: object,
  names: readonly [string, string],
  exclusive = true,
): void {
  const [a, b] = names;
  const p = params as Record<string, unknown>;
  const given = (p[a] !== undefined ? 1 : 0) + (p[b] !== undefined ? 1 : 0);
  if (given === 0) refuse(`${method} params`, [{ path: a, message: `is required (or give ${b})` }]);
  if (given === 2 && exclusive)
    refuse(`${method} params`, [{ path: b, message: `must not be given with ${a}` }]);
}

/**
 * Checks a value the client assembled from an answer it read itself (lines of a feed, an answer
 * kept from view): a ResponseValidationError naming the path, without the answer's data, which
 * may hold a credential.
 */
export function checkAnswer<T>(
  schema: v.GenericSchema<unknown, T>,
  value: unknown,
  method: string,
  url: string,
  validate: boolean,
): T {
  if (!validate) return value as T;
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  throw new ResponseValidationError({
    method,
    url: redactUrl(url),
    issues: toProblems(result.issues),
    data: undefined,
  });
}

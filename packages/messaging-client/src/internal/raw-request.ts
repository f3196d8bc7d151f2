import type { Schema } from '@connectorkit/http-core';
import * as v from 'valibot';
import type { CallOptions } from './ams-core.js';
import { callEntries, check, isRecord, NAME_PATTERN, name, options } from './input-rules.js';

/** The HTTP methods {@link ArgoMessagingService.request} sends. */
export type AmsMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Options of `request()`: a route's placeholders, its query, a JSON body and an answer schema. */
export interface AmsRequestOptions<T = unknown> extends CallOptions {
  /** Values of the route's `{name}` placeholders (AMS names); `{project}` defaults to the client's. */
  params?: Record<string, string>;
  /** Query parameters. */
  searchParams?: Record<string, string>;
  /** A JSON body (any JSON value). */
  body?: unknown;
  /** A valibot schema the answer must match. @default any JSON, `undefined` for an empty answer */
  schema?: Schema<T>;
  /**
   * Whether a failed attempt may be repeated (network errors, 408, 429, 502, 503, 504).
   * @default true for GET, PUT and DELETE, false for POST
   */
  idempotent?: boolean;
  /** Values this call sends that are secret: redacted like the token (a `{token}` param is). */
  secrets?: string[];
}

/** `/segment/...` of letters, digits, `_`, `-`, `:` and `{name}` placeholders: no dot, no query. */
const ROUTE = /^(?:\/(?:[A-Za-z0-9_:-]|\{[A-Za-z][A-Za-z0-9_]*\})+)+$/;
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

const isJson = (value: unknown): boolean => {
  try {
    return JSON.stringify(value) !== undefined;
  } catch {
    return false;
  }
};

const MethodSchema = v.picklist(
  ['GET', 'POST', 'PUT', 'DELETE'],
  'must be GET, POST, PUT or DELETE',
);
const RouteSchema = v.pipe(
  v.string('must be a string'),
  v.check((r) => !/^\/v1(?:\/|$)/.test(r), 'must not start with /v1 (the client adds it)'),
  v.regex(
    ROUTE,
    'must be a path such as /projects/{project}/schemas/{schema} (segments of letters, digits, _, - and :, and {name} placeholders; no dot, query or fragment)',
  ),
);
const OptionsSchema = options({
  ...callEntries,
  params: v.optional(
    v.pipe(
      v.custom<Record<string, unknown>>(isRecord, 'must be an object of names'),
      v.record(v.string(), name),
    ),
  ),
  searchParams: v.optional(
    v.pipe(
      v.custom<Record<string, unknown>>(isRecord, 'must be an object of strings'),
      v.record(v.string(), v.string('must be a string')),
    ),
  ),
  body: v.optional(v.custom(isJson, 'must be a JSON value (no cycle, BigInt or function)')),
  schema: v.optional(
    v.custom(
      (x) => isRecord(x) && x.kind === 'schema' && x.async === false,
      'must be a synchronous valibot schema',
    ),
  ),
  idempotent: v.optional(v.boolean('must be true or false')),
  secrets: v.optional(v.array(v.string('must be a string'), 'must be an array of strings')),
});

/** The answer of a call that names no schema: whatever JSON came (undefined when empty). */
export const AnyAnswer: Schema<unknown> = v.unknown();

/**
 * Checks a `request()` call before any I/O and fills the route: every placeholder needs a value
 * that follows AMS's name rule (the server checks every path variable against it too).
 */
export function prepareRequest(
  method: unknown,
  route: unknown,
  opts: AmsRequestOptions<unknown>,
  project: string,
): { path: string; secrets: string[] } {
  check(MethodSchema, method, 'method');
  check(RouteSchema, route, 'route');
  check(OptionsSchema, opts, 'request options');
  const params: Record<string, string> = { project, ...opts.params };
  const used = new Set<string>();
  const path = (route as string).replace(PLACEHOLDER, (_, key: string) => {
    used.add(key);
    const value = params[key];
    const field = `request options.params.${key}`;
    if (value === undefined) check(v.never(`needs a value for the route's {${key}}`), value, field);
    if (!NAME_PATTERN.test(value as string)) check(name, value, field);
    return value as string;
  });
  for (const key of Object.keys(opts.params ?? {})) {
    if (!used.has(key)) {
      check(
        v.never(`is not a placeholder of the route`),
        opts.params?.[key],
        `request options.params.${key}`,
      );
    }
  }
  const secrets = [
    ...(opts.secrets ?? []),
    ...(used.has('token') && params.token ? [params.token] : []),
  ];
  return { path, secrets };
}

import * as v from 'valibot';
import { InputValidationError } from '../errors.js';
import {
  describeRefusal,
  headersRule,
  optionsObject,
  retryRule,
  rule,
  statusesRule,
  timeoutRule,
} from '../options-schema.js';
import {
  arrayOf,
  type Check,
  fields,
  isBool,
  isHeaderName,
  isHeaderValue,
  isMethod,
  isObject,
  isRetryOption,
  isStatus,
  isString,
  isTimeoutOption,
} from './checks.js';

const tag = (x: unknown) => Object.prototype.toString.call(x);

const isHeaders: Check = (x) => {
  if (!isObject(x)) return false;
  for (const name in x) {
    const value = x[name];
    if (!isHeaderName(name) || (value !== undefined && !isHeaderValue(value))) return false;
  }
  return true;
};

const isQueryValue: Check = (x) =>
  x === undefined ||
  x === null ||
  typeof x === 'string' ||
  typeof x === 'boolean' ||
  (typeof x === 'number' && Number.isFinite(x));
const isUrlSearchParams: Check = (x) => tag(x) === '[object URLSearchParams]';
const isSearchParams: Check = (x) => {
  if (isUrlSearchParams(x)) return true;
  if (!isObject(x)) return false;
  for (const key in x) if (!isQueryValue(x[key])) return false;
  return true;
};

const BODY_TAGS = new Set([
  '[object ArrayBuffer]',
  '[object Blob]',
  '[object File]',
  '[object FormData]',
  '[object URLSearchParams]',
  '[object ReadableStream]',
]);
// By tag, not instanceof: touching the FormData global loads undici.
const isBody: Check = (x) =>
  typeof x === 'string' ||
  x instanceof Uint8Array ||
  BODY_TAGS.has(tag(x)) ||
  (typeof x === 'object' &&
    x !== null &&
    typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function');
const isSignal: Check = (x) => x instanceof AbortSignal;
const isSchema: Check = (x) =>
  typeof x === 'object' &&
  x !== null &&
  (x as { kind?: unknown }).kind === 'schema' &&
  (x as { async?: unknown }).async === false &&
  typeof (x as Record<string, unknown>)['~run'] === 'function';

const isRequestOptions = fields(
  new Map<string, Check>([
    ['method', isMethod],
    ['searchParams', isSearchParams],
    ['headers', isHeaders],
    ['json', () => true],
    ['body', isBody],
    ['signal', isSignal],
    ['timeout', isTimeoutOption],
    ['retry', isRetryOption],
    ['idempotent', isBool],
    ['okStatuses', arrayOf(isStatus)],
    ['secrets', arrayOf(isString)],
    ['schema', isSchema],
  ]),
);

const RequestOptionsSchema = optionsObject(
  {
    method: rule(isMethod, 'must be an HTTP method name (not CONNECT, TRACE or TRACK)'),
    searchParams: v.optional(
      v.lazy((input) =>
        isUrlSearchParams(input)
          ? v.unknown()
          : v.record(
              v.string(),
              rule(isQueryValue, 'must be a string, a finite number, a boolean or null'),
              'must be URLSearchParams or an object of query values',
            ),
      ),
    ),
    headers: headersRule,
    json: v.unknown(),
    body: rule(
      isBody,
      'must be a string, bytes, an ArrayBuffer, a Blob, URLSearchParams, FormData, a ReadableStream or an async iterable of bytes',
    ),
    signal: rule(isSignal, 'must be an AbortSignal'),
    timeout: v.optional(timeoutRule),
    retry: v.optional(retryRule),
    idempotent: rule(isBool, 'must be true or false'),
    okStatuses: statusesRule,
    secrets: v.optional(v.array(rule(isString, 'must be a string'), 'must be an array of strings')),
    schema: rule(isSchema, 'must be a synchronous valibot schema'),
  },
  'must be an object of request options (method, headers, json, retry ...)',
);

const refuse = (path: string, message: string): never => {
  throw new InputValidationError({ subject: 'request options', issues: [{ path, message }] });
};

/**
 * Checks one call's path and options before anything is sent: plain checks, then valibot only
 * to describe a refusal.
 * @throws {InputValidationError} naming the field and the rule
 */
export function checkRequest(path: unknown, req: unknown, method: string): void {
  if (typeof path !== 'string') refuse('path', 'must be a string');
  if (!isRequestOptions(req)) describeRefusal(RequestOptionsSchema, req, 'request options');
  const { body, json } = req as { body?: unknown; json?: unknown };
  if ((body !== undefined || json !== undefined) && (method === 'GET' || method === 'HEAD')) {
    refuse(json === undefined ? 'body' : 'json', `must not be given with ${method}`);
  }
  if (body !== undefined && json !== undefined) refuse('body', 'must not be given with json');
}

/**
 * `JSON.stringify(json)`, or an InputValidationError naming `json` (a cycle, a BigInt, a
 * function, or nesting too deep for the stack).
 */
export function serializeJson(json: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(json);
  } catch (error) {
    const reason = error instanceof RangeError ? 'is nested too deeply' : 'cannot be serialized';
    return refuse('json', `${reason} (${(error as Error).name}: ${(error as Error).message})`);
  }
  return text === undefined
    ? refuse('json', 'must be a JSON value, not a function or symbol')
    : text;
}

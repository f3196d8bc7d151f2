import * as v from 'valibot';
import { InputValidationError } from './errors.js';
import {
  type Check,
  isBool,
  isBudget,
  isCount,
  isFn,
  isHeaderName,
  isHeaderValue,
  isHttpUrl,
  isJitter,
  isMs,
  isMultiplier,
  isObject,
  isStatus,
  isString,
  isTimeoutValue,
  isToken,
  MAX_TIMER_MS,
} from './internal/checks.js';
import { type Schema, toProblems } from './validate.js';

// The schemas that describe a refusal: each rule is one of the plain predicates the fast checks
// use, so both agree. Messages never quote the value: a header value or a URL may be a secret.

/**
 * Throws an InputValidationError describing why `value` fails `schema`, with paths from the
 * options' root (`retry.limit`); returns when it passes.
 */
export function describeRefusal(schema: Schema, value: unknown, subject: string): void {
  const result = v.safeParse(schema as unknown as v.GenericSchema, value);
  if (!result.success)
    throw new InputValidationError({ subject, issues: toProblems(result.issues) });
}

/** A value that passes `check`, or undefined. */
export const rule = (check: Check, message: string): v.GenericSchema =>
  v.optional(v.custom<unknown>(check, message));

/** An object with only these keys; arrays refused (valibot's object takes them). */
export const optionsObject = (entries: v.ObjectEntries, message: string): v.GenericSchema =>
  v.pipe(v.custom<unknown>(isObject, message), v.strictObject(entries, message));

const arrayRule = (check: Check, item: string, message: string) =>
  v.optional(v.array(v.custom<unknown>(check, item), message));

const fn = rule(isFn, 'must be a function');
const bool = rule(isBool, 'must be true or false');
const MS = `must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`;
const timeoutValue = rule(isTimeoutValue, `${MS}, or false`);
const STATUS = 'must be an HTTP status (a whole number from 100 to 599)';
export const statusesRule: v.GenericSchema = arrayRule(
  isStatus,
  STATUS,
  'must be an array of HTTP statuses',
);

// The option's form is picked by the input's type (v.lazy): a union would report a bad field of
// an object as the whole option being of the wrong type.
/** `timeout`: ms (finite, 0 or more), `false`, or `{ response, deadline }` of those. */
export const timeoutRule: v.GenericSchema = v.lazy((input) =>
  typeof input === 'object' && input !== null
    ? optionsObject(
        { response: timeoutValue, deadline: timeoutValue },
        'must be an object with only response and deadline',
      )
    : timeoutValue,
);

const RetryObjectSchema = optionsObject(
  {
    limit: rule(isCount, 'must be a whole number, 0 or more'),
    methods: arrayRule(isToken, 'must be an HTTP method name', 'must be an array of methods'),
    statusCodes: statusesRule,
    retryServerErrors: bool,
    retryNetworkErrors: bool,
    retryTimeouts: bool,
    maxRetryAfter: rule(isMs, MS),
    budget: rule(isBudget, 'must be a number of milliseconds, 0 or more'),
    shouldRetry: fn,
    now: fn,
    sleep: fn,
    random: fn,
    baseDelay: rule(isMs, MS),
    multiplier: rule(isMultiplier, 'must be a finite number, 1 or more'),
    maxDelay: rule(isMs, MS),
    jitter: rule(isJitter, 'must be "full" or "none"'),
  },
  'must be an object of retry options (limit, methods, statusCodes ...)',
);

/** `retry`: a whole number (the limit), `false`, or retry options, each knob with its range. */
export const retryRule: v.GenericSchema = v.lazy((input) =>
  typeof input === 'object' && input !== null
    ? RetryObjectSchema
    : rule(
        (x) => x === false || isCount(x),
        'must be a whole number (the limit), false, or an object of retry options',
      ),
);

export const headersRule: v.GenericSchema = v.optional(
  v.record(
    v.custom<string>(
      isHeaderName,
      'must be a header name, and not one the transport sets (content-length, connection ...)',
    ),
    rule(isHeaderValue, 'must be a header value (no CR, LF or NUL)'),
    'must be an object of header names to values',
  ),
);

const pem: Check = (x) => isString(x) || x instanceof Uint8Array;
const PEM = 'must be PEM text or bytes';

const PluginSchema = v.object(
  {
    name: v.custom<unknown>((x) => isString(x) && x !== '', 'must be a non-empty string'),
    hooks: v.optional(
      optionsObject(
        { beforeRequest: fn, afterResponse: fn, beforeRetry: fn, beforeError: fn },
        'must be an object of hook functions',
      ),
    ),
  },
  'must be a plugin ({ name, hooks })',
);

export const ClientOptionsSchema: v.GenericSchema = optionsObject(
  {
    baseUrl: rule(isHttpUrl, 'must be an absolute http:// or https:// URL'),
    fetch: fn,
    transport: v.optional(
      v.object(
        { name: v.custom<unknown>(isString, 'must be a string'), connect: fn },
        'must be a transport (such as nodeHttpTransport())',
      ),
    ),
    headers: headersRule,
    timeout: v.optional(timeoutRule),
    retry: v.optional(retryRule),
    auth: v.optional(
      v.object(
        {
          type: v.custom<unknown>(isString, 'must be a string'),
          authenticate: v.custom<unknown>(isFn, 'must be a function'),
          refresh: fn,
          secrets: fn,
        },
        'must be an auth provider (such as basicAuth(...))',
      ),
    ),
    plugins: v.optional(
      v.pipe(
        v.array(PluginSchema, 'must be an array of plugins'),
        v.check(
          (plugins) => new Set(plugins.map((p) => p.name)).size === plugins.length,
          (issue) => {
            const names = (issue.input as { name: string }[]).map((p) => p.name);
            const twice = names.find((name, i) => names.indexOf(name) !== i);
            return `Duplicate HTTP plugin name "${twice}": plugin names must be unique`;
          },
        ),
      ),
    ),
    logger: fn,
    userAgent: rule(isHeaderValue, 'must be a header value (no CR, LF or NUL)'),
    tls: v.optional(
      optionsObject(
        {
          ca: rule((x) => pem(x) || (Array.isArray(x) && x.every(pem)), `${PEM}, or an array`),
          cert: rule(pem, PEM),
          key: rule(pem, PEM),
          rejectUnauthorized: bool,
        },
        'must be an object with only ca, cert, key and rejectUnauthorized',
      ),
    ),
    parseErrorBody: fn,
    validateResponses: bool,
    secretHeaders: arrayRule(isToken, 'must be a header name', 'must be an array of header names'),
    requestIdHeaders: arrayRule(
      isToken,
      'must be a header name',
      'must be an array of header names',
    ),
  },
  'must be an object of client options (baseUrl, auth, retry, timeout ...)',
);

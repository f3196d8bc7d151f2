import {
  InputValidationError,
  RetryInputSchema,
  toProblems,
  type ValidationProblem,
} from '@connectorkit/http-core';
import * as v from 'valibot';

/**
 * One parameter's rule: a plain check that runs on every call, and the valibot schema that
 * accepts exactly the same values and runs only to describe a refusal (path and message).
 */
export interface Rule {
  readonly test: (value: unknown) => boolean;
  readonly schema: v.GenericSchema;
}
/** A method's parameters and their rules. */
export type Rules = Readonly<Record<string, Rule>>;

const rule = (schema: v.GenericSchema, test: (value: unknown) => boolean): Rule => ({
  schema,
  test,
});
/** A rule whose plain check is valibot's own (for values that are rare or small). */
const described = (schema: v.GenericSchema): Rule => rule(schema, (x) => v.is(schema, x));

export const optional = (r: Rule): Rule =>
  rule(v.optional(r.schema), (x) => x === undefined || r.test(x));

export const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Text sent in a query string: a lone surrogate would be replaced by U+FFFD on the way. */
export const isQueryText = (x: unknown): x is string =>
  typeof x === 'string' && !LONE_SURROGATE.test(x);
const QueryText = v.pipe(
  v.string('must be a string'),
  v.check((s) => !LONE_SURROGATE.test(s), 'must be well-formed Unicode (no lone surrogate)'),
);

export const text: Rule = rule(v.string('must be a string'), (x) => typeof x === 'string');
export const queryText: Rule = rule(QueryText, isQueryText);
export const name: Rule = rule(
  v.pipe(QueryText, v.nonEmpty('must not be empty')),
  (x) => isQueryText(x) && x !== '',
);
export const flag: Rule = rule(v.boolean('must be true or false'), (x) => typeof x === 'boolean');

const wholeSchema = (min: number) =>
  v.pipe(
    v.number('must be a number'),
    v.safeInteger('must be a whole number'),
    v.minValue(min, `must be ${min} or more`),
  );
const isWhole = (x: unknown, min: number) => Number.isSafeInteger(x) && (x as number) >= min;
/** A whole number, `min` or more: a count, a limit, a number of ms. */
export const whole = (min: number): Rule => rule(wholeSchema(min), (x) => isWhole(x, min));

export const object: Rule = rule(
  v.custom<Record<string, unknown>>(isRecord, 'must be an object (not an array or null)'),
  isRecord,
);
export const array: Rule = rule(v.array(v.unknown(), 'must be an array'), Array.isArray);
export const strings: Rule = described(
  v.array(v.string('must be a string'), 'must be an array of strings'),
);
/** A JSON value a query sends in its body (`key`, `startKey` ...); cycles are caught when sent. */
export const jsonValue: Rule = rule(
  v.custom(
    (x) => typeof x !== 'function' && typeof x !== 'symbol' && typeof x !== 'bigint',
    'must be a JSON value',
  ),
  (x) => typeof x !== 'function' && typeof x !== 'symbol' && typeof x !== 'bigint',
);
export const oneOf = <T extends string>(values: readonly T[]): Rule =>
  rule(
    v.picklist(values, `must be one of ${values.map((s) => JSON.stringify(s)).join(', ')}`),
    (x) => values.includes(x as T),
  );

/** A revision: `N-hex`, as CouchDB writes them (`0-1` for local documents). */
export const REV_PATTERN = /^\d+-[0-9a-f]+$/i;
const RevSchema = v.pipe(
  v.string('must be a string'),
  v.regex(REV_PATTERN, 'must be a revision such as "1-967a00dff5e02add41819138abb3284d"'),
);
export const isRev = (x: unknown): x is string => typeof x === 'string' && REV_PATTERN.test(x);
export const rev: Rule = rule(RevSchema, isRev);
export const revs: Rule = rule(
  v.array(RevSchema, 'must be an array of revisions'),
  (x) => Array.isArray(x) && x.every(isRev),
);

/** Header values: node refuses control characters and anything above U+00FF. */
const HEADER_TEXT = /^[\t\x20-\x7e\x80-\xff]*$/;
export const headerText: Rule = rule(
  v.pipe(
    v.string('must be a string'),
    v.regex(HEADER_TEXT, 'must be header text (no control characters, nothing above U+00FF)'),
  ),
  (x) => typeof x === 'string' && HEADER_TEXT.test(x),
);

/** A header name as RFC 9110 allows it (a token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const isHeaderRecord = (x: unknown): boolean =>
  isRecord(x) &&
  Object.entries(x).every(
    ([name, value]) =>
      HEADER_NAME.test(name) && typeof value === 'string' && HEADER_TEXT.test(value),
  );
/** Per-call headers: names as HTTP allows them, values as header text. */
export const headerRecord: Rule = rule(
  v.pipe(
    v.record(
      v.pipe(v.string(), v.regex(HEADER_NAME, 'must be a header name (an HTTP token)')),
      v.pipe(
        v.string('must be a string'),
        v.regex(HEADER_TEXT, 'must be header text (no control characters, nothing above U+00FF)'),
      ),
      'must be an object of header names and values',
    ),
  ),
  isHeaderRecord,
);

const isSignal = (x: unknown) =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as AbortSignal).aborted === 'boolean' &&
  typeof (x as AbortSignal).addEventListener === 'function';
export const signal: Rule = rule(v.custom(isSignal, 'must be an AbortSignal'), isSignal);

/** A rule built from a schema alone, for rare, structured parameters. */
export const shaped = described;

/** Throws the InputValidationError a method's caller sees. */
export function refuse(subject: string, issues: ValidationProblem[]): never {
  throw new InputValidationError({ subject, issues });
}

/** `params` is not an object at all: `getDocument(null)`, `getDocument()`, `getDocument('x')`. */
function notAnObject(method: string, p: unknown): never {
  const got = p === null ? 'null' : Array.isArray(p) ? 'an array' : typeof p;
  return refuse(`${method} params`, [
    { path: 'params', message: `must be an object of parameters, not ${got}` },
  ]);
}

/**
 * Checks a method's params object and each of its fields before any request, naming every field
 * that breaks its rule. The plain checks run on every call; valibot runs only on a refusal.
 * @throws {InputValidationError} subject `<method> params`, one issue per field.
 */
export function checkParams(method: string, p: unknown, rules: Rules): void {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) notAnObject(method, p);
  const issues: ValidationProblem[] = [];
  for (const key in rules) {
    const r = rules[key] as Rule;
    const value = (p as Record<string, unknown>)[key];
    if (r.test(value)) continue;
    const result = v.safeParse(r.schema, value);
    const found = result.success ? [] : toProblems(result.issues, key);
    issues.push(...(found.length > 0 ? found : [{ path: key, message: 'is invalid' }]));
  }
  if (issues.length > 0) refuse(`${method} params`, issues);
}

/** `retry` of one call, checked as the client's is. */
export const retry: Rule = rule(
  RetryInputSchema,
  (x) => x === false || isWhole(x, 0) || (isRecord(x) && v.is(RetryInputSchema, x)),
);

/** What every call accepts besides its own parameters. */
export const CALL_RULES: Rules = {
  signal: optional(signal),
  retry: optional(retry),
  headers: optional(headerRecord),
};

/** A method that checks its params (and the call options) before it runs. */
export function checked<P, R>(method: string, rules: Rules, run: (p: P) => R): (p: P) => R {
  const all = { ...CALL_RULES, ...rules };
  return (p) => {
    checkParams(method, p, all);
    return run(p);
  };
}

/** {@link checked}, for methods whose params may be left out. */
export function checkedOptional<P, R>(
  method: string,
  rules: Rules,
  run: (p: P) => R,
): (p?: P) => R {
  const all = { ...CALL_RULES, ...rules };
  return (p) => {
    const params = p === undefined ? ({} as P) : p;
    checkParams(method, params, all);
    return run(params);
  };
}

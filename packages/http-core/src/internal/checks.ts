// Plain predicates for options and arguments: run on every call, and wrapped by the valibot
// schemas (options-schema.ts) that describe a refusal.

export type Check = (value: unknown) => boolean;

/** The longest delay a timer takes: a longer one fires at once (Node's TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2_147_483_647;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What Node's http module accepts in a header value (fetch accepts no more than a byte each). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Methods fetch refuses to send. */
const FORBIDDEN_METHOD = /^(connect|trace|track)$/i;
/** Framing and hop-by-hop headers: the transport sets them, and fetch refuses most of them. */
const TRANSPORT_HEADER =
  /^(connection|content-length|expect|keep-alive|proxy-connection|te|trailer|transfer-encoding|upgrade)$/i;

export const isFn: Check = (x) => typeof x === 'function';
export const isBool: Check = (x) => typeof x === 'boolean';
export const isString: Check = (x) => typeof x === 'string';
// NaN and Infinity fail these comparisons.
export const isMs: Check = (x) => typeof x === 'number' && x >= 0 && x <= MAX_TIMER_MS;
export const isCount: Check = (x) => Number.isInteger(x) && (x as number) >= 0;
export const isStatus: Check = (x) =>
  Number.isInteger(x) && (x as number) >= 100 && (x as number) <= 599;
export const isBudget: Check = (x) => typeof x === 'number' && x >= 0;
export const isMultiplier: Check = (x) =>
  typeof x === 'number' && x >= 1 && x < Number.POSITIVE_INFINITY;
export const isJitter: Check = (x) => x === 'full' || x === 'none';
export const isTimeoutValue: Check = (x) => x === false || isMs(x);
export const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
export const arrayOf =
  (check: Check): Check =>
  (x) =>
    Array.isArray(x) && x.every(check);

/** A header name a caller may set: a token, and not one the transport owns. */
export const isHeaderName: Check = (name) =>
  typeof name === 'string' && TOKEN.test(name) && !TRANSPORT_HEADER.test(name);
export const isHeaderValue: Check = (value) =>
  typeof value === 'string' && HEADER_VALUE.test(value);
export const isMethod: Check = (value) =>
  typeof value === 'string' && TOKEN.test(value) && !FORBIDDEN_METHOD.test(value);
export const isToken: Check = (value) => typeof value === 'string' && TOKEN.test(value);

export const isHttpUrl: Check = (text) => {
  if (typeof text !== 'string') return false;
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
};

/** Every key of `value` has a rule, and its value is undefined or passes it. */
export const fields =
  (rules: ReadonlyMap<string, Check>): Check =>
  (value) => {
    if (!isObject(value)) return false;
    for (const key in value) {
      const item = value[key];
      if (item === undefined) {
        if (!rules.has(key)) return false;
      } else if (!rules.get(key)?.(item)) return false;
    }
    return true;
  };

export const RETRY_RULES: ReadonlyMap<string, Check> = new Map<string, Check>([
  ['limit', isCount],
  ['methods', arrayOf(isToken)],
  ['statusCodes', arrayOf(isStatus)],
  ['retryServerErrors', isBool],
  ['retryNetworkErrors', isBool],
  ['retryTimeouts', isBool],
  ['maxRetryAfter', isMs],
  ['budget', isBudget],
  ['shouldRetry', isFn],
  ['now', isFn],
  ['sleep', isFn],
  ['random', isFn],
  ['baseDelay', isMs],
  ['multiplier', isMultiplier],
  ['maxDelay', isMs],
  ['jitter', isJitter],
]);
const isRetryObject = fields(RETRY_RULES);
export const isRetryOption: Check = (x) => x === false || isCount(x) || isRetryObject(x);

const isTimeoutObject = fields(
  new Map([
    ['response', isTimeoutValue],
    ['deadline', isTimeoutValue],
  ]),
);
export const isTimeoutOption: Check = (x) => isTimeoutValue(x) || isTimeoutObject(x);

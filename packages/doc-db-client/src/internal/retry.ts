import { type RetryOptions, retryPresets } from '@connectorkit/http-core';
import * as v from 'valibot';

/** What a caller may give as `retry`, to the client or to one call. */
export type RetryInput = RetryOptions | number | false | undefined;

/** The package's retry policy: ibm-cloud-sdk-core's knobs (4 retries, 408, 429, 500, 502-504). */
export const defaultRetry = (): RetryOptions => retryPresets.ibmCore();

/**
 * `retry` laid over `base`: a number is the limit, an object replaces only the fields it sets
 * (`{ limit: 8 }` keeps every default status), `false` turns retries off, `undefined` keeps
 * `base`. Over a base that is off, the package's defaults are the base.
 */
export function layRetry(retry: RetryInput, base: RetryOptions | false): RetryOptions | false {
  if (retry === undefined) return base;
  if (retry === false) return false;
  const under = base === false ? defaultRetry() : base;
  if (typeof retry === 'number') return { ...under, limit: retry };
  const out: RetryOptions = { ...under };
  for (const [key, value] of Object.entries(retry)) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** The policy of an http-core client made elsewhere, as an object calls can be laid over. */
export function retryOf(retry: RetryInput): RetryOptions | false {
  if (retry === false) return false;
  if (typeof retry === 'number') return { limit: retry };
  return retry ?? {};
}

const fn = v.custom((f) => typeof f === 'function', 'must be a function');
const ms = v.pipe(v.number('must be a number of ms'), v.minValue(0, 'must be 0 or more'));
const finiteMs = v.pipe(ms, v.finite('must be finite'));
const count = v.pipe(
  v.number('must be a number'),
  v.safeInteger('must be a whole number'),
  v.minValue(0, 'must be 0 or more'),
);

/** http-core's `RetryOptions`, each knob with its type and range. */
const RetryOptionsSchema = v.looseObject({
  limit: v.optional(count),
  methods: v.optional(
    v.array(
      v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty')),
      'must be an array of methods',
    ),
  ),
  statusCodes: v.optional(
    v.array(
      v.pipe(
        v.number('must be a number'),
        v.safeInteger('must be a whole number'),
        v.minValue(100, 'must be an HTTP status (100-599)'),
        v.maxValue(599, 'must be an HTTP status (100-599)'),
      ),
      'must be an array of HTTP statuses',
    ),
  ),
  retryServerErrors: v.optional(v.boolean('must be true or false')),
  retryNetworkErrors: v.optional(v.boolean('must be true or false')),
  retryTimeouts: v.optional(v.boolean('must be true or false')),
  maxRetryAfter: v.optional(ms),
  budget: v.optional(ms),
  shouldRetry: v.optional(fn),
  now: v.optional(fn),
  sleep: v.optional(fn),
  random: v.optional(fn),
  baseDelay: v.optional(finiteMs),
  multiplier: v.optional(
    v.pipe(
      v.number('must be a number'),
      v.finite('must be finite'),
      v.gtValue(0, 'must be over 0'),
    ),
  ),
  maxDelay: v.optional(finiteMs),
  jitter: v.optional(v.picklist(['full', 'none'], 'must be "full" or "none"')),
});

/** `retry`, for the client or one call: `false`, a number of retries, or retry options. */
export const RetryInputSchema: v.GenericSchema = v.lazy((input) =>
  typeof input === 'object' && input !== null && !Array.isArray(input)
    ? RetryOptionsSchema
    : v.union(
        [v.literal(false), count],
        'must be false, a whole number of retries (0 or more) or retry options',
      ),
);

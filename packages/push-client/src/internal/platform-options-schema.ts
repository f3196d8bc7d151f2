import * as v from 'valibot';
import {
  BooleanSchema,
  FunctionSchema,
  finiteNumber,
  MAX_TIMER_MS,
  Millis,
  optionsOf,
  wholeNumber,
} from './options-schemas.js';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// A header value is bytes: no control character but tab, nothing past U+00FF.
const HEADER_VALUE = /^[\t\u0020-\u007e\u0080-\u00ff]*$/;

/** An origin (and optional path) the Coveo paths are appended to. */
export const BaseUrlSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.check((s) => URL.canParse(s), 'must be an absolute URL'),
  v.check((s) => /^https?:$/.test(new URL(s).protocol), 'must be an http: or https: URL'),
  v.check((s) => {
    const u = new URL(s);
    return u.search === '' && u.hash === '' && !s.includes('?') && !s.includes('#');
  }, 'must not have a query or a fragment (the paths are appended to it)'),
);

const Backoff = optionsOf({
  retryAfter: v.optional(Millis),
  maxRetries: v.optional(wholeNumber(0, 1000)),
  timeMultiple: v.optional(finiteNumber(1, 1000)),
});

const RetryOptionsSchema = optionsOf({
  limit: v.optional(wholeNumber(0, 1000)),
  methods: v.optional(v.array(v.string('must be a string'), 'must be an array of methods')),
  statusCodes: v.optional(v.array(wholeNumber(100, 599), 'must be an array of statuses')),
  retryServerErrors: v.optional(BooleanSchema),
  retryNetworkErrors: v.optional(BooleanSchema),
  retryTimeouts: v.optional(BooleanSchema),
  maxRetryAfter: v.optional(Millis),
  budget: v.optional(
    v.union([Millis, v.literal(Number.POSITIVE_INFINITY)], 'must be milliseconds or Infinity'),
  ),
  baseDelay: v.optional(Millis),
  multiplier: v.optional(finiteNumber(1, 1000)),
  maxDelay: v.optional(Millis),
  jitter: v.optional(v.picklist(['full', 'none'], "must be 'full' or 'none'")),
  shouldRetry: v.optional(FunctionSchema),
  now: v.optional(FunctionSchema),
  sleep: v.optional(FunctionSchema),
  random: v.optional(FunctionSchema),
});

const byteLimit = v.optional(wholeNumber(1));

const moved = (key: string) =>
  v.optional(v.never(`is not a top-level option here: use backoff: { ${key} }`));

/** The entries of {@link PlatformOptionsSchema}, for calls that take some of them. */
export const platformOptionEntries: Record<string, v.GenericSchema<unknown, unknown>> = {
  region: v.optional(v.picklist(['us', 'eu', 'au', 'ca'], "must be 'us', 'eu', 'au' or 'ca'")),
  environment: v.optional(
    v.picklist(['prod', 'dev', 'stg', 'hipaa'], "must be 'prod', 'dev', 'stg' or 'hipaa'"),
  ),
  baseUrl: v.optional(BaseUrlSchema),
  fetch: v.optional(FunctionSchema),
  transport: v.optional(
    v.custom(
      (t) => typeof (t as { connect?: unknown } | null)?.connect === 'function',
      'must be an http-core transport (nodeHttpTransport())',
    ),
  ),
  http: v.optional(
    v.custom(
      (h) =>
        typeof (h as { extend?: unknown } | null)?.extend === 'function' &&
        typeof (h as { request?: unknown }).request === 'function' &&
        typeof (h as { options?: unknown }).options === 'object',
      'must be an http-core client (createHttpClient())',
    ),
  ),
  backoff: Backoff,
  retry: v.optional(
    v.union(
      [v.literal(false), wholeNumber(0, 1000), RetryOptionsSchema],
      'must be false, a retry limit from 0 to 1000 or retry options',
    ),
  ),
  timeout: v.optional(
    v.union(
      [v.literal(false), finiteNumber(1, MAX_TIMER_MS)],
      `must be false or milliseconds from 1 to ${MAX_TIMER_MS}`,
    ),
  ),
  logger: v.optional(FunctionSchema),
  plugins: v.optional(
    v.array(
      v.custom(
        (p) =>
          typeof p === 'object' && p !== null && typeof (p as { name?: unknown }).name === 'string',
        'must be an http-core plugin ({ name, hooks })',
      ),
      'must be an array of plugins',
    ),
  ),
  headers: v.optional(
    v.pipe(
      v.custom<Record<string, unknown>>(
        (h) => typeof h === 'object' && h !== null && !Array.isArray(h),
        'must be an object of header names to values',
      ),
      v.record(
        v.pipe(v.string(), v.regex(HEADER_NAME, 'header names must be HTTP tokens')),
        v.pipe(
          v.string('header values must be strings'),
          v.regex(
            HEADER_VALUE,
            'header values must not hold line breaks or characters past U+00FF',
          ),
        ),
      ),
    ),
  ),
  limits: optionsOf({
    requestBytes: byteLimit,
    containerBytes: byteLimit,
    catalogItemBytes: byteLimit,
  }),
  retryAfter: moved('retryAfter'),
  maxRetries: moved('maxRetries'),
  timeMultiple: moved('timeMultiple'),
};

/**
 * What `new PushSource(key, org, options)` and `new CatalogSource(...)` accept, checked when the
 * source is made: an unknown region would otherwise be retried as a DNS failure for minutes.
 */
export const PlatformOptionsSchema: v.GenericSchema<unknown, unknown> =
  optionsOf(platformOptionEntries);

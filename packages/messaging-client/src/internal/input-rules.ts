import { validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';

/*
 * The rules every argument is checked against before any request. Messages never quote the
 * value: a token or a certificate may be what was passed.
 */

/** AMS's rule for every name in a path (reference §3). */
export const NAME_PATTERN: RegExp = /^[a-zA-Z0-9_-]+$/;
/** The longest delay a timer takes (a longer one fires at once). */
export const MAX_TIMER_MS = 2_147_483_647;

/** A character that is neither printable ASCII (no space) nor beyond Latin-1's controls. */
const SPACE_OR_CONTROL = /[^\x21-\x7e\u00a1-\uffff]/;
export const hasSpaceOrControl = (value: string): boolean => SPACE_OR_CONTROL.test(value);

/** `https://host...`, with no space or control character (URL parsing would drop them). */
export const isHttpsUrl = (value: string): boolean => {
  if (!value.startsWith('https://') || hasSpaceOrControl(value)) return false;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
};

export const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

export const text: v.GenericSchema<string> = v.string('must be a string');
export const flag: v.GenericSchema<boolean> = v.boolean('must be true or false');
export const fn: v.GenericSchema<(...args: never[]) => unknown> = v.custom(
  (x) => typeof x === 'function',
  'must be a function',
);

export const name: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.nonEmpty('must not be empty'),
  v.regex(NAME_PATTERN, 'must contain only letters, digits, "_" and "-"'),
);
const N = NAME_PATTERN.source.slice(1, -1);
/** A subscription's short name or full name (`/projects/P/subscriptions/S`, slash optional). */
export const SubscriptionNameSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.regex(
    new RegExp(`^(?:/?projects/${N}/subscriptions/)?${N}$`),
    'must be a subscription name (letters, digits, "_" and "-"), or /projects/{project}/subscriptions/{name}',
  ),
);
export const names: v.GenericSchema<string[]> = v.array(name, 'must be an array of names');
export const strings: v.GenericSchema<string[]> = v.array(text, 'must be an array of strings');

/** A whole number in [min, max]. */
export const whole = (
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): v.GenericSchema<number> =>
  v.pipe(
    v.number('must be a number'),
    v.integer('must be a whole number'),
    v.minValue(min, `must be ${min} or more`),
    v.maxValue(max, `must be at most ${max}`),
  );

/** A finite number in [min, max]. */
export const finite = (min: number, max: number, unit = ''): v.GenericSchema<number> =>
  v.pipe(
    v.number(`must be a number${unit}`),
    v.finite('must be finite'),
    v.minValue(min, `must be ${min} or more`),
    v.maxValue(max, `must be at most ${max}`),
  );

/** Milliseconds a timer can wait. */
export const ms: v.GenericSchema<number> = finite(0, MAX_TIMER_MS, ' of milliseconds');

/** A valid date that AMS's `YYYY-MM-DDTHH:MM:SS.mmmZ` and `YYYY-MM-DD` forms can write. */
export const date: v.GenericSchema<Date> = v.pipe(
  v.date('must be a valid Date'),
  v.check((d) => {
    const year = d.getUTCFullYear();
    return year >= 0 && year <= 9999;
  }, 'must fall in the years 0 to 9999'),
);

export const signal: v.GenericSchema<AbortSignal> = v.custom(
  (x) => x instanceof AbortSignal,
  'must be an AbortSignal',
);

/** The client a topic or subscription object is bound to (checked by shape: no import cycle). */
export const ClientSchema: v.GenericSchema<unknown> = v.custom(
  (x) =>
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { publish?: unknown }).publish === 'function' &&
    typeof (x as { pullSub?: unknown }).pullSub === 'function',
  'must be an ArgoMessagingService',
);

/** An optional options object (neither an array nor null) with at least these checked fields. */
export const options = (entries: v.ObjectEntries): v.GenericSchema<unknown> =>
  v.optional(
    v.pipe(
      v.custom<Record<string, unknown>>(isRecord, 'must be an object'),
      v.looseObject(entries),
    ),
  );

/** An HTTP header name (an RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A header value: no line break and no control character but tab. */
const HEADER_VALUE = /^[\t -~\u0080-\u00ff]*$/;

/** A call's extra headers; `x-api-key` is the client's (see `assignToken`). */
export const headers: v.GenericSchema<unknown> = v.pipe(
  v.custom<Record<string, unknown>>(isRecord, 'must be an object of header names to strings'),
  v.record(
    v.pipe(
      v.string(),
      v.regex(HEADER_NAME, "must be a header name (letters, digits and !#$%&'*+.^_`|~-)"),
      v.check((n) => n.toLowerCase() !== 'x-api-key', 'must not be x-api-key (use assignToken)'),
    ),
    v.pipe(
      v.string('must be a string'),
      v.regex(HEADER_VALUE, 'must be a header value (no line break or control character)'),
    ),
  ),
);

/** The options every call takes: a signal, a timeout, headers, and the seed's retry knobs. */
export const callEntries: v.ObjectEntries = {
  signal: v.optional(signal),
  timeout: v.optional(finite(1, MAX_TIMER_MS, ' of milliseconds')),
  headers: v.optional(headers),
  retry: v.optional(whole(0)),
  retrysleep: v.optional(finite(0, MAX_TIMER_MS / 1000, ' of seconds')),
  retrybackoff: v.optional(finite(0, MAX_TIMER_MS / 1000, ' (a factor)')),
};
export const CallOptionsSchema: v.GenericSchema<unknown> = options(callEntries);

/** Checks one argument, throwing InputValidationError naming `subject` and the rule. */
export function check(schema: v.GenericSchema<unknown>, value: unknown, subject: string): void {
  validateInput(schema, value, subject);
}

/** Checks a call's options (signal and retry knobs). */
export function checkCall(value: unknown, method: string): void {
  check(CallOptionsSchema, value, `${method} options`);
}

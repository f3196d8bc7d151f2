import * as v from 'valibot';

/** The longest delay a Node timer keeps (a longer one fires at once). */
export const MAX_TIMER_MS = 2_147_483_647;

/** A plain object (not null, not an array): what every options argument must be. */
export const isOptionsObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A plain object: made by `{}`, `Object.create(null)` or another realm's `{}` (a vm context,
 * an iframe, a test environment), not an instance of a class (a Date, a Map).
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** An options object holding `entries`; `undefined` is allowed and stands for `{}`. */
export function optionsOf(entries: v.ObjectEntries): v.GenericSchema<unknown, unknown> {
  return v.optional(
    v.pipe(
      v.custom<Record<string, unknown>>(isOptionsObject, 'must be an object'),
      v.object(entries),
    ),
  );
}

export const FunctionSchema: v.GenericSchema<(...args: never[]) => unknown> = v.custom(
  (f) => typeof f === 'function',
  'must be a function',
);
export const BooleanSchema: v.GenericSchema<boolean> = v.boolean('must be true or false');

/** A whole number in [min, max]. */
export const wholeNumber = (
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
export const finiteNumber = (min: number, max: number): v.GenericSchema<number> =>
  v.pipe(
    v.number('must be a number'),
    v.finite('must be finite'),
    v.minValue(min, `must be ${min} or more`),
    v.maxValue(max, `must be at most ${max}`),
  );

/** Milliseconds a timer can wait. */
export const Millis: v.GenericSchema<number> = finiteNumber(0, MAX_TIMER_MS);

/** `{ signal }`: an `AbortSignal` or nothing. */
export const SignalSchema: v.GenericSchema<AbortSignal | undefined> = v.optional(
  v.custom<AbortSignal>(
    (s) =>
      typeof s === 'object' &&
      s !== null &&
      typeof (s as AbortSignal).aborted === 'boolean' &&
      typeof (s as AbortSignal).addEventListener === 'function',
    'must be an AbortSignal',
  ),
);

/** The options every call takes last: `{ signal }`. */
export const CallOptionsSchema: v.GenericSchema<unknown, unknown> = optionsOf({
  signal: SignalSchema,
});

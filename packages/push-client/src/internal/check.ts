import { InputValidationError } from '@connectorkit/http-core';
import * as v from 'valibot';

/**
 * Checks one value against a valibot schema and throws an {@link InputValidationError} naming
 * `path` (e.g. `metadata.Foo`) and the rule, before any request is sent.
 */
export function check<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  subject: string | { toString(): string },
  path: string,
  /** A cheap test of the common valid case; valibot runs (and explains) when it says no. */
  quick?: (value: unknown) => boolean,
): v.InferOutput<S> {
  if (quick?.(value)) return value as v.InferOutput<S>;
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  throw new InputValidationError({
    subject: String(subject),
    issues: result.issues.map((issue) => {
      const keys = (issue.path ?? []).map((p) => String((p as { key: unknown }).key));
      return { path: [path, ...keys].filter(Boolean).join('.'), message: issue.message };
    }),
  });
}

/** An {@link InputValidationError} for one field and one rule. */
export function invalid(
  subject: string | { toString(): string },
  path: string,
  message: string,
): InputValidationError {
  return new InputValidationError({ subject: String(subject), issues: [{ path, message }] });
}

import { InputValidationError } from '@connectorkit/http-core';
import * as v from 'valibot';

/**
 * Checks one value against a valibot schema and throws an {@link InputValidationError} naming
 * `path` (e.g. `metadata.Foo`) and the rule, before any request is sent.
 */
export function check<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  subject: string,
  path: string,
): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  throw invalid(subject, path, result.issues[0]?.message ?? 'invalid value');
}

/** An {@link InputValidationError} for one field and one rule. */
export function invalid(subject: string, path: string, message: string): InputValidationError {
  return new InputValidationError({ subject, issues: [{ path, message }] });
}

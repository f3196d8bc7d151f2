import { InputValidationError, toProblems } from '@connectorkit/http-core';
import * as v from 'valibot';

/**
 * Parses one argument of a public function, or throws InputValidationError naming the function,
 * the argument (and field) and the rule; messages never quote the value.
 */
export function checkArgument<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  subject: string,
  name: string,
): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  throw new InputValidationError({ subject, issues: toProblems(result.issues, name) });
}

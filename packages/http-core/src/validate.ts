import * as v from 'valibot';
import { InputValidationError, type ValidationProblem } from './errors.js';

/** Any valibot schema, sync or async. */
export type AnySchema = v.GenericSchema | v.GenericSchemaAsync;

/** Turns valibot issues into `{ path, message }` pairs such as `{ path: 'doc._id', message: ... }`. */
export function toProblems(
  issues: readonly v.BaseIssue<unknown>[],
  root = '',
): ValidationProblem[] {
  return issues.map((issue) => {
    const keys = (issue.path ?? []).map((item) => String((item as { key: unknown }).key));
    const path = [root, ...keys].filter(Boolean).join('.');
    return { path, message: issue.message };
  });
}

/**
 * Validates a caller's argument before any request. Throws {@link InputValidationError} naming
 * every field that broke a rule, and the rule; returns the parsed value otherwise.
 * @example const doc = validateInput(DocumentSchema, input, 'document');
 */
export function validateInput<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  subject: string,
): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  throw new InputValidationError({ subject, issues: toProblems(result.issues, subject) });
}

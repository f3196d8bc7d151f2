import * as v from 'valibot';
import { InputValidationError, type ValidationProblem } from './errors.js';

/**
 * A synchronous valibot schema whose output is `T`. Only its shape is named, so schemas built
 * with any copy of valibot 1.x fit: http-core bundles its own, and TypeScript infers `T` through
 * `~types` where it could not match two copies of valibot's generic types.
 */
export interface Schema<T = unknown> {
  readonly kind: 'schema';
  readonly async: false;
  readonly '~types'?: { readonly output: T } | undefined;
}

/** Any valibot schema, sync or async. */
export type AnySchema = Schema | (Omit<Schema, 'async'> & { readonly async: true });

/** A valibot issue, as far as error messages use it. */
export interface SchemaIssue {
  readonly message: string;
  readonly path?: readonly { readonly key: unknown }[] | undefined;
}

/** Turns valibot issues into `{ path, message }` pairs such as `{ path: 'doc._id', message: ... }`. */
export function toProblems(issues: readonly SchemaIssue[], root = ''): ValidationProblem[] {
  return issues.map((issue) => {
    const keys = (issue.path ?? []).map((item) => String(item.key));
    const path = [root, ...keys].filter(Boolean).join('.');
    return { path, message: issue.message };
  });
}

/**
 * Validates a caller's argument before any request. Throws {@link InputValidationError} naming
 * every field that broke a rule, and the rule; returns the parsed value otherwise.
 * @example const doc = validateInput(DocumentSchema, input, 'document');
 */
export function validateInput<T>(schema: Schema<T>, value: unknown, subject: string): T {
  const result = v.safeParse(schema as unknown as v.GenericSchema<unknown, T>, value);
  if (result.success) return result.output;
  throw new InputValidationError({ subject, issues: toProblems(result.issues, subject) });
}

import { toProblems } from '@connectorkit/http-core';
import * as v from 'valibot';
import { InvalidParameterError } from '../errors.js';

/**
 * Parses `value` with `schema`, or throws {@link InvalidParameterError} naming `subject`, each
 * field (`path`, from `root`) and the rule it broke. Messages never quote the value: a rejected
 * password must not end up in a log.
 */
export function checkInput<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  subject: string,
  root = '',
): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  throw invalid(subject, toProblems(result.issues, root));
}

/** The error for problems found outside a schema (a rule across two arguments). */
export function invalid(
  subject: string,
  issues: readonly { path: string; message: string }[],
): InvalidParameterError {
  const detail = issues.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ');
  return new InvalidParameterError({
    message: `Invalid ${subject}: ${detail}`,
    type: 'InvalidParameterError',
    shortMessage: detail,
    subject,
    issues,
  });
}

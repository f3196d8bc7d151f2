import { validateInput } from '@connectorkit/http-core';
import { NAME_PATTERN, name as NameSchema } from './input-rules.js';

const isName = (value: unknown): value is string =>
  typeof value === 'string' && NAME_PATTERN.test(value);

/**
 * Accepts `name`, `projects/P/<kind>/name` or `/projects/P/<kind>/name`; returns the project and
 * the short name, both checked against AMS's name rule.
 */
export function resolveName(
  kind: 'topics' | 'subscriptions',
  name: unknown,
  project: string,
): { project: string; name: string } {
  const subject = kind === 'topics' ? 'topic' : 'subscription';
  if (isName(name)) return { project, name };
  const parts = typeof name === 'string' ? name.replace(/^\//, '').split('/') : [];
  if (parts.length === 4 && parts[0] === 'projects' && parts[2] === kind) {
    return { project: checkName(parts[1], 'project'), name: checkName(parts[3], subject) };
  }
  return { project, name: checkName(name, subject) };
}

/** The name when it follows AMS's rule; InputValidationError naming `subject` otherwise. */
export function checkName(value: unknown, subject: string): string {
  return isName(value) ? value : validateInput(NameSchema, value, subject);
}

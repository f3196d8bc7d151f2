import { validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';

const NameSchema = v.pipe(
  v.string(),
  v.regex(/^[a-zA-Z0-9_-]+$/, 'only letters, digits, "_" and "-"'),
);

/**
 * Accepts `name`, `projects/P/<kind>/name` or `/projects/P/<kind>/name`; returns the project and
 * the short name, both checked against AMS's name rule.
 */
export function resolveName(
  kind: 'topics' | 'subscriptions',
  name: string,
  project: string,
): { project: string; name: string } {
  const subject = kind === 'topics' ? 'topic' : 'subscription';
  const parts = typeof name === 'string' ? name.replace(/^\//, '').split('/') : [];
  if (parts.length === 4 && parts[0] === 'projects' && parts[2] === kind) {
    return {
      project: validateInput(NameSchema, parts[1], 'project'),
      name: validateInput(NameSchema, parts[3], subject),
    };
  }
  return { project, name: validateInput(NameSchema, name, subject) };
}

export function checkName(value: string, subject: string): string {
  return validateInput(NameSchema, value, subject);
}

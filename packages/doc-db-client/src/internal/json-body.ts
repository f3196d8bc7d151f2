import type { ValidationProblem } from '@connectorkit/http-core';
import { refuse } from './rules.js';

/** The content type of a body serialised here rather than by http-core's `json`. */
export const JSON_TYPE = { 'content-type': 'application/json' } as const;

/**
 * Where in `value` JSON.stringify gave up, found only after it did: a cycle, a BigInt, or nesting
 * too deep for the stack. Own enumerable keys are walked as JSON.stringify walks them.
 */
function locate(
  value: unknown,
  path: string,
  ancestors: Set<object>,
  depth: number,
): ValidationProblem | undefined {
  if (typeof value === 'bigint') return { path, message: 'cannot be sent as JSON (a BigInt)' };
  if (typeof value !== 'object' || value === null) return undefined;
  if (ancestors.has(value)) {
    return { path, message: 'cannot be sent as JSON (a circular reference)' };
  }
  if (depth > 2_000) return { path, message: 'is nested too deeply to be sent as JSON' };
  ancestors.add(value);
  for (const key of Object.keys(value)) {
    const child = path === '' ? key : `${path}.${key}`;
    const found = locate((value as Record<string, unknown>)[key], child, ancestors, depth + 1);
    if (found) return found;
  }
  ancestors.delete(value);
  return undefined;
}

/**
 * `JSON.stringify(value)`, or an InputValidationError naming the path (from `path`) of what
 * cannot be serialised: a circular reference, a BigInt, nesting too deep, a throwing `toJSON`.
 * `source` is what the path is searched in, when `value` was built from it (a request body built
 * from params names the parameter, not the wire field).
 */
export function toJson(
  value: unknown,
  subject: string,
  path: string = subject,
  source: unknown = value,
): string {
  try {
    return JSON.stringify(value);
  } catch {
    const problem = locate(source, path, new Set(), 0) ?? {
      path,
      message: 'cannot be sent as JSON (its toJSON() threw)',
    };
    return refuse(subject, [problem]);
  }
}

/** The JSON text of one document to write, which must serialise to a JSON object. */
export function documentJson(document: object, subject: string, path: string = subject): string {
  const text = toJson(document, subject, path);
  // A toJSON() may turn the object into anything, or into nothing.
  if (typeof text !== 'string' || text.charCodeAt(0) !== 123) {
    refuse(subject, [{ path, message: 'must serialise to a JSON object' }]);
  }
  return text;
}

/**
 * `{"docs":[...]}` for `_bulk_docs`, each document serialised once, on its own, so that each
 * one's JSON is at hand (its size, and what a retried call compares against the server's copy).
 */
export function bulkDocsJson(
  docs: readonly object[],
  newEdits: boolean | undefined,
): { body: string; parts: string[] } {
  const parts = new Array<string>(docs.length);
  for (let i = 0; i < docs.length; i++)
    parts[i] = documentJson(docs[i] as object, 'docs', `docs.${i}`);
  const tail = newEdits === undefined ? ']}' : `],"new_edits":${newEdits}}`;
  return { body: `{"docs":[${parts.join(',')}${tail}`, parts };
}

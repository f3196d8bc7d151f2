import { toProblems, type ValidationProblem } from '@connectorkit/http-core';
import * as v from 'valibot';
import { type Document, DocumentSchema } from '../schemas/common.js';
import { refuse } from './rules.js';

/**
 * True when `DocumentSchema` accepts the value as it is: a plain object whose reserved fields have
 * their types. Anything else (class instances, arrays, wrong fields) goes to {@link problemsOf},
 * which decides and names what is wrong.
 */
function isPlainDocument(value: unknown): value is Document {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const { _id, _rev, _deleted } = value as Record<string, unknown>;
  return (
    (_id === undefined || (typeof _id === 'string' && _id !== '')) &&
    (_rev === undefined || typeof _rev === 'string') &&
    (_deleted === undefined || typeof _deleted === 'boolean')
  );
}

const toTag = Object.prototype.toString;
const describe = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'string'
        ? 'a string (send JSON text as bytes: new TextEncoder().encode(text))'
        : typeof value === 'object'
          ? `a ${toTag.call(value).slice(8, -1)}`
          : `a ${typeof value}`;
/** Documents named one by one in an error; the rest are counted. */
const MAX_NAMED = 10;

/**
 * What is wrong with a document that is not a plain one: not an object the way JSON writes one
 * (an array, a string, null, a Map, a Date ...), or reserved fields of the wrong type. A class
 * instance with the right fields passes.
 */
function problemsOf(value: unknown, path: string): ValidationProblem[] {
  if (typeof value !== 'object' || value === null || toTag.call(value) !== '[object Object]') {
    return [{ path, message: `must be a plain object, not ${describe(value)}` }];
  }
  const result = v.safeParse(DocumentSchema, value);
  return result.success ? [] : toProblems(result.issues, path);
}

/**
 * A document to write, checked against `DocumentSchema`; the value itself is returned (no copy).
 * @throws {InputValidationError} naming the field and the rule.
 */
export function checkDocument(value: unknown, subject: string): Document {
  if (isPlainDocument(value)) return value;
  const problems = problemsOf(value, subject);
  if (problems.length > 0) refuse(subject, problems);
  return value as Document;
}

/** An array of documents (`_bulk_docs`), checked as {@link checkDocument} checks one. */
export function checkDocuments(value: unknown, subject: string): Document[] {
  if (!Array.isArray(value)) {
    refuse(subject, [{ path: subject, message: 'must be an array of documents' }]);
  }
  if (value.every(isPlainDocument)) return value;
  const problems: ValidationProblem[] = [];
  let bad = 0;
  for (let i = 0; i < value.length; i++) {
    if (isPlainDocument(value[i])) continue;
    const found = problemsOf(value[i], `${subject}.${i}`);
    if (found.length > 0 && ++bad <= MAX_NAMED) problems.push(...found);
  }
  if (bad > MAX_NAMED) {
    problems.push({ path: subject, message: `${bad} documents in all are invalid` });
  }
  if (problems.length > 0) refuse(subject, problems);
  return value as Document[];
}

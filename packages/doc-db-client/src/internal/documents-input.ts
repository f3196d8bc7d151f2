import { validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';
import { type Document, DocumentSchema } from '../schemas/common.js';

const DocsSchema = v.array(DocumentSchema, 'must be an array of documents');

/**
 * True when `DocumentSchema` accepts the value as it is: a plain object whose reserved fields have
 * their types. Anything else (class instances, arrays, wrong fields) goes through valibot, which
 * decides and names what is wrong.
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

/**
 * A document to write, checked against `DocumentSchema`. A valid plain object is sent as it is
 * rather than as valibot's copy: one copy less per document, and the same JSON.
 * @throws {InputValidationError} naming the field and the rule.
 */
export function checkDocument(value: unknown, subject: string): Document {
  return isPlainDocument(value)
    ? value
    : (validateInput(DocumentSchema, value, subject) as Document);
}

/** An array of documents (`_bulk_docs`), checked as {@link checkDocument} checks one. */
export function checkDocuments(value: unknown, subject: string): Document[] {
  if (Array.isArray(value) && value.every(isPlainDocument)) return value;
  return validateInput(DocsSchema, value, subject) as Document[];
}

import * as v from 'valibot';
import { DocumentBuilder } from '../document-builder.js';
import { LIMITS } from '../document-rules.js';
import { invalid } from './check.js';
import { IdSchema, isId } from './text-rules.js';
import { utf8Length } from './utf8.js';

/** Anything with `marshal()`: a `DocumentBuilder` or a caller's own builder. */
export interface Marshallable {
  marshal(): object;
}

export const isMarshallable = (value: unknown): value is Marshallable =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { marshal?: unknown }).marshal === 'function';

/** A `DocumentBuilder` checked every field as it was set: its output needs no second look. */
const isChecked = (doc: Marshallable): boolean =>
  doc instanceof DocumentBuilder && doc.marshal === DocumentBuilder.prototype.marshal;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/**
 * `marshal()` and `JSON.stringify` of one document, once, with what a caller's own builder may
 * get wrong refused as an `InputValidationError` (not a `TypeError` from `JSON.stringify`): not a
 * builder, an answer that is not an object, a `documentId` Coveo refuses, inline data of 5 MB or
 * more, a value JSON cannot carry (a cycle, a BigInt).
 */
export function serializeDocument(
  doc: unknown,
  subject: string,
  path: string,
): { body: Record<string, unknown>; json: string } {
  if (!isMarshallable(doc)) {
    throw invalid(
      subject,
      path,
      `must be a DocumentBuilder (an object with marshal()), not ${describe(doc)}`,
    );
  }
  const body = doc.marshal() as Record<string, unknown>;
  const checked = isChecked(doc);
  if (!checked) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw invalid(subject, path, `marshal() must return an object, not ${describe(body)}`);
    }
    if (!isId(body.documentId)) {
      const issue = v.safeParse(IdSchema, body.documentId).issues?.[0]?.message ?? 'is invalid';
      throw invalid(subject, `${path}.documentId`, issue);
    }
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(body);
  } catch (error) {
    throw invalid(subject, path, `cannot be sent as JSON (${(error as Error).message})`);
  }
  if (json === undefined) throw invalid(subject, path, 'cannot be sent as JSON');
  if (!checked && json.length >= LIMITS.inlineDataBytes) {
    for (const key of ['data', 'compressedBinaryData']) {
      const value = body[key];
      if (typeof value === 'string' && utf8Length(value) >= LIMITS.inlineDataBytes) {
        throw invalid(
          subject,
          `${path}.${key}`,
          'must be under 5 MB; use compressedBinaryDataFileId',
        );
      }
    }
  }
  return { body, json };
}

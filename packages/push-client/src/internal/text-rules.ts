import * as v from 'valibot';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** True when the text holds a C0 control, DEL or a C1 control. */
export function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

/** True for a non-empty string with no control character and no lone surrogate. */
export const isId = (value: unknown): value is string =>
  typeof value === 'string' && value !== '' && !hasControl(value) && !LONE_SURROGATE.test(value);

export const NO_CONTROL = 'must not contain control characters (NUL, tab, line breaks, DEL, C1)';
export const WELL_FORMED = 'must be well-formed Unicode (no lone surrogate)';

/**
 * An id or URI Coveo takes (a document URI, a permanent id, a source or provider id): a
 * non-empty string without control characters, which Coveo refuses and a query parameter or a
 * header cannot carry unchanged, and without lone surrogates (a URL encodes them as U+FFFD, so
 * the query and the body would name two different items). Messages never quote the value.
 */
export const IdSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.nonEmpty('must not be empty'),
  v.check((s) => !hasControl(s), NO_CONTROL),
  v.check((s) => !LONE_SURROGATE.test(s), WELL_FORMED),
);

/** A string without lone surrogates (any text sent as JSON: titles, metadata, names). */
export const isWellFormed = (value: string): boolean => !LONE_SURROGATE.test(value);

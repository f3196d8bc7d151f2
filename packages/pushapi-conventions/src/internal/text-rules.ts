import * as v from 'valibot';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// A multipart name or filename with `%0A` or `%22` in it is read back as a line break or quote.
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;

/** The longest URI, name or checkpoint a query parameter carries, percent-encoded (4 KiB). */
export const MAX_ENCODED_LENGTH = 4096;

export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);
/** C0, DEL and C1: no URI or multipart name carries them unchanged. */
export function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}
const encodedLength = (text: string): number =>
  isWellFormed(text) ? encodeURIComponent(text).length : 0;

const WELL_FORMED = 'must be well-formed Unicode (no lone surrogate)';
const NO_CONTROL = 'must not contain control characters (NUL, line breaks, tabs, DEL, C1)';
const NOT_TOO_LONG = `must be at most ${MAX_ENCODED_LENGTH} characters once percent-encoded`;

/** Any text sent as it is (meta values, part content): a string of well-formed Unicode. */
export const Text: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.check(isWellFormed, WELL_FORMED),
);

/** Text without control characters (stamps, connector types, MIME hints). */
export const PlainText: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.check(isWellFormed, WELL_FORMED),
  v.check((t) => !hasControl(t), NO_CONTROL),
);

/** What a URI carries: no control character, at most 4 KiB encoded; empty when `allowEmpty`. */
export function uriLike(allowEmpty: boolean): v.GenericSchema<string> {
  return v.pipe(
    v.string('must be a string'),
    v.check((t) => allowEmpty || t !== '', 'must not be empty'),
    v.check(isWellFormed, WELL_FORMED),
    v.check((t) => !hasControl(t), NO_CONTROL),
    v.check((t) => encodedLength(t) <= MAX_ENCODED_LENGTH, NOT_TOO_LONG),
  );
}

/** A checkpoint value: any well-formed text without NUL, at most 4 KiB encoded. */
export const CheckpointValue: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.check(isWellFormed, WELL_FORMED),
  v.check((t) => !t.includes('\u0000'), 'must not contain NUL'),
  v.check((t) => encodedLength(t) <= MAX_ENCODED_LENGTH, NOT_TOO_LONG),
);

/** A name inside a multipart field name (metas, directives, parts, fields) or a filename. */
export function multipartName(extra?: { pattern: RegExp; rule: string }): v.GenericSchema<string> {
  return v.pipe(
    v.string('must be a string'),
    v.nonEmpty('must not be empty'),
    v.check(isWellFormed, WELL_FORMED),
    v.check((t) => !hasControl(t), NO_CONTROL),
    v.check((t) => !PERCENT_ESCAPE.test(t), 'must not contain a percent-escape such as %22'),
    v.check((t) => extra === undefined || extra.pattern.test(t), extra?.rule ?? ''),
  );
}

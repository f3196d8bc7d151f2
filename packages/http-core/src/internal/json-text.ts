/**
 * Deepest nesting of arrays and objects read from an answer. `JSON.parse` itself copes with more,
 * but whatever walks the value afterwards (a recursive schema, `JSON.stringify`, a caller's
 * code) overflows the stack around a few thousand levels; no service answer nests this deep.
 */
export const MAX_JSON_DEPTH = 1_000;

/**
 * Whether `text[from, to)` nests arrays and objects deeper than `limit` (strings skipped), to
 * refuse an answer before `JSON.parse` builds a value nothing can walk. A slice shorter than twice
 * the limit cannot, and is not scanned, so callers checking rows one by one pay one comparison
 * for rows of ordinary size.
 * @example if (nestsDeeperThan(line, 0, line.length, MAX_JSON_DEPTH)) throw new Error('too deep');
 */
export function nestsDeeperThan(text: string, from: number, to: number, limit: number): boolean {
  // Nesting past the limit takes more than `limit` opening brackets.
  if (to - from <= limit * 2) return false;
  let depth = 0;
  let inString = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** A parsed JSON text, or what is wrong with it. An empty text is `undefined`. */
export type JsonText = { ok: true; value: unknown } | { ok: false; problem: string };

/** Parses an answer's JSON without letting a `SyntaxError` or a stack overflow escape. */
export function parseJsonText(text: string): JsonText {
  if (text === '') return { ok: true, value: undefined };
  if (nestsDeeperThan(text, 0, text.length, MAX_JSON_DEPTH)) {
    return { ok: false, problem: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    // V8's message quotes the text around the fault, which may hold a secret: keep the position.
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    return { ok: false, problem: `invalid JSON${at === undefined ? '' : ` at position ${at}`}` };
  }
}

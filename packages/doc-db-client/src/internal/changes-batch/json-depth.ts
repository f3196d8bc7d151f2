/**
 * Deepest nesting of arrays and objects accepted in a `_changes` answer, as http-core accepts in
 * any JSON answer: `JSON.parse` copes with more, but whatever walks the value afterwards
 * (`JSON.stringify`, a recursive schema, the application) overflows the stack a few thousand
 * levels down.
 */
export const MAX_JSON_DEPTH = 1_000;

/**
 * Whether `text[from, to)` nests arrays and objects deeper than `limit` (strings skipped). A
 * slice shorter than twice the limit cannot, and is not scanned: callers check row lines one by
 * one, so rows of ordinary size cost one comparison.
 */
export function nestsDeeperThan(text: string, from: number, to: number, limit: number): boolean {
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

/**
 * How Erlang's `~w` writes a decoded JSON value, for the CouchDB messages that quote one:
 * strings as binaries of their bytes (`<<120>>`), objects as `{[{Key,Value}]}`.
 */
export function erlangTerm(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value === true || value === false) return String(value);
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : erlangFloat(value);
  if (typeof value === 'string') return `<<${[...Buffer.from(value, 'utf8')].join(',')}>>`;
  if (Array.isArray(value)) return `[${value.map(erlangTerm).join(',')}]`;
  const members = Object.entries(value as Record<string, unknown>).map(
    ([k, v]) => `{${erlangTerm(k)},${erlangTerm(v)}}`,
  );
  return `{[${members.join(',')}]}`;
}

/** Erlang writes floats with the shortest digits that read back, and always a `.` or an `e`. */
function erlangFloat(n: number): string {
  const text = String(n);
  if (/e/.test(text)) return text.replace(/e\+?/, 'e').replace(/^(-?\d+)e/, '$1.0e');
  return text;
}

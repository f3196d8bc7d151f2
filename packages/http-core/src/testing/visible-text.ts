import { inspect } from 'node:util';

/**
 * Everything a value shows to whoever renders it, as one text: for an error and each error in its
 * `cause` chain, `String(e)`, the stack, `JSON.stringify` of the error and of its own enumerable
 * fields, and `util.inspect` with hidden fields, plus `JSON.stringify` of any log events. A
 * secret sweep asserts that no secret occurs in it.
 * @example expect(visibleText(error, events)).not.toContain(password);
 */
export function visibleText(value: unknown, events: readonly unknown[] = []): string {
  const parts: string[] = [
    safeJson(events),
    inspect(value, { depth: 20, showHidden: true, getters: true }),
    inspect(events, { depth: 20, showHidden: true }),
  ];
  const seen = new Set<unknown>();
  let current: unknown = value;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    parts.push(String(current), safeJson(current));
    if (current instanceof Error) {
      parts.push(current.stack ?? '', safeJson({ ...current }), current.message);
      for (const key of Object.getOwnPropertyNames(current)) {
        parts.push(safeJson((current as unknown as Record<string, unknown>)[key]));
      }
    }
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch (error) {
    return `[unserialisable: ${String(error)}]`;
  }
}

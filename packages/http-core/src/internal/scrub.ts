import { REDACTED } from '../redact.js';
import type { SecretSet } from './secret-set.js';

/** Deeper values are replaced whole: they cannot be checked without risking the stack. */
const MAX_DEPTH = 1_100;

/**
 * A copy of `value` with every secret cut out of its strings and keys (arrays and plain objects
 * are copied; errors are scrubbed in place; anything else is kept).
 */
function copy(value: unknown, secrets: SecretSet, seen: Map<object, unknown>, depth: number) {
  if (typeof value === 'string') return secrets.redact(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) return REDACTED;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (value instanceof Error) {
    seen.set(value, value);
    scrubInPlace(value, secrets, seen, depth);
    return value;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(copy(item, secrets, seen, depth + 1));
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const key of Object.keys(value)) {
    out[secrets.redact(key)] = copy(
      (value as Record<string, unknown>)[key],
      secrets,
      seen,
      depth + 1,
    );
  }
  return out;
}

function scrubInPlace(error: Error, secrets: SecretSet, seen: Map<object, unknown>, depth: number) {
  for (const key of Object.getOwnPropertyNames(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    let current: unknown;
    try {
      current = descriptor && 'value' in descriptor ? descriptor.value : (error as never)[key];
    } catch {
      continue;
    }
    if (typeof current !== 'string' && (typeof current !== 'object' || current === null)) continue;
    const next = copy(current, secrets, seen, depth + 1);
    if (next === current) continue;
    try {
      Object.defineProperty(error, key, {
        value: next,
        writable: true,
        configurable: true,
        enumerable: descriptor?.enumerable ?? false,
      });
    } catch {
      // A frozen error from elsewhere: leave it as it is.
    }
  }
}

/**
 * Cuts every secret out of an error and its `cause` chain, in place: message, stack, every own
 * field (data, body, headers, issues ...), whatever its name. Returns the same error.
 */
export function scrubError<E>(error: E, secrets: SecretSet): E {
  if (secrets.size > 0 && error instanceof Error) scrubInPlace(error, secrets, new Map(), 0);
  return error;
}

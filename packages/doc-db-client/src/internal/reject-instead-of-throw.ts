/**
 * Makes every method of an operations object report argument errors as a rejected promise rather
 * than a synchronous throw, so `client.x(...).catch(...)` and `await` both see them.
 */
export function rejectInsteadOfThrow<T extends object>(operations: T): T {
  const out = {} as Record<string, unknown>;
  for (const [name, value] of Object.entries(operations)) {
    out[name] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            try {
              return (value as (...a: unknown[]) => unknown)(...args);
            } catch (error) {
              return Promise.reject(error);
            }
          }
        : value;
  }
  return out as T;
}

import { ConfigError } from '../errors.js';

interface ProcessLike {
  release?: { name?: string };
  getBuiltinModule?: (name: string) => unknown;
}

const proc = (globalThis as { process?: ProcessLike }).process;

/** Where this code runs, as an error message names it. */
export function runtimeName(): string {
  if ('Deno' in globalThis) return 'Deno';
  if ('Bun' in globalThis) return 'Bun';
  if (proc?.release?.name === 'node') return 'Node.js';
  return 'this runtime (a browser or a worker)';
}

/** True on Node.js itself (Deno and Bun answer to `process` too, but run fetch natively). */
export const onNode: boolean =
  proc?.release?.name === 'node' && !('Deno' in globalThis) && !('Bun' in globalThis);

/**
 * A Node built-in module, looked up when first needed and never imported statically, so a
 * browser bundle of the main entry reaches no `node:*` module. `undefined` where there is none.
 */
export function nodeBuiltin<T>(name: `node:${string}`): T | undefined {
  return proc?.getBuiltinModule?.(name) as T | undefined;
}

/**
 * A Node built-in a feature cannot do without (files, client certificates).
 * @throws {ConfigError} naming the feature and the runtime, where the module does not exist.
 */
export function requireNodeBuiltin<T>(name: `node:${string}`, feature: string): T {
  const found = nodeBuiltin<T>(name);
  if (found) return found;
  throw new ConfigError({
    problems: [
      { path: feature, message: `needs Node.js (${name}), which ${runtimeName()} does not have` },
    ],
  });
}

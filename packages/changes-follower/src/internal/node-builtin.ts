import { ConfigError } from '@connectorkit/http-core';

interface ProcessLike {
  release?: { name?: string };
  getBuiltinModule?: (name: string) => unknown;
}

/** Where this code runs, as an error message names it. */
function runtimeName(): string {
  if ('Deno' in globalThis) return 'Deno';
  if ('Bun' in globalThis) return 'Bun';
  const proc = (globalThis as { process?: ProcessLike }).process;
  if (proc?.release?.name === 'node') return 'this Node.js (no process.getBuiltinModule)';
  return 'this runtime (a browser or a worker)';
}

/**
 * A Node built-in module that a Node-only feature (file checkpoints, `readable()`) needs, looked
 * up when the feature is used and never imported statically: a browser bundle of the main entry
 * reaches no `node:*` module. Node.js, Deno and Bun all have `process.getBuiltinModule`.
 * @throws {ConfigError} naming the feature, the module and the runtime, where there is none.
 */
export function nodeBuiltin<T>(name: `node:${string}`, feature: string): T {
  const proc = (globalThis as { process?: ProcessLike }).process;
  const found = proc?.getBuiltinModule?.(name) as T | undefined;
  if (found) return found;
  throw new ConfigError({
    context: feature,
    problems: [
      {
        path: name,
        message: `${feature} works on Node.js (or Deno, Bun) only; ${runtimeName()} has no ${name}`,
      },
    ],
  });
}

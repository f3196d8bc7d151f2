import { ConfigError } from '@connectorkit/http-core';

interface ProcessLike {
  release?: { name?: string };
  getBuiltinModule?: (name: string) => unknown;
}

const proc = (): ProcessLike | undefined => (globalThis as { process?: ProcessLike }).process;

/**
 * A Node built-in module, looked up when it is needed (`process.getBuiltinModule`, Node 20.16+)
 * and never imported, so that a browser bundle of the main entry reaches no `node:*` module.
 * `undefined` where there is none.
 */
export function nodeBuiltin<T>(name: `node:${string}`): T | undefined {
  return proc()?.getBuiltinModule?.(name) as T | undefined;
}

/**
 * A Node built-in a feature cannot do without (reading files).
 * @throws {ConfigError} naming the feature and the runtime, where the module does not exist.
 */
export function requireNodeBuiltin<T>(name: `node:${string}`, feature: string): T {
  const found = nodeBuiltin<T>(name);
  if (found) return found;
  const runtime =
    'Deno' in globalThis
      ? 'Deno'
      : 'Bun' in globalThis
        ? 'Bun'
        : proc()?.release?.name === 'node'
          ? 'Node.js'
          : 'this runtime (a browser or a worker)';
  throw new ConfigError({
    problems: [
      {
        path: feature,
        message: `reads files with ${name}, which ${runtime} does not have; pass the documents to the call that takes them (an array or an async iterable) instead`,
      },
    ],
  });
}

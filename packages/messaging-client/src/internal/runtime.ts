import { ConfigError } from '@connectorkit/http-core';

interface ProcessLike {
  release?: { name?: string };
  getBuiltinModule?: (name: string) => unknown;
}

const proc = (): ProcessLike | undefined => (globalThis as { process?: ProcessLike }).process;

/** Where this code runs, as an error message names it. */
export function runtimeName(): string {
  if ('Deno' in globalThis) return 'Deno';
  if ('Bun' in globalThis) return 'Bun';
  if (proc()?.release?.name === 'node') return 'Node.js';
  return 'this runtime (a browser or a worker)';
}

/**
 * The x509 login presents a client certificate, which only node:https can do: a browser cannot
 * (it asks the user for a certificate itself, and fetch takes none).
 * @throws {ConfigError} naming the runtime, where node:https does not exist
 */
export function assertCanPresentCertificate(): void {
  if (proc()?.getBuiltinModule?.('node:https')) return;
  throw new ConfigError({
    context: 'ArgoMessagingService',
    problems: [
      {
        path: 'cert',
        message: `the x509 login (cert and key) needs node:https to present a client certificate, which ${runtimeName()} does not have; log in where it runs (a server) and pass the token instead`,
      },
    ],
  });
}

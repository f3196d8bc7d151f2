import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createDocDbClient } from '@connectorkit/doc-db-client';
import { isConfigError } from '@connectorkit/http-core';
import { recordCalls } from '@connectorkit/http-core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangesFollower, createFileCheckpointStore } from './index.js';

/*
 * The main entry runs wherever fetch does: bundled for the browser (the @connectorkit packages
 * left external, as they bundle on their own), it reaches no `node:*` module and no `Buffer`.
 * The file checkpoint store and readable() look their Node modules up when used, and say so
 * where there are none. esbuild is tsup's, so no dependency is added.
 */

type Build = (options: object) => Promise<{
  outputFiles: { text: string }[];
  metafile: { inputs: Record<string, { imports: { path: string }[] }> };
}>;
const tsup = createRequire(import.meta.url).resolve('tsup');
const { build } = createRequire(tsup)('esbuild') as { build: Build };

it('bundles for the browser with no node:* import and no Buffer', async () => {
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    external: ['@connectorkit/*'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const imports = Object.values(result.metafile.inputs).flatMap((i) =>
    i.imports.map((m) => m.path),
  );
  expect(imports.filter((path) => path.startsWith('node:'))).toEqual([]);
  const code = result.outputFiles.map((f) => f.text).join('\n');
  expect(code).not.toMatch(/\bBuffer\b/);
  expect(code).not.toMatch(/from\s*["']node:/);
});

describe('the Node-only parts, where Node modules are missing', () => {
  const proc = process as { getBuiltinModule?: unknown };
  let saved: unknown;
  beforeEach(() => {
    saved = proc.getBuiltinModule;
    proc.getBuiltinModule = undefined;
  });
  afterEach(() => {
    proc.getBuiltinModule = saved;
  });

  it('createFileCheckpointStore and readable() fail with a ConfigError naming the feature and the runtime, before any request', async () => {
    const calls = recordCalls();
    const client = createDocDbClient({ url: 'http://127.0.0.1:9', fetch: calls });
    let storeError: unknown;
    try {
      createFileCheckpointStore('./seq.json');
    } catch (e) {
      storeError = e;
    }
    expect(isConfigError(storeError)).toBe(true);
    expect((storeError as Error).message).toMatch(
      /createFileCheckpointStore.*node:fs\/promises.*Node\.js \(or Deno, Bun\) only; this Node\.js \(no process\.getBuiltinModule\)/,
    );
    const run = new ChangesFollower({ client, db: 'feed' }).startOneOff();
    let streamError: unknown;
    try {
      run.readable();
    } catch (e) {
      streamError = e;
    }
    expect(isConfigError(streamError)).toBe(true);
    expect((streamError as Error).message).toMatch(/readable\(\).*node:stream/);
    expect(calls.calls).toHaveLength(0);
  });
});

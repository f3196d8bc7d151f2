import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, it } from 'vitest';

/*
 * The main entry runs wherever fetch does: bundled for the browser (the @connectorkit packages
 * left external, as they bundle on their own), it reaches no `node:*` module and no `Buffer`.
 * esbuild is tsup's, so no dependency is added.
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

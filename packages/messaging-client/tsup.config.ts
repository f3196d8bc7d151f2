import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  // valibot is bundled, tree-shaken, and its types inlined: installing the package fetches no
  // dependency but @connectorkit/http-core (valibot itself is 1.3 MB installed).
  noExternal: ['valibot'],
  dts: { resolve: ['valibot'] },
  clean: true,
  target: 'node20',
  removeNodeProtocol: false,
  define: { __VERSION__: JSON.stringify(version) },
});

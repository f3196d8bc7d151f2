import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  // ky and valibot are bundled, tree-shaken, and valibot's types inlined: installing the package
  // then fetches no dependency at all (valibot alone is 1.3 MB installed, ky 0.5 MB).
  noExternal: ['ky', 'valibot'],
  dts: { resolve: ['valibot'] },
  clean: true,
  target: 'node20',
  removeNodeProtocol: false,
  define: { __VERSION__: JSON.stringify(version) },
});

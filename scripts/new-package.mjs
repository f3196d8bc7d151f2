#!/usr/bin/env node
// Scaffolds packages/<name> with the layout every connectorkit package shares.
// Usage: node scripts/new-package.mjs <folder> "<one-line purpose>"
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [folder, purpose = 'TODO: one-line purpose'] = process.argv.slice(2);
if (!folder || !/^[a-z][a-z0-9-]*$/.test(folder)) {
  console.error('usage: node scripts/new-package.mjs <kebab-case-folder> "<purpose>"');
  process.exit(2);
}
const dir = join(process.cwd(), 'packages', folder);
if (existsSync(dir)) {
  console.error(`packages/${folder} exists already`);
  process.exit(2);
}
const name = `@connectorkit/${folder}`;
const entry = (base) => ({
  import: { types: `./dist/${base}.d.ts`, default: `./dist/${base}.js` },
  require: { types: `./dist/${base}.d.cts`, default: `./dist/${base}.cjs` },
});
const pkg = {
  name,
  version: '0.0.0',
  description: purpose,
  license: 'Apache-2.0',
  type: 'module',
  sideEffects: false,
  engines: { node: '>=20.19' },
  repository: {
    type: 'git',
    url: 'git+https://github.com/connectorkit/connectorkit.git',
    directory: `packages/${folder}`,
  },
  publishConfig: { access: 'public', provenance: true },
  files: ['dist'],
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.cts',
  exports: {
    '.': entry('index'),
    './testing': entry('testing'),
    './package.json': './package.json',
  },
  scripts: {
    build: 'tsup',
    dev: 'tsup --watch',
    test: 'vitest run',
    'test:watch': 'vitest',
    typecheck: 'tsc --noEmit',
    'check:package': 'publint --strict && attw --pack . --profile node16',
    size: 'size-limit',
    clean: 'rm -rf dist coverage .turbo',
  },
  'size-limit': [{ path: 'dist/index.js', limit: '3 kB', ignore: ['@connectorkit/http-core'] }],
  dependencies: {},
  devDependencies: {},
};
mkdirSync(join(dir, 'src', 'testing'), { recursive: true });
const write = (file, text) => writeFileSync(join(dir, file), text);
write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
write(
  'tsconfig.json',
  `${JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src'] }, null, 2)}\n`,
);
write(
  'tsup.config.ts',
  `import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  // valibot is bundled (tree-shaken, types inlined) and no source maps are published: see
  // CONTRIBUTING.md, "Packaging". Keep valibot under devDependencies.
  noExternal: ['valibot'],
  dts: { resolve: ['valibot'] },
  clean: true,
  target: 'node20',
  removeNodeProtocol: false,
  define: { __VERSION__: JSON.stringify(version) },
});
`,
);
write(
  'vitest.config.ts',
  `import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __VERSION__: JSON.stringify('0.0.0-test') },
  test: { include: ['src/**/*.test.ts'], testTimeout: 30_000 },
});
`,
);
write(
  'src/version.ts',
  "declare const __VERSION__: string | undefined;\n\n/** This package's version (replaced at build time; `0.0.0-dev` when run from source). */\nexport const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';\n",
);
write('src/index.ts', "export { VERSION } from './version.js';\n");
write('src/testing/index.ts', "export { VERSION } from '../version.js';\n");
write(
  'README.md',
  `# ${name}

${purpose}

## Install

\`\`\`sh
npm install ${name}
\`\`\`
`,
);
console.log(`created packages/${folder}`);

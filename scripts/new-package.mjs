#!/usr/bin/env node
// Scaffolds packages/<name>: a client package on http-core's service seam (src/service.ts), its
// errors, one checked operation, a simulator on createSimulatorServer and a loopback test of both.
// Usage: node scripts/new-package.mjs <kebab-case-folder> "<one-line purpose>"
// CONNECTORKIT_PACKAGES_DIR writes elsewhere than ./packages (the scaffold's own test uses it).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageFiles } from './new-package/files.mjs';

const [folder, purpose = 'TODO: one line that says what it is.'] = process.argv.slice(2);
if (!folder || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(folder)) {
  console.error('usage: node scripts/new-package.mjs <kebab-case-folder> "<purpose>"');
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(process.env.CONNECTORKIT_PACKAGES_DIR ?? join(root, 'packages'), folder);
if (existsSync(dir)) {
  console.error(`${dir} exists already`);
  process.exit(2);
}
for (const [file, text] of Object.entries(packageFiles(folder, purpose))) {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), text);
}
copyFileSync(join(root, 'LICENSE'), join(dir, 'LICENSE'));
// Formatted and imports sorted as the repository's biome settings want (names change line lengths).
const biome = join(root, 'node_modules', '.bin', 'biome');
if (existsSync(biome))
  spawnSync(biome, ['check', '--write', '--vcs-use-ignore-file=false', dir], { stdio: 'ignore' });
console.log(`created ${dir}
next: node scripts/pnpm.mjs install, then fill src/service.ts (the profile of your service),
src/testing/simulator.ts (its routes) and the README outline.`);

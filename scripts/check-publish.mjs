#!/usr/bin/env node
// Runs `pnpm publish -r --dry-run` and checks what each tarball would hold: only dist/, README,
// LICENSE, CHANGELOG, package.json (and testing/package.json, which resolves ./testing for
// TypeScript's node10 resolution), with LICENSE and CHANGELOG present. Exits 1 otherwise.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = spawnSync(
  process.execPath,
  ['scripts/pnpm.mjs', 'publish', '-r', '--dry-run', '--no-git-checks'],
  { cwd: root, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'notice' } },
);
const output = `${run.stdout}\n${run.stderr}`;
if (run.status !== 0) {
  process.stderr.write(output);
  console.error(`pnpm publish --dry-run failed (exit ${run.status})`);
  process.exit(1);
}

const ALLOWED =
  /^(dist\/.+|README\.md|LICENSE|CHANGELOG\.md|package\.json|testing\/package\.json)$/;
const REQUIRED = ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json'];
const tarballs = new Map();
let current;
let listing = false;
for (const line of output.split('\n')) {
  const text = line.replace(/^npm notice\s?/, '');
  const header = /^📦\s+(\S+)$/.exec(text.trim());
  if (header) {
    current = header[1];
    tarballs.set(current, []);
    listing = false;
  } else if (text.startsWith('Tarball Contents')) listing = true;
  else if (text.startsWith('Tarball Details')) listing = false;
  else if (listing && current) {
    const file = /^\s*[\d.]+k?M?B\s+(.+)$/.exec(text);
    if (file) tarballs.get(current).push(file[1].trim());
  }
}

const problems = [];
if (tarballs.size === 0) problems.push('no tarball listed by pnpm publish --dry-run');
for (const [name, files] of tarballs) {
  for (const file of files) if (!ALLOWED.test(file)) problems.push(`${name}: ships ${file}`);
  for (const file of REQUIRED) if (!files.includes(file)) problems.push(`${name}: lacks ${file}`);
  if (!files.some((file) => file.startsWith('dist/'))) problems.push(`${name}: lacks dist/`);
  console.log(`${name}: ${files.length} files, ok so far`);
}
if (problems.length > 0) {
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(
  `publish dry run: ${tarballs.size} packages, each only dist, README, LICENSE, CHANGELOG`,
);

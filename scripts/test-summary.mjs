#!/usr/bin/env node
// Adds up the vitest JSON reports of every workspace package and prints one closing line,
// `Tests: N passed, N failed, N skipped`, so CI can read the totals of a multi-package run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const totals = { passed: 0, failed: 0, skipped: 0 };
const packages = [];
for (const group of ['packages', 'apps', 'tests', 'examples', 'bench']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  const single = group === 'bench' || group === 'examples';
  const candidates = single ? [dir] : readdirSync(dir).map((name) => join(dir, name));
  for (const pkg of candidates) {
    const file = join(pkg, '.vitest-report.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    totals.passed += report.numPassedTests ?? 0;
    totals.failed += report.numFailedTests ?? 0;
    totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    packages.push(`${pkg.slice(root.length)}: ${report.numPassedTests} passed`);
  }
}
for (const line of packages) console.log(`  ${line}`);
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);

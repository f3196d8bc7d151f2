#!/usr/bin/env node
// Runs the pinned pnpm through npx so a fresh machine needs only Node.js and npm
// (no global pnpm, no corepack). The version comes from package.json#packageManager.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('../package.json', import.meta.url);
const { packageManager } = JSON.parse(readFileSync(root, 'utf8'));
const spec = packageManager.split('+')[0];
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const result = spawnSync(npx, ['--yes', spec, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, npm_config_update_notifier: 'false' },
});
process.exit(result.status ?? 1);

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// Two levels under the root, as packages/<name> is, so the generated relative paths hold.
const parent = mkdtempSync(join(root, '.scaffold-check-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

function run(command: string, args: string[], cwd = root, env: Record<string, string> = {}) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', ...env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const scaffold = (...args: string[]) =>
  run(process.execPath, ['scripts/new-package.mjs', ...args], root, {
    CONNECTORKIT_PACKAGES_DIR: parent,
  });

describe('scripts/new-package.mjs', () => {
  it('writes a package on the service seam whose own test passes, typed, formatted', () => {
    const made = scaffold('shop-client', 'A client for the shop.');
    expect(made.status, made.output).toBe(0);
    const dir = join(parent, 'shop-client');
    const service = readFileSync(join(dir, 'src/service.ts'), 'utf8');
    expect(service).toContain('defineService({');
    expect(service).toContain("name: 'shop-client'");
    expect(readFileSync(join(dir, 'src/errors.ts'), 'utf8')).toContain(
      "defineError(HttpError, 'ShopError')",
    );
    expect(existsSync(join(dir, 'LICENSE'))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.files).toEqual(['dist', 'testing/package.json', 'CHANGELOG.md']);
    expect(pkg.repository.directory).toBe('packages/shop-client');

    // The dependencies of a package that uses http-core, as pnpm links them for a real one.
    symlinkSync(join(root, 'packages/messaging-client/node_modules'), join(dir, 'node_modules'));
    const types = run(join(dir, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.'], dir);
    expect(types.status, types.output).toBe(0);
    const tests = run(join(dir, 'node_modules/.bin/vitest'), ['run'], dir);
    expect(tests.status, tests.output).toBe(0);
    expect(tests.output).toMatch(/5 passed/);
    expect(tests.output).toContain('Every function was called by a test.');
    const lint = run(join(root, 'node_modules/.bin/biome'), [
      'check',
      '--vcs-use-ignore-file=false',
      dir,
    ]);
    expect(lint.status, lint.output).toBe(0);
  });

  it('refuses a name that is not kebab-case, and a package that exists', () => {
    expect(scaffold('Shop_Client').status).toBe(2);
    expect(scaffold('shop-').status).toBe(2);
    expect(scaffold('shop-client').output).toContain('exists already');
  });
});

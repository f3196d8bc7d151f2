import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCouchDbSimulator } from '@connectorkit/doc-db-client/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

/*
 * The README's quick start, run as written in its own Node process against the CouchDB simulator:
 * only the two package names are pointed at this package's source and doc-db-client's build, and
 * the environment names the simulator. It follows, is stopped by SIGTERM, and resumes from its
 * checkpoint file.
 */

const packageDir = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
const snippet = /## Quick start\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

function docDbClientEntry(): string {
  const manifest = require.resolve('@connectorkit/doc-db-client/package.json');
  const exported = JSON.parse(readFileSync(manifest, 'utf8')).exports['.'].import.default;
  return pathToFileURL(join(dirname(manifest), exported)).href;
}

const sim = createCouchDbSimulator({ admins: { reader: 'quick-start-pw' } });
let url: string;
let close: () => Promise<void>;
beforeAll(async () => {
  const server = await sim.listen();
  url = server.url;
  close = server.close;
  sim.createDatabase('orders');
  sim.writeDocuments('orders', [{ _id: 'before-start' }]);
});
afterAll(() => close());

function run(script: string, cwd: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', require.resolve('tsx'), script],
    {
      cwd,
      env: {
        ...process.env,
        CLOUDANT_URL: url,
        CLOUDANT_AUTH_TYPE: 'BASIC',
        CLOUDANT_USERNAME: 'reader',
        CLOUDANT_PASSWORD: 'quick-start-pw',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, out: () => out, err: () => err };
}

it('runs as written: follows, stops on SIGTERM, and resumes from its checkpoint', async () => {
  expect(snippet).toContain("createFileCheckpointStore('./orders.seq.json')");
  const dir = mkdtempSync(join(tmpdir(), 'quick-start-'));
  const script = join(dir, 'quick-start.mts');
  writeFileSync(
    script,
    snippet
      .replace(
        "'@connectorkit/changes-follower'",
        `'${pathToFileURL(join(packageDir, 'src/index.ts')).href}'`,
      )
      .replace("'@connectorkit/doc-db-client'", `'${docDbClientEntry()}'`),
  );

  const first = run(script, dir);
  // Continuous from now: once its longpoll waits, new changes reach it.
  await expect.poll(() => sim.openRequests(), { timeout: 15_000 }).toBe(1);
  sim.writeDocuments('orders', [{ _id: 'order-1' }, { _id: 'order-2' }]);
  await expect.poll(() => first.out(), { timeout: 10_000 }).toMatch(/order-2 1-/);
  first.child.kill('SIGTERM');
  expect(await first.exited, first.err()).toBe(0);
  expect(first.out()).toMatch(/^order-1 1-\w+\norder-2 1-\w+\n$/);
  expect(JSON.parse(readFileSync(join(dir, 'orders.seq.json'), 'utf8')).seq).toEqual(
    expect.any(String),
  );

  // Written while it was down: the restarted follower starts at its checkpoint, not at now.
  sim.writeDocuments('orders', [{ _id: 'order-3' }]);
  const second = run(script, dir);
  await expect.poll(() => second.out(), { timeout: 15_000 }).toMatch(/order-3 1-/);
  second.child.kill('SIGTERM');
  expect(await second.exited, second.err()).toBe(0);
  expect(second.out()).toMatch(/^order-3 1-\w+\n$/);
  expect(existsSync(join(dir, 'orders.seq.json'))).toBe(true);
}, 40_000);

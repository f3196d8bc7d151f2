import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFlows } from './bundle.js';
import { expectFlows } from './expect-flows.js';
import type { FlowResults } from './flows.js';
import { type Services, startServices } from './services.js';

const run = promisify(execFile);
const bin = (name: string) =>
  fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let services: Services;
let dir: string;
let bundle: string;

beforeAll(async () => {
  services = await startServices();
  bundle = await bundleFlows();
  dir = await mkdtemp(join(tmpdir(), 'ck-runtimes-'));
  await writeFile(join(dir, 'flows.js'), bundle);
  // One runner for Deno and Bun: endpoints in, results out as one JSON line.
  await writeFile(
    join(dir, 'runner.js'),
    `import { runFlows } from './flows.js';
const arg = globalThis.Deno ? Deno.args[0] : process.argv[2];
console.log(JSON.stringify(await runFlows(JSON.parse(arg))));
`,
  );
});
afterAll(async () => {
  await services?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// Well under the certificate login's 120 s timeout (flows.ts): a runtime that a timer or
// listener the packages left behind holds open fails here instead of passing slowly.
const EXIT_WITHIN_MS = 30_000;

async function inProcess(command: string, args: string[]): Promise<FlowResults> {
  const { stdout } = await run(command, args, { cwd: dir, timeout: EXIT_WITHIN_MS }).catch(
    (error: { killed?: boolean }) => {
      if (!error.killed) throw error;
      throw new Error(`${command} did not end by itself within ${EXIT_WITHIN_MS} ms`, {
        cause: error,
      });
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as FlowResults;
}

describe('the packages in other runtimes', () => {
  it('Deno runs every flow', async () => {
    const results = await inProcess(bin('deno'), [
      'run',
      '--allow-net=127.0.0.1',
      '--no-prompt',
      'runner.js',
      JSON.stringify(services.endpoints),
    ]);
    expectFlows(results, 'Deno', services.coveoDocuments);
  });

  it('Bun runs every flow', async () => {
    const results = await inProcess(bin('bun'), ['runner.js', JSON.stringify(services.endpoints)]);
    expectFlows(results, 'Bun', services.coveoDocuments);
  });

  it('headless Chromium runs every flow from a page of another origin', async () => {
    if (!existsSync(CHROMIUM)) {
      // CI installs Chromium (.ci/run); there a missing browser is a failure, not a pass.
      if (process.env.CI)
        throw new Error(`no browser at ${CHROMIUM}: .ci/run must install chromium`);
      console.warn(
        `NO BROWSER: ${CHROMIUM} not found; the Chromium flows did not run (CI runs them)`,
      );
      return;
    }
    const page: LoopbackServer = await startLoopbackServer((req, res) => {
      const js = req.url === '/flows.js';
      res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html' });
      res.end(js ? bundle : '<!doctype html><title>flows</title>');
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (error) => errors.push(String(error)));
      await tab.goto(`${page.url}/`);
      // A string, not a function: vitest would rewrite the import() inside a function.
      const results = (await tab.evaluate(
        `import('${page.url}/flows.js').then((f) => f.runFlows(${JSON.stringify(services.endpoints)}))`,
      )) as FlowResults;
      expect(errors).toEqual([]);
      expectFlows(results, 'Chromium', services.coveoDocuments);
    } finally {
      await browser.close();
      await page.close();
    }
  });
});

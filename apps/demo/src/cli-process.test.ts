import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built CLI, run as users run it (the demo's test task builds it first, see turbo.json).
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exit,
    out: () => stdout,
    err: () => stderr,
    /** Resolves once stderr matches, rejects if the process ends first. */
    waitForErr: (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = stderr.match(pattern);
          if (match) {
            child.stderr?.off('data', check);
            resolve(match);
          }
        };
        child.stderr?.on('data', check);
        child.once('exit', () => reject(new Error(`exited first; stderr:\n${stderr}`)));
        check();
      }),
  };
}

function kill(child: ChildProcess) {
  if (child.exitCode === null) child.kill('SIGKILL');
}

describe('the demo CLI as a process', () => {
  it('--follow reads the feed, picks up a new document, and exits cleanly on SIGINT', async () => {
    const demo = run(['--follow', '--documents', '40', '--plain']);
    try {
      const [, couch] = (await demo.waitForErr(
        /couchdb: embedded express-pouchdb at (http:\S+)/,
      )) as RegExpMatchArray;
      await demo.waitForErr(/caught up; listening/);
      const auth = `Basic ${Buffer.from('admin:demo-password').toString('base64')}`;
      const put = (id: string, doc: object) =>
        fetch(`${couch}/catalogue/${id}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: auth },
          body: JSON.stringify(doc),
        });
      const complete = {
        type: 'product',
        sku: 'SKU-NEW',
        name: 'Folding kayak',
        brand: 'Acme',
        category: 'kayaks',
        price: 999,
        ec_stock: 3,
        tags: ['new'],
        description: 'Added while the demo follows the feed.',
      };
      expect((await put('product:SKU-NEW', complete)).status).toBe(201);
      await demo.waitForErr(/1 new change\(s\) published/);
      // A document missing indexed fields is skipped and counted, not fatal.
      expect((await put('product:SKU-BAD', { type: 'product', sku: 'SKU-BAD' })).status).toBe(201);
      await demo.waitForErr(/skipped product:SKU-BAD: not a complete product/);
      demo.child.kill('SIGINT');
      // Without an explicit exit, express-pouchdb's leaked heartbeat timer kept the process alive.
      expect(await demo.exit, demo.err() + demo.out()).toBe(0);
      const row = (name: string) =>
        Number(demo.out().match(new RegExp(`\\| ${name}\\s+\\|\\s+(\\d+)`))?.[1]);
      expect(row('documents read \\(changes feed\\)')).toBe(42);
      expect(row('messages published')).toBe(42);
      expect(row('messages acked')).toBe(42);
      expect(row('documents pushed to Exalead')).toBe(41);
      expect(row('documents pushed to Coveo')).toBe(41);
      expect(row('documents skipped \\(incomplete\\)')).toBe(1);
    } finally {
      kill(demo.child);
    }
  }, 60_000);

  it('rejects an unknown option with one line and exit code 2, no stack trace', async () => {
    const demo = run(['--bogus']);
    expect(await demo.exit).toBe(2);
    expect(demo.err()).toMatch(/Unknown option '--bogus'/);
    expect(demo.err()).not.toMatch(/\n\s+at /);
  });

  it('takes the -- that npm run demo -- --help passes through', async () => {
    const demo = run(['--', '--help']);
    expect(await demo.exit).toBe(0);
    expect(demo.out()).toMatch(/^connectorkit demo/);
    expect(demo.out()).toContain('Usage:');
  });

  it('--json prints numbers as numbers and the duration in ms', async () => {
    const demo = run(['--json', '--documents', '30']);
    expect(await demo.exit, demo.err()).toBe(0);
    const summary = JSON.parse(demo.out()) as Record<string, unknown>;
    expect(summary).toMatchObject({
      documentsSeeded: 30,
      documentsRead: 30,
      pushedToCoveo: 30,
      pushedToExalead: 30,
      errors: 0,
    });
    for (const value of Object.values(summary)) expect(typeof value).toBe('number');
    expect(summary.elapsedMs).toBeGreaterThan(0);
  }, 60_000);

  it('ends the summary with where to look next', async () => {
    const demo = run(['--documents', '10', '--plain']);
    expect(await demo.exit, demo.err()).toBe(0);
    expect(demo.out()).toMatch(/\+\n?Next:/);
    expect(demo.out()).toContain('npm run demo -- serve');
  }, 60_000);
});

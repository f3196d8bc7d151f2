import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createSelfSignedCertificate } from '@connectorkit/http-core/testing';
import { build } from 'tsup';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAmsSimulator } from './testing/index.js';

// The main entry bundled as a browser bundler would (esbuild through tsup, platform browser),
// then run where neither `process`, `Buffer` nor `global` exist: a Node child process whose
// bundle sees them shadowed (Node's own fetch still works underneath).
const root = fileURLToPath(new URL('..', import.meta.url));
let dir: string;

async function bundle(name: string, external: (string | RegExp)[], noExternal: RegExp[]) {
  await build({
    entry: { [name]: join(root, 'src/index.ts') },
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    outDir: dir,
    config: false,
    silent: true,
    metafile: true,
    dts: false,
    splitting: false,
    sourcemap: false,
    clean: false,
    external,
    noExternal,
    define: { __VERSION__: '"0.0.0-bundle"' },
  });
  const text = await readFile(join(dir, `${name}.js`), 'utf8');
  const meta = JSON.parse(await readFile(join(dir, 'metafile-esm.json'), 'utf8')) as {
    inputs: Record<string, { imports: Array<{ path: string }> }>;
  };
  return { text, meta };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ck-ams-browser-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it("bundles for the browser with no node:* import and no Buffer in the package's own code", async () => {
  const { text, meta } = await bundle('own', ['@connectorkit/http-core'], []);
  // Input paths are relative to the working directory: this package's are `src/...`.
  const ours = Object.entries(meta.inputs).filter(([path]) =>
    /^(?:.*\/messaging-client\/)?src\//.test(path.replace(/\\/g, '/')),
  );
  expect(ours.length).toBeGreaterThan(10);
  expect(
    ours
      .flatMap(([, input]) => input.imports.map((i) => i.path))
      .filter((p) => p.startsWith('node:')),
  ).toEqual([]);
  expect(text).not.toMatch(/\bBuffer\b/);
  expect(text).toContain('@connectorkit/http-core');
});

it('runs without process and Buffer: fetch transport, base64 of text, binary and large data, and the x509 login refused naming the runtime', async () => {
  const { text } = await bundle('full', [/^node:/], [/./]);
  const shadow =
    "const __real = Function('return this')();\n" +
    'const globalThis = new Proxy(__real, { get: (t, k) => (k === "process" || k === "Buffer" || k === "global" ? undefined : Reflect.get(t, k)), has: (t, k) => k !== "process" && k !== "Buffer" && k !== "global" && Reflect.has(t, k) });\n' +
    'const process = undefined, Buffer = undefined, global = undefined;\n';
  await writeFile(join(dir, 'browserish.mjs'), shadow + text);
  await writeFile(
    join(dir, 'runner.mjs'),
    `import * as m from './browserish.mjs';
const { url, cert, key } = JSON.parse(process.argv[2]);
const out = {};
try {
  new m.ArgoMessagingService({ endpoint: url, project: 'P', cert, key });
  out.x509 = 'accepted';
} catch (e) {
  out.x509 = { name: e.name, message: e.message };
}
const ams = new m.ArgoMessagingService({ endpoint: url, token: 'k', project: 'P', retry: false });
await ams.createTopic('t');
await ams.createSub('s', 't');
const every = Uint8Array.from({ length: 256 }, (_, i) => i);
const large = new Uint8Array(1_000_000).map((_, i) => (i * 31 + (i >>> 7)) & 255);
await ams.publish('t', [
  new m.AmsMessage({ data: 'héllo 😀' }),
  new m.AmsMessage({ data: every }),
  new m.AmsMessage({ data: large }),
  new m.AmsMessage({ data: btoa('pre-encoded'), b64enc: false }),
]);
const got = await ams.pullSub('s', { num: 10 });
await ams.ackSub('s', got.map((g) => g.ackId));
const sum = (bytes) => bytes.reduce((a, b) => (a * 31 + b) >>> 0, 7);
out.pulled = got.map((g) => ({ length: g.message.data.length, sum: sum(g.message.data) }));
out.texts = [got[0].message.text(), got[3].message.text()];
out.expected = [every, large].map((b) => ({ length: b.length, sum: sum(b) }));
console.log(JSON.stringify(out));
`,
  );
  const sim = createAmsSimulator({ project: 'P', token: 'k' });
  const server = await sim.listen();
  try {
    const client = createSelfSignedCertificate({ commonName: 'browser-user' });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(dir, 'runner.mjs'), JSON.stringify({ url: server.url, ...client })],
      { timeout: 60_000 },
    );
    const out = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(out.x509).toEqual({
      name: 'ConfigError',
      message: expect.stringContaining('this runtime (a browser or a worker) does not have'),
    });
    expect(out.x509.message).toMatch(/cert: the x509 login \(cert and key\) needs node:https/);
    expect(out.texts).toEqual(['héllo 😀', 'pre-encoded']);
    expect(out.pulled[1]).toEqual(out.expected[0]);
    expect(out.pulled[2]).toEqual(out.expected[1]);
    expect(sim.offsets('s')).toEqual({ max: 4, min: 0, current: 4 });
    expect(sim.state.topics.get('P/t')?.messages[3]?.data).toBe(btoa('pre-encoded'));
  } finally {
    await server.close();
  }
});

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permanentId } from './permanent-id.js';
import { type CoveoSimulator, createCoveoSimulator } from './testing/index.js';

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{
    outputFiles: { text: string }[];
    metafile: { inputs: Record<string, unknown> };
  }>;
}
// esbuild, as tsup (a dev dependency) brings it: no dependency of its own.
const require = createRequire(import.meta.url);
const esbuild = createRequire(require.resolve('tsup'))('esbuild') as Esbuild;

let bundle: { text: string; inputs: string[] };
/** The package's own code, http-core left out of the bundle. */
let own: string;
let sim: CoveoSimulator;
let url: string;
let close: () => Promise<void>;

const build = (external: string[]) =>
  esbuild.build({
    entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'pushClient',
    write: false,
    metafile: true,
    logLevel: 'silent',
    define: { __VERSION__: '"0.0.0-browser"' },
    external,
  });

beforeAll(async () => {
  const built = await build([]);
  bundle = {
    text: built.outputFiles[0]?.text ?? '',
    inputs: Object.keys(built.metafile.inputs),
  };
  own = (await build(['@connectorkit/http-core'])).outputFiles[0]?.text ?? '';
  sim = createCoveoSimulator({ apiKeys: ['browser-key'], organizationId: 'org1' });
  const server = await sim.listen();
  url = server.url;
  close = server.close;
});
afterAll(() => close());

/** The bundle run where there is no Node: web globals only (no process, Buffer, require, setImmediate). */
function browserRealm(): { pushClient: typeof import('./index.js') } {
  const context = vm.createContext({
    fetch,
    Headers,
    Request,
    Response,
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    AbortController,
    AbortSignal,
    ReadableStream,
    Blob,
    FormData,
    DOMException,
    Event,
    EventTarget,
    atob,
    btoa,
    structuredClone,
    performance,
    queueMicrotask,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    console,
  });
  vm.runInContext(bundle.text, context);
  return context as unknown as { pushClient: typeof import('./index.js') };
}

describe('the main entry in a browser bundle', () => {
  // http-core's defineService reaches its node:http transport, whose reader names Buffer; it runs
  // only where Node.js does (the realm below has no Buffer). This package's own code never does.
  it('reaches no node: module and never names Buffer in its own code', () => {
    expect(bundle.inputs.filter((i) => i.startsWith('node:'))).toEqual([]);
    expect(bundle.inputs.some((i) => i.endsWith('src/document-builder.ts'))).toBe(true);
    expect(own.length).toBeGreaterThan(10_000);
    expect(own).not.toMatch(/\bBuffer\b/);
    expect(bundle.text).not.toMatch(/\brequire\(/);
    expect(bundle.text).not.toMatch(/\bimport\(/);
  });

  it('pushes through file containers with no Node global, ids and file URLs as on Node', async () => {
    const { pushClient } = browserRealm();
    expect('process' in globalThis && 'Buffer' in globalThis).toBe(true);
    const source = new pushClient.PushSource('browser-key', 'org1', { baseUrl: url, retry: false });
    const docs = ['https://ex.com/é?q=1', 'notes/readme.txt', 'https://ex.com/😀'].map((uri) =>
      new pushClient.DocumentBuilder(uri, `Title ${uri}`)
        .withData('Grüße 😀 '.repeat(50))
        .withMetadata({ tags: ['a', 'b'], n: 1 }),
    );
    const report = await source.batchUpdateDocuments(
      'push-source',
      { addOrUpdate: docs, delete: [{ documentId: 'https://ex.com/gone' }] },
      { maxBatchBytes: 2_000 },
    );
    expect(report.totals).toMatchObject({ documentsSent: 3, deletesSent: 1, batchesFailed: 0 });
    expect(report.batches.length).toBeGreaterThan(1);
    const landed = sim.documents('push-source');
    expect([...landed.keys()].sort()).toEqual([
      'file:///notes/readme.txt',
      'https://ex.com/é?q=1',
      'https://ex.com/😀',
    ]);
    for (const [id, item] of landed) {
      const uri = id === 'file:///notes/readme.txt' ? 'notes/readme.txt' : id;
      expect(item.permanentid).toBe(permanentId(uri));
      expect(item.data).toBe('Grüße 😀 '.repeat(50));
    }
    await source.addOrUpdateDocument(
      'push-source',
      new pushClient.DocumentBuilder('https://ex.com/one', 'One').withCompressedBinaryData(
        'eJxLTEoGAAJNASc=',
        'ZLIB',
      ),
    );
    expect(landed.get('https://ex.com/one')?.compressedBinaryData).toBe('eJxLTEoGAAJNASc=');
  });

  it('refuses the file-based calls with an error naming the runtime, before any request', async () => {
    const { pushClient } = browserRealm();
    const before = sim.requests().length;
    const source = new pushClient.PushSource('browser-key', 'org1', { baseUrl: url });
    const catalog = new pushClient.CatalogSource('browser-key', 'org1', { baseUrl: url });
    const calls = [
      () => source.batchUpdateDocumentsFromFiles('push-source', ['docs/']),
      () => catalog.batchUpdateDocumentsFromFiles('catalog-source', 'docs/'),
      () => catalog.batchStreamDocumentsFromFiles('catalog-source', ['a.json']),
      async () => pushClient.documentsFromJsonFiles(['a.json']),
    ];
    for (const call of calls) {
      const error = (await call().catch((e: unknown) => e)) as Error & { code?: string };
      expect(error.code).toBe('CONFIG_ERROR');
      expect(error.message).toMatch(
        /reads files with node:fs, which this runtime \(a browser or a worker\) does not have/,
      );
    }
    expect(sim.requests().length).toBe(before);
  });
});

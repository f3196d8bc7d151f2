import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

/** The flows as one ESM file, bundled as a browser bundler would (no Node built-in resolves). */
export async function bundleFlows(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./flows.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** Bundles one package entry for the browser; the Node built-ins it reaches, if any. */
export async function browserBundle(entry: string): Promise<{ text: string; metafile: Metafile }> {
  const result = await build({
    stdin: {
      contents: `export * from '${entry}';`,
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
    },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { text: result.outputFiles[0]?.text ?? '', metafile: result.metafile };
}

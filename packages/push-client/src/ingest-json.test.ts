import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInputValidationError } from '@connectorkit/http-core';
import { afterEach, describe, expect, it } from 'vitest';
import { documentsFromJsonFiles } from './ingest-json.js';
import { jsonObjects } from './internal/json-elements.js';
import { PushSource } from './push-source.js';
import { createCoveoSimulator } from './testing/index.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ck-push-json-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe('JSON ingestion', () => {
  it('splits one object or an array into objects whatever the chunk boundaries', async () => {
    const text = ' [ {"a":"x]}\\"{"}, {"b":[1,{"c":2}]} ,{"d":"é"} ] ';
    for (const size of [1, 2, 3, 7, 100]) {
      const out: string[] = [];
      for await (const o of jsonObjects(chunked(text, size))) out.push(o);
      expect(out.map((o) => JSON.parse(o))).toEqual([
        { a: 'x]}"{' },
        { b: [1, { c: 2 }] },
        { d: 'é' },
      ]);
    }
    const single: string[] = [];
    for await (const o of jsonObjects(chunked('\uFEFF{"a":1}\n', 3))) single.push(o);
    expect(single).toEqual(['{"a":1}']);
    await expect(async () => {
      for await (const _ of jsonObjects(chunked('[{"a":1}', 4))) void _;
    }).rejects.toThrow(/unexpected end/);
  });

  it('reads folders recursively, keys case-insensitively, and pushes every document once', async () => {
    const dir = await folder({
      'a.json': JSON.stringify({
        DocumentId: 'https://ex.com/1',
        Title: 'One',
        Author: 'me',
        sku: 'A1',
      }),
      'sub/b.json': JSON.stringify([
        {
          uri: 'https://ex.com/2',
          title: 'Two',
          data: 'hello',
          permissions: [
            {
              allowAnonymous: false,
              allowedPermissions: [{ identity: 'g', identityType: 'group' }],
            },
          ],
        },
        {
          documentId: 'https://ex.com/3',
          title: 'Three',
          compressedBinaryData: 'eA==',
          compressionType: 'UNCOMPRESSED',
        },
      ]),
      'ignored.txt': 'not json',
    });
    const sim = createCoveoSimulator({
      apiKeys: ['key-123'],
      organizationId: 'org1',
      sources: [{ id: 'src', type: 'PUSH' }],
    });
    const server = await sim.listen();
    cleanups.push(server.close);
    const source = new PushSource('key-123', 'org1', { baseUrl: server.url });
    const report = await source.batchUpdateDocumentsFromFiles('src', dir);
    expect(report.totals.documentsSent).toBe(3);
    const items = sim.documents('src');
    expect([...items.keys()].sort()).toEqual([
      'https://ex.com/1',
      'https://ex.com/2',
      'https://ex.com/3',
    ]);
    expect(items.get('https://ex.com/1')).toMatchObject({
      title: 'One',
      author: 'me',
      sku: 'A1',
    });
    expect(items.get('https://ex.com/2')?.permissions).toEqual([
      {
        allowAnonymous: false,
        allowedPermissions: [{ identity: 'g', identityType: 'GROUP' }],
        deniedPermissions: [],
      },
    ]);
    expect(items.get('https://ex.com/3')).toMatchObject({
      compressedBinaryData: 'eA==',
      compressionType: 'UNCOMPRESSED',
    });
  });

  it('names the file and the position of a bad document', async () => {
    const dir = await folder({
      'bad.json': JSON.stringify([
        { documentId: 'https://ex.com/1', title: 'ok' },
        { title: 'no id' },
      ]),
    });
    const error = await (async () => {
      for await (const _ of documentsFromJsonFiles([dir])) void _;
    })().catch((e: unknown) => e);
    expect(isInputValidationError(error)).toBe(true);
    expect((error as Error).message).toContain(`${join(dir, 'bad.json')}[1]`);
    expect((error as Error).message).toMatch(/documentId \(or uri\) and title are required/);
  });
});

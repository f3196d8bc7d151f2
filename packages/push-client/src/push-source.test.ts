import { startLoopbackServer, toNodeHandler } from '@connectorkit/http-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchProgressEvent } from './batch/batch-types.js';
import { DocumentBuilder } from './document-builder.js';
import { PushSource } from './push-source.js';

/** A purpose-built loopback Coveo (until the simulator lands): files, upload URL, batch. */
async function miniCoveo() {
  const uploads = new Map<string, string>();
  const items = new Map<string, Record<string, unknown>>();
  const calls: string[] = [];
  let n = 0;
  const server = await startLoopbackServer(
    toNodeHandler(async (req) => {
      const url = new URL(req.url);
      calls.push(`${req.method} ${url.pathname}`);
      if (url.pathname.startsWith('/upload/')) {
        if (req.headers.get('authorization'))
          return new Response('auth on upload', { status: 400 });
        uploads.set(url.pathname.slice(8), await req.text());
        return new Response(null, { status: 200 });
      }
      if (req.headers.get('authorization') !== 'Bearer key-123') {
        return Response.json({ errorCode: 'UNAUTHORIZED' }, { status: 401 });
      }
      if (req.method === 'POST' && url.pathname.endsWith('/files')) {
        const fileId = `f${++n}`;
        return Response.json(
          {
            uploadUri: `${url.origin}/upload/${fileId}`,
            fileId,
            requiredHeaders: {
              'x-amz-server-side-encryption': 'AES256',
              'content-type': 'application/octet-stream',
            },
          },
          { status: 201 },
        );
      }
      if (req.method === 'PUT' && url.pathname.endsWith('/documents/batch')) {
        const body = JSON.parse(uploads.get(url.searchParams.get('fileId') ?? '') ?? 'null');
        for (const d of body.addOrUpdate) items.set(d.documentId, d);
        for (const d of body.delete) items.delete(d.documentId);
        return new Response(null, { status: 202 });
      }
      if (req.method === 'PUT' && url.pathname.endsWith('/documents')) {
        const d = await req.json();
        if (d.documentId !== url.searchParams.get('documentId'))
          return new Response(null, { status: 400 });
        items.set(d.documentId, d);
        return Response.json(null, { status: 202 });
      }
      return new Response('no route', { status: 404 });
    }),
  );
  return { server, items, calls };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

describe('PushSource', () => {
  it('pushes one item and splits a large batch into file containers', async () => {
    const sim = await miniCoveo();
    close = sim.server.close;
    const source = new PushSource('key-123', 'org1', { baseUrl: sim.server.url });
    await source.addOrUpdateDocument(
      'src',
      new DocumentBuilder('https://ex.com/one', 'One').withData('hi'),
    );
    expect(sim.items.get('https://ex.com/one')?.title).toBe('One');
    expect(sim.calls[0]).toBe('PUT /push/v1/organizations/org1/sources/src/documents');

    function* docs() {
      for (let i = 0; i < 300; i++) {
        yield new DocumentBuilder(`https://ex.com/${i}`, `Doc ${i}`)
          .withData('x'.repeat(200))
          .withMetadataValue('n', i);
      }
    }
    const events: BatchProgressEvent[] = [];
    const report = await source.batchUpdateDocuments(
      'src',
      { addOrUpdate: docs(), delete: [{ documentId: 'https://ex.com/one' }] },
      { maxBatchBytes: 20_000, onProgress: (e) => events.push(e) },
    );
    expect(sim.items.size).toBe(300);
    expect(sim.items.get('https://ex.com/7')?.n).toBe(7);
    expect(report.batches.length).toBeGreaterThan(3);
    expect(report.totals).toMatchObject({ documentsSent: 300, deletesSent: 1, batchesFailed: 0 });
    expect(report.batches.every((b) => b.ok && b.bytes <= 20_000)).toBe(true);
    expect(events.filter((e) => e.type === 'batch-done')).toHaveLength(report.batches.length);
  });
});

import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DocumentBuilder } from './document-builder.js';
import { Base64Schema } from './document-rules.js';
import { md5Hex, sha1Hex } from './internal/digest.js';
import { posixFileUrl } from './internal/file-url.js';
import { hasControl } from './internal/text-rules.js';
import { utf8Length } from './internal/utf8.js';
import { PushSource } from './push-source.js';
import { createCoveoSimulator } from './testing/index.js';

// What the package does without Buffer or node:crypto, against what Node itself answers.
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({
    unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)),
    maxLength: 20,
  }),
);

describe('web-API replacements, against Node', () => {
  it('utf8Length is Buffer.byteLength, lone surrogates included', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(utf8Length(s)).toBe(Buffer.byteLength(s));
      }),
      { seed: 3101, numRuns: 300 },
    );
  });

  it('md5Hex and sha1Hex are node:crypto', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(md5Hex(bytes)).toBe(createHash('md5').update(bytes).digest('hex'));
        expect(sha1Hex(bytes)).toBe(createHash('sha1').update(bytes).digest('hex'));
      }),
      { seed: 3102, numRuns: 200 },
    );
  });

  it('the base64 rule is Buffer’s round trip', () => {
    const alphabet = fc.constantFrom(
      ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n'.split(''),
    );
    const candidate = fc.oneof(
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('base64')),
      fc.array(alphabet, { maxLength: 16 }).map((a) => a.join('')),
      fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => {
        const s = Buffer.from(b).toString('base64');
        return s.slice(0, -1) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef'[(b[0] as number) % 32];
      }),
    );
    fc.assert(
      fc.property(candidate, (s) => {
        expect(v.is(Base64Schema, s)).toBe(Buffer.from(s, 'base64').toString('base64') === s);
      }),
      { seed: 3103, numRuns: 400 },
    );
  });

  it('posixFileUrl is pathToFileURL on POSIX', () => {
    const segment = fc.oneof(
      fc.constantFrom(
        '.',
        '..',
        '',
        'a b',
        'é',
        '😀',
        '%41',
        '#x',
        '?y',
        '[1]',
        '~',
        '|^',
        'a\\b',
        "'q'",
      ),
      fc.string({ unit: 'grapheme-ascii', maxLength: 6 }),
    );
    const path = fc
      .tuple(fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 5 }))
      .map(([absolute, parts]) => `${absolute ? '/' : ''}${parts.join('/')}`)
      .filter((p) => p !== '' && !hasControl(p));
    fc.assert(
      fc.property(path, (p) => {
        expect(posixFileUrl(p, process.cwd())).toBe(pathToFileURL(p).href);
      }),
      { seed: 3104, numRuns: 300 },
    );
  });
});

describe('container bodies written without Buffer', () => {
  it('carry every entry intact, each file under maxBatchBytes', async () => {
    const document = fc.record({
      id: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
      body: fc.string({ unit: 'grapheme', maxLength: 400 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(document, { minLength: 1, maxLength: 25, selector: (d) => d.id }),
        fc.uniqueArray(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), {
          maxLength: 5,
        }),
        fc.integer({ min: 1_800, max: 8_000 }),
        async (docs, deletes, maxBatchBytes) => {
          // The simulator refuses (413) any upload over the limit.
          const sim = createCoveoSimulator({
            apiKeys: ['k'],
            organizationId: 'org1',
            limits: { containerBytes: maxBatchBytes },
          });
          const server = await sim.listen();
          try {
            const source = new PushSource('k', 'org1', { baseUrl: server.url, retry: false });
            const uri = (id: string) => `https://ex.com/${encodeURIComponent(id)}`;
            const report = await source.batchUpdateDocuments(
              'push-source',
              {
                addOrUpdate: docs.map((d) => new DocumentBuilder(uri(d.id), d.id).withData(d.body)),
                delete: deletes.map((id) => ({
                  documentId: `https://gone.example/${encodeURIComponent(id)}`,
                })),
              },
              { maxBatchBytes },
            );
            expect(report.totals.batchesFailed).toBe(0);
            expect(report.batches.every((b) => b.bytes <= maxBatchBytes)).toBe(true);
            expect(report.totals.bytesSent).toBe(report.batches.reduce((n, b) => n + b.bytes, 0));
            const landed = sim.documents('push-source');
            expect(landed.size).toBe(docs.length);
            for (const d of docs)
              expect(landed.get(uri(d.id))).toMatchObject({ title: d.id, data: d.body });
            expect(sim.rejected()).toEqual([]);
          } finally {
            await server.close();
          }
        },
      ),
      { seed: 3105, numRuns: 40 },
    );
  });
});

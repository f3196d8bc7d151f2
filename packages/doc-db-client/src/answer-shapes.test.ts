import { isResponseValidationError } from '@connectorkit/http-core';
import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocDbClient, type DocDbClient } from './index.js';
import { drive, METHODS, type MethodEntry } from './test-support/method-table.js';

/*
 * A 200 whose body is not the shape an operation reads is a ResponseValidationError, for every
 * operation that reads JSON: never a value handed to the caller, never a TypeError later.
 */

let body = '';
let server: LoopbackServer;
let client: DocDbClient;
beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  client = createDocDbClient({ url: server.url, retry: false });
});
afterAll(() => server.close());

/** Operations that hand back bytes, a stream or a status: no JSON read. */
const NOT_JSON = new Set([
  'headDatabase',
  'getAttachment',
  'headUpInformation',
  'headLocalDocument',
  'headAttachment',
  'headSchedulerDocument',
  'headSchedulerJob',
  'getDocumentAsMixed',
  'getDocumentAsRelated',
  'postBulkGetAsMixed',
  'postBulkGetAsRelated',
]);
const READERS = METHODS.filter((m) => m.kind !== 'stream' && !NOT_JSON.has(m.name));

/** Bodies some operation may rightly answer: `_revs_limit` is a number, security may be `{}`. */
const VALID: Record<string, string[]> = {
  getRevsLimit: ['42'],
  // A security object may carry other fields.
  getSecurity: ['{}', '{"rows":"x","results":7,"docs":{},"uuids":[1]}', '{"_id":7,"_rev":[]}'],
  postRevsDiff: ['{}'],
};

const BAD = [
  '[1,2,3]',
  'null',
  '{}',
  '"text"',
  '42',
  'true',
  '',
  'not json',
  '{"rows":"x","results":7,"docs":{},"uuids":[1]}',
  '[{"error":7}]',
  '{"_id":7,"_rev":[]}',
];

async function answered(entry: MethodEntry, text: string): Promise<unknown> {
  body = text;
  return drive(client, entry, entry.params());
}

describe('an answer of the wrong shape', () => {
  it('leaves out only the operations that read no JSON', () => {
    expect(
      METHODS.filter((m) => !READERS.includes(m))
        .map((m) => m.name)
        .sort(),
    ).toEqual([
      'getAttachment',
      'getAttachmentAsStream',
      'getDocumentAsMixed',
      'getDocumentAsRelated',
      'getDocumentAsStream',
      'headAttachment',
      'headDatabase',
      'headLocalDocument',
      'headSchedulerDocument',
      'headSchedulerJob',
      'headUpInformation',
      'postAllDocsAsStream',
      'postAllDocsQueriesAsStream',
      'postBulkGetAsMixed',
      'postBulkGetAsRelated',
      'postBulkGetAsStream',
      'postChangesAsStream',
      'postFindAsStream',
      'postPartitionAllDocsAsStream',
      'postPartitionFindAsStream',
      'postPartitionSearchAsStream',
      'postPartitionViewAsStream',
      'postSearchAsStream',
      'postViewAsStream',
      'postViewQueriesAsStream',
    ]);
  });

  for (const entry of READERS) {
    it(`${entry.name}: every bad body is a ResponseValidationError`, async () => {
      for (const text of BAD) {
        if (VALID[entry.name]?.includes(text)) continue;
        const error = await answered(entry, text);
        expect([text, isResponseValidationError(error)]).toEqual([text, true]);
      }
    });
  }

  it('getDocument answering [1,2,3] or null, getLocalDocument a string, a view {}', async () => {
    const cases: [keyof DocDbClient, string][] = [
      ['getDocument', '[1,2,3]'],
      ['getDocument', 'null'],
      ['getLocalDocument', '"a checkpoint"'],
      ['postView', '{}'],
    ];
    for (const [name, text] of cases) {
      const entry = METHODS.find((m) => m.name === name) as MethodEntry;
      const error = await answered(entry, text);
      expect(isResponseValidationError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'RESPONSE_VALIDATION_ERROR' });
    }
  });

  it('getDocument with openRevs reads a list of { ok } and { missing }', async () => {
    body = '[{"ok":{"_id":"a","_rev":"1-a"}},{"missing":"2-b"}]';
    await expect(
      client.getDocument({ db: 'db', docId: 'a', openRevs: 'all' }),
    ).resolves.toHaveLength(2);
    body = '{"_id":"a","_rev":"1-a"}';
    const error = await client
      .getDocument({ db: 'db', docId: 'a', openRevs: 'all' })
      .catch((e: unknown) => e);
    expect(isResponseValidationError(error)).toBe(true);
  });

  it('a continuous feed with a bad row, or cut short, is a ResponseValidationError', async () => {
    const entry = METHODS.find((m) => m.name === 'streamChanges') as MethodEntry;
    for (const text of [
      '{"id":"a","changes":[{"rev":"1-a"}]}\n{"id":7}\n',
      '{"id":"a","changes":[{"rev":"1-a"}]}\nnot json\n',
      '{"id":"a","changes":[{"rev":"1-a"}]}\n',
      '{"id":"a","changes":[{"rev":"1-a"}]}\n["an array, unterminated"]',
    ]) {
      body = text;
      const rows: unknown[] = [];
      let error: unknown;
      try {
        for await (const row of client.streamChanges(entry.params() as never)) rows.push(row);
      } catch (e) {
        error = e;
      }
      expect(rows).toHaveLength(1);
      expect(isResponseValidationError(error)).toBe(true);
    }
    // The closing line is read even without its newline.
    body = '{"id":"a","changes":[{"rev":"1-a"}]}\n\n{"last_seq":"9-x","pending":0}';
    const rows: unknown[] = [];
    for await (const row of client.streamChanges(entry.params() as never)) rows.push(row);
    expect(rows).toEqual([
      { id: 'a', changes: [{ rev: '1-a' }] },
      { last_seq: '9-x', pending: 0 },
    ]);
  });

  it('generated bodies that are no operation’s answer are refused by every operation', async () => {
    const garbage = fc
      .oneof(
        fc.string({ maxLength: 20 }),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.boolean()), { minLength: 1 }),
      )
      .map((value) => JSON.stringify(value));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...READERS), garbage, async (entry, text) => {
        expect(isResponseValidationError(await answered(entry, text))).toBe(true);
      }),
      { seed: 2024, numRuns: 300 },
    );
  });
});

import { isInputValidationError } from '@connectorkit/http-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CatalogSource } from './catalog-source.js';
import { DocumentBuilder } from './document-builder.js';
import type { PlatformOptions } from './platform-options.js';
import { PushSource } from './push-source.js';
import { type CountingServer, startCountingServer } from './testing/counting-server.test-util.js';

let s: CountingServer;
let source: PushSource;
beforeAll(async () => {
  s = await startCountingServer();
  source = new PushSource('key-123', 'org1', { baseUrl: s.url, retry: false });
});
afterAll(() => s.close());
beforeEach(() => s.reset());

/** The error a call threw (or rejected with); fails when it did not. */
async function failure(call: () => unknown): Promise<Error> {
  try {
    await call();
  } catch (error) {
    return error as Error;
  }
  throw new Error('the call did not fail');
}

/** The call is refused with an InputValidationError naming `field` and `rule`, and sends nothing. */
async function refused(call: () => unknown, field: string, rule: RegExp): Promise<void> {
  const error = await failure(call);
  expect(isInputValidationError(error), String(error)).toBe(true);
  expect(error.message).toContain(field);
  expect(error.message).toMatch(rule);
  expect(s.lines).toEqual([]);
}

const doc = (uri = 'https://ex.com/a') => new DocumentBuilder(uri, 'A').withData('x');

describe('arguments refused before any request', () => {
  it('addOrUpdateDocument(null) and a builder whose marshal() is not a document', async () => {
    await refused(
      () => source.addOrUpdateDocument('src', null as never),
      'document',
      /must be a DocumentBuilder/,
    );
    const own = { marshal: () => ({ documentId: 'a\u0000b', title: 'T' }) };
    await refused(
      () => source.addOrUpdateDocument('src', own as never),
      'document.documentId',
      /control characters/,
    );
    const cyclic: Record<string, unknown> = { documentId: 'https://ex.com/c' };
    cyclic.self = cyclic;
    await refused(
      () => source.addOrUpdateDocument('src', { marshal: () => cyclic } as never),
      'document',
      /cannot be sent as JSON/,
    );
  });

  it("batchUpdateDocuments({ addOrUpdate: 'x' }), [null], and bad concurrency", async () => {
    await refused(
      () => source.batchUpdateDocuments('src', { addOrUpdate: 'x' as never }),
      'batch.addOrUpdate',
      /array or an \(async\) iterable/,
    );
    await refused(
      () => source.batchUpdateDocuments('src', { addOrUpdate: [null as never] }),
      'addOrUpdate[0]',
      /must be a DocumentBuilder/,
    );
    await refused(
      () => source.batchUpdateDocuments('src', null as never),
      'batch',
      /must be a plain object/,
    );
    await refused(
      () => source.batchUpdateDocuments('src', { partialUpdate: [] } as never),
      'batch.partialUpdate',
      /not a list this call takes/,
    );
    for (const concurrency of [0, Number.NaN, 1.5, -1, Number.POSITIVE_INFINITY]) {
      await refused(
        () => source.batchUpdateDocuments('src', { addOrUpdate: [doc()] }, { concurrency }),
        'options.concurrency',
        /must be/,
      );
    }
    await refused(
      () => source.batchUpdateDocuments('src', { delete: [{ documentId: 'x\ny' }] }),
      'delete[0].documentId',
      /control characters/,
    );
    await refused(
      () =>
        source.batchUpdateDocuments('src', { addOrUpdate: [doc()] }, { maxBatchBytes: 2 ** 30 }),
      'options.maxBatchBytes',
      /at most 268435456 bytes/,
    );
  });

  it('NUL, other control characters and lone surrogates in URIs and permanent ids', async () => {
    for (const uri of ['https://ex.com/\u0000', 'https://ex.com/a\tb', 'x\u007f', 'a\ud800']) {
      await refused(() => new DocumentBuilder(uri, 'T'), 'uri', /control characters|well-formed/);
      await refused(() => doc().withPermanentId(uri), 'permanentId', /control|well-formed/);
      await refused(() => source.deleteDocument('src', uri), 'documentId', /control|well-formed/);
    }
    await refused(() => doc().withParentId('p\r\n'), 'parentId', /control characters/);
  });

  it('numbers and values Coveo cannot take, in builders and partial updates', async () => {
    await refused(
      () => doc().withMetadataValue('n', [1, Number.POSITIVE_INFINITY]),
      'metadata.n',
      /numbers must be finite/,
    );
    await refused(() => doc().withMetadata(null as never), 'metadata', /must be an object/);
    for (const value of [new Date(0), new Map([['a', 1]])]) {
      await refused(() => doc().withMetadataValue('d', value as never), 'metadata.d', /must be/);
    }
    await refused(() => doc().withAllowAnonymousUsers('yes' as never), 'allowAnonymous', /true/);
    const catalog = new CatalogSource('key-123', 'org1', { baseUrl: s.url, retry: false });
    const update = { documentId: 'p', operator: 'fieldValueReplace', field: 'f', value: 1n };
    await refused(
      () => catalog.partialUpdateDocuments('cat', [update as never]),
      'partialUpdate[0].value',
      /must be JSON/,
    );
    await refused(
      () => source.deleteDocumentsOlderThan('src', -5),
      'olderThan',
      /before 1970|must be/,
    );
  });
});

describe('source options refused when the source is made', () => {
  const make =
    (options: unknown, ...keyAndOrg: unknown[]) =>
    () =>
      new PushSource(
        (keyAndOrg.length > 0 ? keyAndOrg[0] : 'key-123') as string,
        (keyAndOrg.length > 1 ? keyAndOrg[1] : 'org1') as string,
        options as PlatformOptions,
      );

  it('an unknown region or environment (a DNS failure retried for minutes otherwise)', async () => {
    await refused(make({ region: 'xx' }), 'region', /must be 'us', 'eu', 'au' or 'ca'/);
    await refused(make({ region: 'EU' }), 'region', /must be/);
    await refused(make({ environment: 'production' }), 'environment', /'prod', 'dev'/);
    await refused(make({ baseUrl: 'ftp://host' }), 'baseUrl', /http: or https:/);
    await refused(make({ baseUrl: 'http://h/?a=1' }), 'baseUrl', /query/);
    await refused(make(null), 'source options', /must be an object/);
  });

  it('backoff numbers, the timeout and the limits', async () => {
    for (const retryAfter of [-1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
      await refused(make({ backoff: { retryAfter } }), 'backoff.retryAfter', /must be/);
    }
    for (const maxRetries of [-1, 1.5, Number.NaN, 1e6]) {
      await refused(make({ backoff: { maxRetries } }), 'backoff.maxRetries', /must be/);
    }
    for (const timeMultiple of [0, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await refused(make({ backoff: { timeMultiple } }), 'backoff.timeMultiple', /must be/);
    }
    for (const timeout of [0, -1, Number.NaN, 2 ** 31, true]) {
      await refused(make({ timeout }), 'timeout', /must be/);
    }
    await refused(make({ limits: { containerBytes: 0 } }), 'limits.containerBytes', /1 or more/);
    await refused(make({ retryAfter: 10 }), 'retryAfter', /backoff: \{ retryAfter \}/);
    await refused(make({ headers: { 'x-a': 'b\r\nc' } }), 'headers', /line breaks/);
  });

  it('an API key or organization id that is empty or not a string', async () => {
    for (const key of ['', null, undefined, 42, {}, 'has space', 'line\nbreak']) {
      await refused(make({}, key), 'apiKey', /must/);
    }
    for (const org of ['', null, 7, [], 'a\u0000b']) {
      await refused(make({}, 'key-123', org), 'organizationId', /must/);
    }
  });

  it('never quotes the API key in its message', async () => {
    const key = 'xx-secret key-value-0123456789';
    const error = await failure(make({}, key));
    expect(isInputValidationError(error)).toBe(true);
    expect(error.message).not.toContain('secret');
  });
});

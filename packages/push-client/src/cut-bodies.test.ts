import type { ServerResponse } from 'node:http';
import { isNetworkError } from '@connectorkit/http-core';
import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CatalogSource } from './catalog-source.js';
import { DocumentBuilder } from './document-builder.js';
import { isBatchUpdateError } from './errors.js';
import { FieldAnalyser } from './field-analysis.js';
import { partialUpdate } from './partial-update/partial-update.js';
import { PushSource } from './push-source.js';
import { createCoveoSimulator } from './testing/index.js';

/*
 * The simulator applies the request and answers; this server then cuts that answer after its
 * headers and first byte (a connection reset mid-body). A read, or a write marked idempotent,
 * is sent again and succeeds; a write that is not idempotent is a NetworkError, sent once.
 */

const sim = createCoveoSimulator({
  apiKeys: ['key-123'],
  organizationId: 'org1',
  sources: [
    { id: 'src', type: 'PUSH' },
    { id: 'cat', type: 'CATALOG' },
  ],
});
let server: LoopbackServer;
let cut: { route: RegExp; times: number } | undefined;
let hits = 0;

/** Lets the answer's headers and first byte out, claiming 4096 bytes, then resets. */
function cutAfterFirstByte(res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
  const write = res.write.bind(res) as (chunk: unknown) => boolean;
  let cutting = false;
  const reset = (chunk?: unknown) => {
    if (cutting) return;
    cutting = true;
    write(Buffer.from(chunk === undefined ? '{' : (chunk as string | Uint8Array)).subarray(0, 1));
    setImmediate(() => res.socket?.destroy());
  };
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const text = rest.find((x) => typeof x === 'string') ?? '';
    const headers = { ...(rest.find((x) => typeof x === 'object') as object) };
    for (const k of Object.keys(headers))
      if (/^(content-length|transfer-encoding)$/i.test(k)) delete headers[k as never];
    return writeHead(status, text, { ...headers, 'content-length': '4096' });
  }) as typeof res.writeHead;
  res.write = ((chunk: unknown) => {
    reset(chunk);
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown) => {
    if (typeof chunk !== 'function') reset(chunk);
    return res;
  }) as typeof res.end;
}

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    const line = `${req.method} ${(req.url ?? '').split('?')[0]}`;
    if (cut?.route.test(line)) {
      hits++;
      if (cut.times > 0) {
        cut.times--;
        cutAfterFirstByte(res);
      }
    }
    return sim.handler(req, res);
  });
});
afterAll(() => server.close());
beforeEach(() => {
  cut = undefined;
  hits = 0;
});

const options = { retry: { sleep: async () => {} } };
const push = () => new PushSource('key-123', 'org1', { baseUrl: server.url, ...options });
const catalog = () => new CatalogSource('key-123', 'org1', { baseUrl: server.url, ...options });
const doc = (uri = 'https://ex.com/a') => new DocumentBuilder(uri, 'A').withData('body');

describe('an answer cut off mid-body', () => {
  it('on reads and idempotent calls: sent again, and the call succeeds', async () => {
    const reads: [RegExp, () => Promise<unknown>][] = [
      [/^POST .*\/files$/, () => push().batchUpdateDocuments('src', { addOrUpdate: [doc()] })],
      [/^PUT .*\/sources\/src\/documents$/, () => push().addOrUpdateDocument('src', doc())],
      [/\/indexes\/page\/fields$/, () => push().createFields(new FieldAnalyser().add([doc()]))],
      [
        /\/stream\/[^/]+\/chunk$/,
        () => catalog().batchStreamDocuments('cat', { addOrUpdate: [doc('p://1')] }),
      ],
      [/^POST \/rest\/search\/v2$/, () => seedUpdate()],
      [/^POST \/rest\/search\/v2\/html$/, () => seedUpdate()],
    ];
    for (const [route, call] of reads) {
      cut = { route, times: 1 };
      hits = 0;
      await call();
      expect(hits, String(route)).toBe(2);
    }
    expect(sim.documents('src').get('https://ex.com/a')?.n).toBe(1);
  });

  it('on a write that is not idempotent (source creation): a NetworkError, sent once', async () => {
    cut = { route: /^POST \/rest\/organizations\/org1\/sources$/, times: 1 };
    const error = await push()
      .create('Once', 'PRIVATE')
      .catch((e: unknown) => e);
    expect(isNetworkError(error), String(error)).toBe(true);
    expect(error).not.toBeInstanceOf(TypeError);
    expect(hits).toBe(1);
  });

  it('on a commit with partial updates: a NetworkError, committed once (arrayAppend twice appends twice)', async () => {
    await catalog().batchUpdateDocuments('cat', {
      addOrUpdate: [new DocumentBuilder('p://9', 'P').withMetadataValue('colors', ['red'])],
    });
    cut = { route: /^PUT .*\/stream\/update$/, times: 1 };
    const error = await catalog()
      .partialUpdateDocuments('cat', [
        { documentId: 'p://9', operator: 'arrayAppend', field: 'colors', value: ['blue'] },
      ])
      .catch((e: unknown) => e);
    expect(isBatchUpdateError(error)).toBe(true);
    const cause = isBatchUpdateError(error) ? error.cause : error;
    expect(isNetworkError(cause), String(cause)).toBe(true);
    expect(hits).toBe(1);
    expect(sim.documents('cat').get('p://9')?.colors).toEqual(['red', 'blue']);
  });
});

/** The seed partial update of `https://ex.com/a` (search, quick view, push back). */
function seedUpdate(): Promise<unknown> {
  return partialUpdate(
    { api_key_search: 'key-123', api_key_push: 'key-123', source_id: 'src', org_id: 'org1' },
    [{ key: 'https://ex.com/a', metadata: { n: 1 } }],
    { baseUrl: server.url, ...options },
  ).then((answer) => expect(answer).toEqual({ 'https://ex.com/a': 'Found and updated' }));
}

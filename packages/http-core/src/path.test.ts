import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from './create-http-client.js';
import { isInputValidationError } from './errors.js';
import { buildPath, pathSegment } from './path.js';
import { type LoopbackServer, startLoopbackServer } from './testing/loopback-server.js';

const hasLoneSurrogate = (s: string) =>
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

let server: LoopbackServer;
const received: string[] = [];

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
afterAll(() => server.close());

async function send(path: () => string, method = 'DELETE'): Promise<unknown> {
  const http = createHttpClient({ baseUrl: server.url, retry: { limit: 0 } });
  try {
    return await http.request(path(), { method });
  } catch (error) {
    return error;
  }
}

describe('buildPath', () => {
  const hostile: [string, unknown, string][] = [
    ['a dot', '.', 'must not be "." or ".."'],
    ['two dots', '..', 'must not be "." or ".."'],
    ['empty', '', 'must not be empty'],
    ['a number', 7, 'must be a string'],
    ['null', null, 'must be a string'],
    ['undefined', undefined, 'must be a string'],
    ['a lone surrogate', 'a\uD800', 'well-formed Unicode'],
  ];

  it.each(hostile)('refuses %s before any request, naming the field', async (_, docId, rule) => {
    const before = received.length;
    const error = await send(() => buildPath('/{db}/{docId}', { db: 'victim', docId }));
    expect(isInputValidationError(error)).toBe(true);
    expect((error as Error).message).toContain('docId');
    expect((error as Error).message).toContain(rule);
    expect(received.length).toBe(before);
  });

  it('encodes a slash and keeps the template text as written', async () => {
    await send(() =>
      buildPath('/{db}/_design/{ddoc}/_view/{view}', { db: 'd', ddoc: 'a/b', view: '..x' }),
    );
    expect(received.at(-1)).toBe('DELETE /d/_design/a%2Fb/_view/..x');
  });

  it('sends any other string as exactly one segment that decodes back to it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }), async (docId) => {
        const before = received.length;
        const result = await send(() => buildPath('/victim/{docId}', { docId }), 'GET');
        const refused = docId === '' || docId === '.' || docId === '..' || hasLoneSurrogate(docId);
        if (refused) {
          expect(isInputValidationError(result)).toBe(true);
          expect(received.length).toBe(before);
          return;
        }
        expect(received.length).toBe(before + 1);
        const line = received.at(-1) as string;
        expect(line).toBe(`GET /victim/${encodeURIComponent(docId)}`);
        expect(decodeURIComponent(line.slice('GET /victim/'.length))).toBe(docId);
      }),
      { seed: 13, numRuns: 300 },
    );
  });

  it('names the placeholder of a missing value', () => {
    expect(() => buildPath('/{project}/topics/{topic}', { project: 'p' })).toThrow(/topic/);
  });

  it('pathSegment encodes characters that would split or end the path', () => {
    expect(pathSegment('a/b?c#d\\e%', 'id')).toBe('a%2Fb%3Fc%23d%5Ce%25');
  });
});

describe('a path with a dot segment', () => {
  it.each([
    '/victim/.',
    '/victim/..',
    '/victim/%2e',
    '/victim/%2E%2e/x',
    '/victim/.%2e?rev=1',
    './x',
    '../x',
  ])('%s is refused before any request', async (path) => {
    const before = received.length;
    const error = await send(() => path);
    expect(isInputValidationError(error)).toBe(true);
    expect(received.length).toBe(before);
  });

  it('is accepted in a query string and inside a segment', async () => {
    await send(() => '/victim/a..b/..c?x=/../');
    expect(received.at(-1)).toBe('DELETE /victim/a..b/..c?x=/../');
  });
});

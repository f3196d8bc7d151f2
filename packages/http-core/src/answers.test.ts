import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpClient,
  type HttpClientOptions,
  isHttpError,
  isResponseValidationError,
  nodeHttpTransport,
  type ResponseValidationError,
} from './index.js';
import { type LoopbackServer, startLoopbackServer, visibleText } from './testing/index.js';

const DEEP = 200_000;
const deepArrays = '['.repeat(DEEP) + ']'.repeat(DEEP);

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    req.resume();
    const answers: Record<string, [number, string]> = {
      '/not-json': [200, '{"rows": [1, 2,'],
      '/html': [200, '<html>maintenance</html>'],
      '/deep': [200, deepArrays],
      '/deep-object': [200, `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`],
      '/deep-error': [500, deepArrays.slice(0, 30_000) + deepArrays.slice(-30_000)],
      '/shallow': [200, '[[[["ok"]]]]'],
      '/null': [200, 'null'],
    };
    const [status, body] = answers[req.url ?? ''] ?? [404, ''];
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
});
afterAll(() => server.close());

type Nested = string | Nested[];
const NestedSchema: v.GenericSchema<Nested> = v.union([
  v.string(),
  v.array(v.lazy(() => NestedSchema)),
]);

const transports: [string, HttpClientOptions][] = [
  ['fetch', {}],
  ['node:http', { transport: nodeHttpTransport() }],
];

describe.each(transports)('JSON answers over %s', (_name, via) => {
  const http = () => createHttpClient({ baseUrl: server.url, retry: false, ...via });

  async function invalid(run: () => Promise<unknown>): Promise<ResponseValidationError> {
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isResponseValidationError(error)).toBe(true);
    // Every rendering works: nothing in it overflows or refuses to serialize.
    expect(visibleText(error)).toContain('ResponseValidationError');
    return error as ResponseValidationError;
  }

  it('a 2xx body that is not JSON is a ResponseValidationError with the parse problem', async () => {
    for (const path of ['/not-json', '/html']) {
      const viaHelper = await invalid(() => http().get(path));
      expect(viaHelper.issues[0]?.message).toMatch(/^invalid JSON( at position \d+)?$/);
      // The parser's own message quotes the body, which may hold a secret: it is not kept.
      expect(viaHelper.message).not.toMatch(/maintenance|rows/);
      expect(viaHelper.data).toBe(
        path === '/html' ? '<html>maintenance</html>' : '{"rows": [1, 2,',
      );
      const viaResponse = await invalid(async () => (await http().request(path)).json());
      expect(viaResponse.issues[0]?.message).toMatch(/^invalid JSON( at position \d+)?$/);
    }
  });

  it('200 000 nested arrays or objects are a typed error, with or without a schema', async () => {
    for (const path of ['/deep', '/deep-object']) {
      const plain = await invalid(() => http().get(path));
      expect(plain.issues[0]?.message).toBe('JSON nested deeper than 1000 levels');
      await invalid(() => http().get(path, { schema: NestedSchema }));
      await invalid(async () => (await http().request(path)).json(NestedSchema));
    }
  });

  it('a shallow nested answer still parses and validates, and null stays null', async () => {
    await expect(http().get('/shallow', { schema: NestedSchema })).resolves.toEqual([[[['ok']]]]);
    await expect(http().get('/null')).resolves.toBeNull();
  });

  it('a schema that throws on the body is a ResponseValidationError, not its exception', async () => {
    const throwing = v.custom(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    const error = await invalid(() => http().get('/shallow', { schema: throwing }));
    expect(error.issues[0]?.message).toBe('the schema failed on this body (RangeError)');
  });

  it('a deeply nested error body is kept as text, so the HttpError renders', async () => {
    const error = await http()
      .get('/deep-error')
      .catch((e: unknown) => e);
    expect(isHttpError(error)).toBe(true);
    expect(typeof (error as { data: unknown }).data).toBe('string');
    expect(() => JSON.stringify(error)).not.toThrow();
  });
});

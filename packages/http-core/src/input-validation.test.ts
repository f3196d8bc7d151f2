import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpClient,
  type HttpClientOptions,
  InputValidationError,
  isInputValidationError,
  isTimeoutError,
  type RequestOptions,
} from './index.js';
import { type LoopbackServer, startLoopbackServer, visibleText } from './testing/index.js';

let server: LoopbackServer;
let requests = 0;
let lastRequest: { method: string; url: string } | undefined;
const lastUrl = () => lastRequest?.url ?? '';
beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    requests++;
    lastRequest = { method: req.method ?? '', url: req.url ?? '' };
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
afterAll(() => server.close());

/** The InputValidationError `run` throws (synchronously or as a rejection), else fails. */
async function refusal(run: () => unknown): Promise<InputValidationError> {
  const before = requests;
  let error: unknown;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InputValidationError);
  expect(requests).toBe(before);
  return error as InputValidationError;
}

const circular: Record<string, unknown> = { a: 1 };
circular.self = circular;

describe('createHttpClient options', () => {
  const refused: [string, unknown, string][] = [
    ['a baseUrl that is not a URL', { baseUrl: 'not a url' }, 'baseUrl'],
    ['a baseUrl of another protocol', { baseUrl: 'ftp://files.example' }, 'baseUrl'],
    ['a number as baseUrl', { baseUrl: 5984 }, 'baseUrl'],
    ['a NaN timeout', { timeout: Number.NaN }, 'timeout'],
    ['a negative timeout', { timeout: -5 }, 'timeout'],
    ['an infinite timeout', { timeout: Number.POSITIVE_INFINITY }, 'timeout'],
    ['a timeout past a timer', { timeout: 2 ** 31 }, 'timeout'],
    ['a negative response timeout', { timeout: { response: -1 } }, 'timeout.response'],
    ['a NaN deadline', { timeout: { deadline: Number.NaN } }, 'timeout.deadline'],
    ['an unknown timeout key', { timeout: { connect: 5 } }, 'timeout.connect'],
    ['true as timeout', { timeout: true }, 'timeout'],
    ['a fractional retry limit', { retry: 1.5 }, 'retry'],
    ['a negative retry number', { retry: -1 }, 'retry'],
    ['true as retry', { retry: true }, 'retry'],
    ['a negative limit', { retry: { limit: -1 } }, 'retry.limit'],
    ['a fractional limit', { retry: { limit: 2.5 } }, 'retry.limit'],
    ['a NaN base delay', { retry: { baseDelay: Number.NaN } }, 'retry.baseDelay'],
    ['an infinite max delay', { retry: { maxDelay: Number.POSITIVE_INFINITY } }, 'retry.maxDelay'],
    ['a status below 100', { retry: { statusCodes: [99] } }, 'retry.statusCodes.0'],
    ['a status above 599', { retry: { statusCodes: [503, 600] } }, 'retry.statusCodes.1'],
    ['a fractional status', { retry: { statusCodes: [502.5] } }, 'retry.statusCodes.0'],
    ['a method that is not a token', { retry: { methods: ['GE T'] } }, 'retry.methods.0'],
    ['an unknown jitter', { retry: { jitter: 'half' } }, 'retry.jitter'],
    ['a header value that is not a string', { headers: { 'x-a': 1 } }, 'headers.x-a'],
    ['a header value with CR LF', { headers: { 'x-a': 'a\r\nx-b: b' } }, 'headers.x-a'],
    ['a header name with a space', { headers: { 'x a': 'b' } }, 'headers.x a'],
    ['a content-length header', { headers: { 'Content-Length': '5' } }, 'headers.Content-Length'],
    ['a user agent with LF', { userAgent: 'ua\n' }, 'userAgent'],
    ['a plugin without a name', { plugins: [{}] }, 'plugins.0.name'],
    ['plugins that are not an array', { plugins: 'retry' }, 'plugins'],
    [
      'a hook that is not a function',
      { plugins: [{ name: 'a', hooks: { beforeRequest: 1 } }] },
      'plugins.0.hooks.beforeRequest',
    ],
    ['an auth without authenticate', { auth: { type: 'x' } }, 'auth.authenticate'],
    ['a secret header that is not a name', { secretHeaders: ['x y'] }, 'secretHeaders.0'],
    ['an unknown option', { retries: 3 }, 'retries'],
  ];
  it.each(refused)('refuses %s, naming the field', async (_name, options, path) => {
    const error = await refusal(() => createHttpClient(options as HttpClientOptions));
    expect(error.subject).toBe('createHttpClient options');
    expect(error.issues.map((i) => i.path)).toContain(path);
    expect(error.message).toContain(`${path}: `);
  });

  it('refuses null and an array as options', async () => {
    await refusal(() => createHttpClient(null as unknown as HttpClientOptions));
    await refusal(() => createHttpClient([] as unknown as HttpClientOptions));
  });

  it('names a duplicate plugin, and checks what extend() is given', async () => {
    const named = { name: 'a' };
    const error = await refusal(() => createHttpClient({ plugins: [named, named] }));
    expect(error.message).toContain('Duplicate HTTP plugin name "a"');
    const http = createHttpClient({ baseUrl: server.url });
    const more = await refusal(() => http.extend({ timeout: -1 }));
    expect(more.subject).toBe('extend options');
  });

  it('never quotes a refused value, which may be a secret', async () => {
    const error = await refusal(() =>
      createHttpClient({ baseUrl: 'http://me:hunter2-secret@[::1', headers: { x: 'tok-9\n' } }),
    );
    expect(visibleText(error)).not.toContain('hunter2-secret');
    expect(visibleText(error)).not.toContain('tok-9');
  });

  it('accepts every documented form', async () => {
    const accepted: HttpClientOptions[] = [
      { timeout: false },
      { timeout: 0 },
      { timeout: { response: false, deadline: 60_000 } },
      { retry: false },
      { retry: 0 },
      { retry: { limit: 3, statusCodes: [500], methods: ['post'], budget: Infinity } },
      { headers: { 'x-a': 'b', 'x-c': undefined as unknown as string } },
      { tls: { ca: ['-----BEGIN CERTIFICATE-----'], rejectUnauthorized: false } },
    ];
    for (const options of accepted) {
      expect(() => createHttpClient({ baseUrl: server.url, ...options })).not.toThrow();
    }
  });
});

describe('request options', () => {
  const http = () => createHttpClient({ baseUrl: server.url, retry: false });
  const refused: [string, string, RequestOptions, string][] = [
    ['a NaN timeout', '/', { timeout: Number.NaN }, 'timeout'],
    ['a negative deadline', '/', { timeout: { deadline: -1 } }, 'timeout.deadline'],
    ['a negative retry', '/', { retry: -1 }, 'retry'],
    ['a fractional limit', '/', { retry: { limit: 0.5 } }, 'retry.limit'],
    ['a method with a space', '/', { method: 'GE T' }, 'method'],
    ['a method fetch refuses', '/', { method: 'connect' }, 'method'],
    ['a number as method', '/', { method: 42 as unknown as string }, 'method'],
    ['an object as query value', '/', { searchParams: { a: {} as never } }, 'searchParams.a'],
    ['NaN as query value', '/', { searchParams: { a: Number.NaN } }, 'searchParams.a'],
    [
      'a symbol as query value',
      '/',
      { searchParams: { a: Symbol('s') as never } },
      'searchParams.a',
    ],
    ['a header value that is a number', '/', { headers: { a: 1 as never } }, 'headers.a'],
    ['a header with LF', '/', { headers: { a: 'b\nc' } }, 'headers.a'],
    [
      'a transfer-encoding header',
      '/',
      { headers: { 'transfer-encoding': 'chunked' } },
      'headers.transfer-encoding',
    ],
    ['a status outside 100-599', '/', { okStatuses: [404, 1000] }, 'okStatuses.1'],
    ['a secret that is not a string', '/', { secrets: [5 as never] }, 'secrets.0'],
    ['a signal that is not one', '/', { signal: { aborted: false } as never }, 'signal'],
    ['a body of the wrong kind', '/', { method: 'POST', body: 5 as never }, 'body'],
    ['a body on GET', '/', { body: 'x' }, 'body'],
    ['json and body at once', '/', { method: 'PUT', json: {}, body: 'x' }, 'body'],
    ['an unknown option', '/', { retries: 2 } as never, 'retries'],
  ];
  it.each(refused)('refuses %s before any request', async (_name, path, options, field) => {
    const error = await refusal(() => http().request(path, options));
    expect(error.subject).toBe('request options');
    expect(error.issues.map((i) => i.path)).toContain(field);
  });

  it('refuses a circular, BigInt or function json body, naming json', async () => {
    for (const json of [circular, { n: 10n }, () => 1]) {
      const error = await refusal(() => http().post('/', { json }));
      expect(error.issues[0]?.path).toBe('json');
    }
    let deep: unknown[] = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const error = await refusal(() => http().post('/', { json: deep }));
    expect(error.message).toContain('json: is nested too deeply');
  });

  it('refuses a path that is not a string or not an http URL, without quoting it', async () => {
    await refusal(() => http().get(undefined as unknown as string));
    await refusal(() => http().get('ftp://files.example/x'));
    const noBase = createHttpClient();
    const relative = await refusal(() => noBase.get('/relative'));
    expect(relative.message).toContain('absolute URL');
    const bad = await refusal(() => noBase.get('http://me:pw-in-url-77@[::1/x'));
    expect(visibleText(bad)).not.toContain('pw-in-url-77');
  });

  it('refuses null options and a schema that is not a valibot one', async () => {
    await refusal(() => http().request('/', null as never));
    await refusal(() => http().get('/', { schema: { kind: 'schema' } as never }));
  });
});

/** Hostile values: wrong types, empty and huge, NaN and friends, unicode, cycles, arrays. */
const hostile = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    true,
    false,
    0,
    -0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    2 ** 31,
    Number.MAX_SAFE_INTEGER,
    '',
    ' ',
    '\u0000',
    '\r\n',
    '\ud800',
    'x'.repeat(10_000),
    circular,
    [],
    {},
    10n,
    Symbol('s'),
  ),
  fc.integer({ min: -5, max: 5 }),
  fc.double(),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** Mostly valid values, hostile ones a seventh of the time. */
const or = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: hostile });
const printable = fc.string({ unit: fc.constantFrom(...'abc XYZ-_/:;=,.!~09'), maxLength: 12 });
const statusArb = fc.integer({ min: 100, max: 599 });
const retryArb = or(
  fc.oneof(
    fc.constant(false as const),
    fc.nat(3),
    fc.record(
      {
        limit: or(fc.nat(3)),
        baseDelay: or(fc.nat(1000)),
        maxDelay: or(fc.nat(30_000)),
        statusCodes: or(fc.array(or(statusArb), { maxLength: 3 })),
        methods: or(fc.array(or(fc.constantFrom('GET', 'post')), { maxLength: 2 })),
        jitter: or(fc.constantFrom('full', 'none')),
      },
      { requiredKeys: [] },
    ),
  ),
);
const timeoutValue = or(fc.oneof(fc.constant(false as const), fc.integer({ min: 0, max: 60_000 })));
const timeoutArb = or(
  fc.oneof(
    timeoutValue,
    fc.record({ response: timeoutValue, deadline: timeoutValue }, { requiredKeys: [] }),
  ),
);
const headersArb = or(
  fc.dictionary(
    fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom('x-a', 'X-B', 'accept') },
      { weight: 1, arbitrary: fc.constantFrom('content-length', 'Transfer-Encoding', 'x y', '') },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
    ),
    or(printable),
    { maxKeys: 3 },
  ),
);

/** The smallest response timeout the options set, to tell a timeout they asked for. */
function shortestTimeout(...timeouts: unknown[]): number {
  const values = timeouts.flatMap((t) =>
    typeof t === 'object' && t !== null ? Object.values(t) : [t],
  );
  return Math.min(...values.filter((t): t is number => typeof t === 'number'));
}

/** Outcomes of the generated runs: both kinds must occur, or the property says little. */
const tally = { refused: 0, sent: 0 };
const bothOutcomes = (before: typeof tally) => {
  expect(tally.refused - before.refused).toBeGreaterThan(20);
  expect(tally.sent - before.sent).toBeGreaterThan(20);
};

/** Calls `run`: either an InputValidationError and no request, or the answer of a request sent. */
async function refusedOrSent(
  run: () => Promise<unknown>,
  timeouts: unknown[],
  path: unknown = '/p',
): Promise<void> {
  const before = requests;
  lastRequest = undefined;
  let outcome: unknown;
  try {
    outcome = await run();
  } catch (error) {
    if (isInputValidationError(error)) {
      tally.refused++;
      expect(requests).toBe(before);
      return;
    }
    // A timeout the options asked for (0 ms, say) may end an attempt before the answer.
    if (isTimeoutError(error) && shortestTimeout(...timeouts) < 1000) return;
    throw error;
  }
  tally.sent++;
  expect(outcome).toEqual({ ok: true });
  expect(requests).toBeGreaterThan(before);
  if (typeof path === 'string' && path.startsWith('/p')) {
    expect(lastUrl().startsWith('/p')).toBe(true);
  }
}

describe('generated hostile options (fast-check, fixed seed)', () => {
  it('createHttpClient: refused before any request, or a well-formed request', async () => {
    const before = { ...tally };
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            baseUrl: or(fc.constant('LOOPBACK')),
            timeout: timeoutArb,
            retry: retryArb,
            headers: headersArb,
            userAgent: or(printable),
            plugins: or(
              fc.array(fc.record({ name: or(fc.constantFrom('a', 'b')) }), { maxLength: 2 }),
            ),
            secretHeaders: or(fc.array(or(fc.constantFrom('x-a', 'x-token')), { maxLength: 2 })),
            validateResponses: or(fc.boolean()),
          },
          { requiredKeys: ['baseUrl'] },
        ),
        async (generated) => {
          const options = {
            ...generated,
            baseUrl: generated.baseUrl === 'LOOPBACK' ? server.url : generated.baseUrl,
          } as HttpClientOptions;
          await refusedOrSent(() => createHttpClient(options).get('/p'), [options.timeout]);
        },
      ),
      { seed: 1313, numRuns: 250 },
    );
    bothOutcomes(before);
  });

  it('request options: refused before any request, or a well-formed request', async () => {
    const http = createHttpClient({ baseUrl: server.url, retry: { limit: 0 } });
    const before = { ...tally };
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            method: or(fc.constantFrom('GET', 'post', 'PUT', 'DELETE', 'CONNECT')),
            timeout: timeoutArb,
            retry: retryArb,
            headers: headersArb,
            searchParams: or(
              fc.dictionary(
                fc.string({ maxLength: 5 }),
                or(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))),
                { maxKeys: 3 },
              ),
            ),
            json: or(fc.jsonValue({ maxDepth: 3 })),
            okStatuses: or(fc.array(or(statusArb), { maxLength: 2 })),
            idempotent: or(fc.boolean()),
            secrets: or(fc.array(or(fc.string()), { maxLength: 2 })),
          },
          { requiredKeys: [] },
        ),
        or(fc.constantFrom('/p', '/p/a b?c=d', '/p/%41')),
        async (options, path) => {
          const call = () => http.request(path as string, options as RequestOptions);
          await refusedOrSent(async () => (await call()).json(), [options.timeout], path);
        },
      ),
      { seed: 4242, numRuns: 300 },
    );
    bothOutcomes(before);
  });
});

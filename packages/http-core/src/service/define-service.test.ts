import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHttpClient,
  defineError,
  defineService,
  errorGuard,
  HttpError,
  type HttpErrorOptions,
  isHttpError,
  isInputValidationError,
  requestIdPlugin,
} from '../index.js';
import { type LoopbackServer, startLoopbackServer } from '../testing/index.js';

class ShopError extends HttpError {
  override name = 'ShopError';
  readonly shopReason: string;
  constructor(options: HttpErrorOptions) {
    super(options);
    this.shopReason = options.serviceMessage ?? '';
  }
}
const NotFound = defineError(ShopError, 'ShopNotFound');
const Gone = defineError(ShopError, 'ShopGone');
const Busy = defineError(ShopError, 'ShopBusy', { code: 'SHOP_BUSY' });
const isShopNotFound = errorGuard<ShopError>('ShopNotFound');

const shop = defineService({
  name: 'shop-client',
  version: '1.2.3',
  transport: 'node',
  retry: { limit: 2, statusCodes: [503], baseDelay: 1, maxDelay: 1 },
  errorEnvelope: {
    schema: v.object({ problem: v.object({ id: v.string(), text: v.string() }) }),
    code: (b) => b.problem.id,
    message: (b) => b.problem.text,
  },
  errors: {
    byCode: { gone_forever: Gone },
    byStatus: { 404: NotFound, 429: Busy },
    fallback: ShopError,
  },
  env: { SHOP_URL: 'baseUrl', SHOP_TOKEN: 'token' },
});

interface Seen {
  url: string;
  headers: Record<string, string | string[] | undefined>;
}
let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Answers each request with the next scripted status and body, recording what it saw. */
async function scripted(...answers: Array<[number, unknown, Record<string, string>?]>) {
  const seen: Seen[] = [];
  server = await startLoopbackServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    const [status, body, headers] = answers.shift() ?? [200, { ok: true }];
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  return { url: server.url, seen };
}

describe('defineService', () => {
  it('reads the envelope through its schema and picks the class by status', async () => {
    const { url } = await scripted([404, { problem: { id: 'no_item', text: 'no such item' } }]);
    const error = await shop
      .createHttp({ baseUrl: url })
      .get('/items/1')
      .catch((e) => e);
    expect(isHttpError(error) && error.status === 404).toBe(true);
    expect(error).toBeInstanceOf(NotFound);
    expect(error).toBeInstanceOf(ShopError);
    expect(isShopNotFound(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'ShopNotFound',
      serviceCode: 'no_item',
      serviceMessage: 'no such item',
      shopReason: 'no such item',
      statusText: 'Not Found',
    });
  });

  it("picks the class by the service's code before the status, and the fallback last", async () => {
    const { url } = await scripted(
      [404, { problem: { id: 'gone_forever', text: 'deleted' } }],
      [418, { problem: { id: 'teapot', text: 'short and stout' } }],
      [429, 'not json'],
    );
    const http = shop.createHttp({ baseUrl: url, retry: false });
    const gone = await http.get('/a').catch((e) => e);
    expect(gone).toBeInstanceOf(Gone);
    expect(gone).not.toBeInstanceOf(NotFound);
    const other = (await http.get('/b').catch((e) => e)) as HttpError;
    expect(other.name).toBe('ShopError');
    expect(other.serviceCode).toBe('teapot');
    const busy = (await http.get('/c').catch((e) => e)) as HttpError;
    expect(busy).toMatchObject({ name: 'ShopBusy', code: 'SHOP_BUSY', status: 429 });
    // A body that does not fit the envelope's schema carries no service code.
    expect(busy.serviceCode).toBeUndefined();
  });

  it("lays the caller's retry over the service's policy", async () => {
    const { url, seen } = await scripted([503, {}], [503, {}], [200, { ok: 1 }]);
    await expect(shop.createHttp({ baseUrl: url }).get('/x')).resolves.toEqual({ ok: 1 });
    expect(seen).toHaveLength(3);
    const again = await scripted([503, {}], [200, {}]);
    const error = (await shop
      .createHttp({ baseUrl: again.url, retry: false })
      .get('/x')
      .catch((e) => e)) as HttpError;
    expect(error).toMatchObject({ status: 503, attempts: 1 });
    expect(shop.retry(5)).toMatchObject({ limit: 5, statusCodes: [503] });
    expect(shop.retry(false)).toBe(false);
  });

  it('sends with its user agent over node:http, and a request hook does not change that', async () => {
    const { url, seen } = await scripted([200, {}], [200, {}]);
    await shop.createHttp({ baseUrl: url }).get('/plain');
    await shop.createHttp({ baseUrl: url, plugins: [requestIdPlugin()] }).get('/hooked');
    expect(seen[0]?.headers['user-agent']).toBe('connectorkit-shop-client/1.2.3');
    // undici's fetch sends sec-fetch-mode; node:http does not.
    expect(seen.map((s) => s.headers['sec-fetch-mode'])).toEqual([undefined, undefined]);
    expect(seen[1]?.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uses fetch when the caller gives one', async () => {
    const { url, seen } = await scripted([200, {}]);
    const calls: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      calls.push(String(input));
      return globalThis.fetch(input, init);
    };
    await shop.createHttp({ baseUrl: url, fetch }).get('/f');
    expect(calls).toEqual([`${url}/f`]);
    expect(seen[0]?.headers['sec-fetch-mode']).toBe('cors');
  });

  it("lays its envelope and classes over a shared client, keeping that client's headers", async () => {
    const { url, seen } = await scripted([404, { problem: { id: 'x', text: 'y' } }]);
    const shared = createHttpClient({ baseUrl: url, headers: { 'x-team': 'search' }, retry: 0 });
    const error = (await shop
      .createHttp({ http: shared })
      .get('/s')
      .catch((e) => e)) as HttpError;
    expect(error).toBeInstanceOf(NotFound);
    expect(error.serviceCode).toBe('x');
    expect(seen[0]?.headers['x-team']).toBe('search');
  });

  it("reads the request id from the service's own header first, the usual ones otherwise", async () => {
    const traced = defineService({ ...shop.profile, requestIdHeaders: ['X-Shop-Request-Id'] });
    const both = { 'x-shop-request-id': 'shop-1', 'x-request-id': 'usual-1' };
    const { url } = await scripted(
      [404, {}, both],
      [404, {}, both],
      [404, {}, { 'request-id': 'r' }],
    );
    const own = traced.createHttp({ baseUrl: url, retry: false });
    expect(await own.get('/a').catch((e: HttpError) => e.requestId)).toBe('shop-1');
    const plain = shop.createHttp({ baseUrl: url, retry: false });
    expect(await plain.get('/b').catch((e: HttpError) => e.requestId)).toBe('usual-1');
    expect(await own.get('/c').catch((e: HttpError) => e.requestId)).toBe('r');
  });

  it('names a plugins option that is not an array, before any request', async () => {
    const { url, seen } = await scripted();
    const refusal = (() => {
      try {
        shop.createHttp({ baseUrl: url, plugins: 5 as never });
      } catch (error) {
        return error;
      }
    })();
    expect(isInputValidationError(refusal) && refusal.message).toMatch(/plugins/);
    expect(seen).toHaveLength(0);
  });

  it('reads the variables its profile names, leaving out unset and empty ones', () => {
    expect(
      shop.fromEnvironment({ SHOP_URL: 'https://shop.example', SHOP_TOKEN: '', OTHER: 'x' }),
    ).toEqual({ baseUrl: 'https://shop.example' });
  });

  it('leaves errors that are not HTTP errors as they are', () => {
    const error = new TypeError('boom');
    expect(shop.toError(error)).toBe(error);
  });
});

describe('defineError', () => {
  it('makes classes whose instanceof and guards hold across copies of a package', () => {
    const facts: HttpErrorOptions = {
      status: 404,
      statusText: 'Not Found',
      method: 'GET',
      url: 'http://h/x',
      headers: {},
      data: undefined,
      body: '',
      requestId: undefined,
      serviceCode: undefined,
      serviceMessage: undefined,
      retryCount: 0,
      attempts: 1,
      isRetryable: false,
    };
    // A second installed copy defines the same class again.
    const NotFoundCopy = defineError(ShopError, 'ShopNotFound');
    const error = new NotFoundCopy(facts);
    expect(error).toBeInstanceOf(NotFound);
    expect(error).not.toBeInstanceOf(Gone);
    expect(NotFound.name).toBe('ShopNotFound');
    expect(isHttpError(error)).toBe(true);
    const WithKinds = defineError(ShopError, 'ShopInput', { kinds: ['InputValidationError'] });
    expect(errorGuard('InputValidationError')(new WithKinds(facts))).toBe(true);
  });
});

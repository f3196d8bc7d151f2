import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpClient,
  InputValidationError,
  layRetryOptions,
  type RetryOptions,
  resolveRetryOptions,
} from './index.js';
import { createFaultInjector, type LoopbackServer, startLoopbackServer } from './testing/index.js';

describe('resolveRetryOptions', () => {
  const clock = { now: () => 0, sleep: async () => {}, random: () => 0.5 };
  it('refuses an option out of range, naming the knob', () => {
    for (const bad of [-1, Number.NaN, { limit: 1.5 }, { maxDelay: -1 }, { statusCodes: [42] }]) {
      expect(() => resolveRetryOptions(bad as RetryOptions, clock)).toThrow(InputValidationError);
    }
    expect(() => resolveRetryOptions({ limit: -2 }, clock)).toThrow(/limit/);
    expect(resolveRetryOptions(3, clock).limit).toBe(3);
  });
});

describe('layRetryOptions', () => {
  const defaults: RetryOptions = { limit: 4, baseDelay: 500, statusCodes: [500, 503] };

  it('lays over a resolved policy, whose default methods include TRACE', () => {
    const { shouldRetry, ...resolved } = resolveRetryOptions(undefined, {
      now: () => 0,
      sleep: async () => {},
      random: () => 0.5,
    });
    expect(shouldRetry).toBeUndefined();
    expect(resolved.methods).toContain('TRACE');
    expect(layRetryOptions(resolved, { limit: 1 })).toMatchObject({
      limit: 1,
      methods: resolved.methods,
    });
  });

  it('lays a number as the limit, false as no retries, an object field by field', () => {
    expect(layRetryOptions(defaults, 1)).toEqual({ ...defaults, limit: 1 });
    expect(layRetryOptions(defaults, false)).toEqual({ ...defaults, limit: 0 });
    expect(
      layRetryOptions(defaults, { baseDelay: 100, limit: undefined } as unknown as RetryOptions),
    ).toEqual({
      ...defaults,
      baseDelay: 100,
    });
    expect(layRetryOptions(defaults, undefined)).toEqual(defaults);
    expect(layRetryOptions(2, { baseDelay: 1 })).toEqual({ limit: 2, baseDelay: 1 });
    expect(layRetryOptions(false, undefined)).toEqual({ limit: 0 });
    expect(layRetryOptions(undefined, 3)).toEqual({ limit: 3 });
    expect(
      layRetryOptions(
        {
          limit: 4,
          baseDelay: 500,
          statusCodes: [408, 429, 500, 502, 503, 504],
          retryServerErrors: true,
        },
        1,
      ),
    ).toMatchObject({
      limit: 1,
      statusCodes: [408, 429, 500, 502, 503, 504],
      retryServerErrors: true,
    });
  });

  it('never changes the defaults it was given', () => {
    layRetryOptions(defaults, { limit: 9 });
    expect(defaults.limit).toBe(4);
  });

  it('refuses what is not a retry option, naming which argument', () => {
    expect(() => layRetryOptions(defaults, -1)).toThrow(InputValidationError);
    expect(() => layRetryOptions({ limit: 1.5 }, 1)).toThrow(/layRetryOptions defaults: limit/);
    expect(() => layRetryOptions(defaults, { statusCodes: [42] })).toThrow(
      /layRetryOptions override: statusCodes\.0/,
    );
  });
});

describe('a partial retry laid over a client', () => {
  const faults = createFaultInjector();
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer(
      faults.wrap((req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      }),
    );
  });
  afterAll(() => server.close());

  /** A client that retries 500 and records its sleeps instead of waiting. */
  const base = () => {
    const delays: number[] = [];
    const http = createHttpClient({
      baseUrl: server.url,
      retry: {
        limit: 3,
        statusCodes: [500],
        retryServerErrors: true,
        jitter: 'none',
        baseDelay: 10,
        sleep: async (ms) => void delays.push(ms),
      },
    });
    return { http, delays };
  };

  it('extend() keeps the fields the caller did not set', async () => {
    const { http, delays } = base();
    faults.failNext(1, 500);
    await expect(http.extend({ retry: { limit: 1 } }).get('/')).resolves.toEqual({ ok: true });
    expect(delays).toEqual([10]);
    faults.failNext(3, 500);
    await expect(http.extend({ retry: 1 }).get('/')).rejects.toMatchObject({
      status: 500,
      attempts: 2,
    });
    faults.clear();
    expect(delays).toEqual([10, 10]);
    faults.failNext(1, 500);
    await expect(http.extend({ retry: false }).get('/')).rejects.toMatchObject({ attempts: 1 });
  });

  it('a call retry keeps the client statuses and its sleep', async () => {
    const { http, delays } = base();
    faults.failNext(2, 500);
    await expect(http.get('/', { retry: 2 })).resolves.toEqual({ ok: true });
    expect(delays).toEqual([10, 20]);
    faults.failNext(1, 500);
    await expect(http.get('/', { retry: { baseDelay: 7 } })).resolves.toEqual({ ok: true });
    expect(delays).toEqual([10, 20, 7]);
  });
});

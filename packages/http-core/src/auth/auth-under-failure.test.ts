import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AuthenticationError,
  couchDbSessionAuth,
  createHttpClient,
  createTokenCache,
  iamAuth,
  isAuthenticationError,
  type RetryOptions,
} from '../index.js';
import { type LoopbackServer, recordCalls, startLoopbackServer } from '../testing/index.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<LoopbackServer> {
  const server = await startLoopbackServer(async (req, res) => {
    for await (const _ of req) {
      // read the body
    }
    handler(req, res);
  });
  servers.push(server);
  return server;
}

/** A token endpoint that answers the scripted statuses first, then tokens; counts requests. */
async function tokenServer(script: { status: number; retryAfter?: string }[], expiresIn = 3600) {
  let requests = 0;
  const server = await serve((_req, res) => {
    requests++;
    const step = script.shift();
    if (step) {
      res.writeHead(step.status, {
        'content-type': 'application/json',
        ...(step.retryAfter ? { 'retry-after': step.retryAfter } : {}),
      });
      return void res.end('{"errorMessage":"try later"}');
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: `token-${requests}`, expires_in: expiresIn }));
  });
  return { server, requests: () => requests };
}

/** A service that accepts any bearer token and counts requests. */
async function service() {
  let requests = 0;
  const server = await serve((req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
  });
  return { server, requests: () => requests };
}

/** A retry policy whose sleeps are recorded and skipped, with a fixed draw for the jitter. */
function recordedRetry(): { delays: number[]; retry: RetryOptions } {
  const delays: number[] = [];
  return {
    delays,
    retry: { random: () => 0.5, sleep: async (ms: number) => void delays.push(ms) },
  };
}

describe('a token request that fails', () => {
  it('is retried inside the single flight: 200 waiting requests all succeed after 500, 500', async () => {
    const iam = await tokenServer([{ status: 500 }, { status: 500 }]);
    const svc = await service();
    const { delays, retry } = recordedRetry();
    const http = createHttpClient({
      baseUrl: svc.server.url,
      auth: iamAuth({ apikey: 'the-api-key', url: iam.server.url }),
      retry,
    });
    const answers = await Promise.all(Array.from({ length: 200 }, () => http.get('/x')));
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(
      new Set([JSON.stringify({ authorization: 'Bearer token-3' })]),
    );
    expect(iam.requests()).toBe(3);
    expect(svc.requests()).toBe(200);
    // Full jitter over 500 ms doubling, with the injected draw of 0.5.
    expect(delays).toEqual([250, 500]);
  });

  it('honours Retry-After, and retries a session request on 429 and 503 too', async () => {
    const couch = await serve((req, res) => {
      if (req.url === '/_session') {
        sessions++;
        if (sessions === 1) {
          res.writeHead(429, { 'retry-after': '3' });
          return void res.end();
        }
        if (sessions === 2) {
          res.writeHead(503);
          return void res.end();
        }
        res.writeHead(200, { 'set-cookie': 'AuthSession=abc123; Max-Age=600' });
        return void res.end('{"ok":true}');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ cookie: req.headers.cookie ?? null }));
    });
    let sessions = 0;
    const { delays, retry } = recordedRetry();
    const http = createHttpClient({
      baseUrl: couch.url,
      auth: couchDbSessionAuth({ username: 'admin', password: 's3cret' }),
      retry,
    });
    const answers = await Promise.all(Array.from({ length: 50 }, () => http.get('/db')));
    expect(answers.every((a) => (a as { cookie: string }).cookie === 'AuthSession=abc123')).toBe(
      true,
    );
    expect(sessions).toBe(3);
    expect(delays).toEqual([3000, 500]);
  });

  it('fails every waiting request only once the retries are spent, and not on a 4xx', async () => {
    const iam = await tokenServer(Array.from({ length: 10 }, () => ({ status: 503 })));
    const svc = await service();
    const { retry } = recordedRetry();
    const http = createHttpClient({
      baseUrl: svc.server.url,
      auth: iamAuth({ apikey: 'the-api-key', url: iam.server.url }),
      retry,
    });
    const errors = await Promise.all(
      Array.from({ length: 50 }, () => http.get('/x').catch((e: unknown) => e)),
    );
    expect(errors.every(isAuthenticationError)).toBe(true);
    expect(errors[0]).toMatchObject({ status: 503, isRetryable: true });
    // One request and the 4 retries of the default token retry policy, for all 50 callers.
    expect(iam.requests()).toBe(5);
    expect(svc.requests()).toBe(0);

    const refusing = await tokenServer([{ status: 400 }]);
    const once = createHttpClient({
      baseUrl: svc.server.url,
      auth: iamAuth({ apikey: 'the-api-key', url: refusing.server.url }),
      retry,
    });
    const refused = (await once.get('/x').catch((e: unknown) => e)) as AuthenticationError;
    expect(refused).toMatchObject({ status: 400, isRetryable: false });
    expect(refusing.requests()).toBe(1);
  });

  it('times out with the client response timeout, and is retried like a network error', async () => {
    let stalls = 1;
    let requests = 0;
    const iam = await serve((_req, res) => {
      requests++;
      if (stalls-- > 0) return; // never answers
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'late-token', expires_in: 3600 }));
    });
    const svc = await service();
    const { retry } = recordedRetry();
    const http = createHttpClient({
      baseUrl: svc.server.url,
      auth: iamAuth({ apikey: 'the-api-key', url: iam.url }),
      timeout: 200,
      retry,
    });
    await expect(http.get('/x')).resolves.toEqual({ authorization: 'Bearer late-token' });
    expect(requests).toBe(2);
  });

  it('lets a caller stop waiting with its signal while the flight goes on for the others', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let fetches = 0;
    const cache = createTokenCache({
      provider: 'test',
      fetchToken: async () => {
        fetches++;
        await gate;
        return { value: 'shared-token', expiresAt: Date.now() + 3_600_000 };
      },
    });
    const context = { fetch, now: Date.now };
    const controller = new AbortController();
    const leaving = cache.get({ ...context, signal: controller.signal });
    const staying = cache.get(context);
    controller.abort(new Error('caller left'));
    await expect(leaving).rejects.toThrow('caller left');
    release();
    await expect(staying).resolves.toBe('shared-token');
    expect(fetches).toBe(1);
  });
});

describe('a token with a short lifetime', () => {
  it('is reused until most of its lifetime is spent, not fetched on every call', async () => {
    const iam = await tokenServer([], 5);
    const svc = await service();
    let now = 1_000_000;
    const http = createHttpClient({
      baseUrl: svc.server.url,
      auth: iamAuth({ apikey: 'the-api-key', url: iam.server.url }),
      retry: { now: () => now },
    });
    for (const at of [0, 1000, 2000, 3000, 3900]) {
      now = 1_000_000 + at;
      await http.get('/x');
    }
    expect(iam.requests()).toBe(1);
    // Past 80% of 5 s: a background refresh, the current token still used meanwhile.
    now = 1_004_100;
    await expect(http.get('/x')).resolves.toEqual({ authorization: 'Bearer token-1' });
    now = 1_004_300;
    await expect
      .poll(async () => ((await http.get('/x')) as { authorization: string }).authorization)
      .toBe('Bearer token-2');
    expect(iam.requests()).toBe(2);
  });
});

describe('couchDbSessionAuth with credentials in the base URL', () => {
  it('posts the session without them (no Request ever sees them) and authenticates', async () => {
    const seen: { url: string; authorization: string | undefined }[] = [];
    const couch = await serve((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      if (req.url === '/_session') {
        res.writeHead(200, { 'set-cookie': 'AuthSession=c00kie; Max-Age=600' });
        return void res.end('{"ok":true}');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ cookie: req.headers.cookie ?? null }));
    });
    // recordCalls builds a Request from each call, which throws on a URL with credentials.
    const calls = recordCalls();
    const http = createHttpClient({
      baseUrl: couch.url.replace('//', '//admin:url-pass-77@'),
      fetch: calls,
      auth: couchDbSessionAuth({ username: 'admin', password: 's3cret' }),
    });
    await expect(http.get('/db')).resolves.toEqual({ cookie: 'AuthSession=c00kie' });
    expect(seen.map((s) => s.url)).toEqual(['/_session', '/db']);
    expect(calls.calls.map((c) => c.url).join(' ')).not.toContain('url-pass-77');
  });

  it('reports a missing server URL without a TypeError', async () => {
    const http = createHttpClient({
      auth: couchDbSessionAuth({ username: 'admin', password: 's3cret' }),
      retry: false,
    });
    const svc = await service();
    const error = await http.get(`${svc.server.url}/db`).catch((e: unknown) => e);
    expect(isAuthenticationError(error)).toBe(true);
    expect((error as Error).message).toContain('no server URL');
  });
});

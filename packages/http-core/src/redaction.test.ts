import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeyAuth,
  basicAuth,
  bearerTokenAuth,
  couchDbSessionAuth,
  createHttpClient,
  type HttpLogEvent,
  iamAuth,
  redactUrl,
} from './index.js';
import { type LoopbackServer, startLoopbackServer, visibleText } from './testing/index.js';

const SECRETS = {
  password: 'pa55-w0rd-XYZ',
  apiKey: 'api-key-7f3a9c',
  token: 'bearer-tok-QQQ',
  iamKey: 'iam-apikey-123',
  cookieValue: 'c00kie-value-987',
  queryToken: 'query-token-555',
  urlPassword: 'url-pass-222',
};

let server: LoopbackServer;
beforeAll(async () => {
  // A hostile server: echoes every header it got in its error bodies and sets cookies.
  server = await startLoopbackServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url === '/_session') {
      res.writeHead(200, { 'set-cookie': `AuthSession=${SECRETS.cookieValue}; Max-Age=600` });
      res.end('{"ok":true}');
      return;
    }
    if (req.url?.startsWith('/identity/token')) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errorMessage: `bad key ${Buffer.concat(chunks).toString()}` }));
      return;
    }
    res.writeHead(req.url?.includes('boom') ? 500 : 401, {
      'content-type': 'application/json',
      'set-cookie': `AuthSession=${SECRETS.cookieValue}`,
      'x-echo-auth': String(req.headers.authorization ?? ''),
    });
    res.end(
      JSON.stringify({
        error: 'unauthorized',
        reason: `you sent ${JSON.stringify(req.headers)} to ${req.url}`,
      }),
    );
  });
});
afterAll(() => server.close());

function everythingVisible(error: unknown, events: HttpLogEvent[]): string {
  const parts: string[] = [JSON.stringify(events), inspect(error, { depth: 10, showHidden: true })];
  let current: unknown = error;
  while (current instanceof Error) {
    parts.push(
      String(current),
      current.stack ?? '',
      JSON.stringify(current),
      JSON.stringify({ ...current }),
    );
    current = current.cause;
  }
  return parts.join('\n');
}

describe('redaction sweep', () => {
  const cases: [string, () => Promise<unknown>][] = [];
  const events: HttpLogEvent[] = [];
  const logger = (e: HttpLogEvent) => events.push(e);
  const base = () => server.url;
  cases.push([
    'basic auth',
    () =>
      createHttpClient({
        baseUrl: base(),
        logger,
        auth: basicAuth({ username: 'u', password: SECRETS.password }),
      }).get('/db'),
  ]);
  cases.push([
    'api key header',
    () =>
      createHttpClient({ baseUrl: base(), logger, auth: apiKeyAuth({ key: SECRETS.apiKey }) }).get(
        '/x',
      ),
  ]);
  cases.push([
    'api key query',
    () =>
      createHttpClient({
        baseUrl: base(),
        logger,
        auth: apiKeyAuth({ key: SECRETS.apiKey, in: 'query' }),
      }).get('/x'),
  ]);
  cases.push([
    'bearer token',
    () =>
      createHttpClient({
        baseUrl: base(),
        logger,
        auth: bearerTokenAuth({ token: SECRETS.token }),
        retry: false,
      }).get('/boom'),
  ]);
  cases.push([
    'iam key refused',
    () =>
      createHttpClient({
        baseUrl: base(),
        logger,
        auth: iamAuth({ apikey: SECRETS.iamKey, url: base() }),
      }).get('/x'),
  ]);
  cases.push([
    'session cookie',
    () =>
      createHttpClient({
        baseUrl: base(),
        logger,
        auth: couchDbSessionAuth({ username: 'u', password: SECRETS.password }),
      }).get('/db'),
  ]);
  cases.push([
    'token in query',
    () =>
      createHttpClient({ baseUrl: base(), logger, retry: false }).get('/boom', {
        searchParams: { access_token: SECRETS.queryToken },
      }),
  ]);
  cases.push([
    'credentials in URL',
    () =>
      createHttpClient({ logger, retry: false }).get(
        `${base().replace('//', `//me:${SECRETS.urlPassword}@`)}/boom`,
      ),
  ]);
  cases.push([
    'credentials in base URL',
    () =>
      createHttpClient({
        baseUrl: base().replace('//', `//me:${SECRETS.urlPassword}@`),
        logger,
        retry: false,
      }).get('/db'),
  ]);
  cases.push([
    'network error with token',
    () =>
      createHttpClient({ logger, retry: false }).get(
        `http://127.0.0.1:9/x?token=${SECRETS.queryToken}`,
      ),
  ]);

  it.each(cases)(
    '%s: no secret in the message, properties, inspect output, cause or logs',
    async (_name, run) => {
      events.length = 0;
      const error = await run().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      const visible = everythingVisible(error, events);
      for (const secret of Object.values(SECRETS)) expect(visible).not.toContain(secret);
      expect(visible).not.toContain(Buffer.from(`u:${SECRETS.password}`).toString('base64'));
      expect(visible).not.toContain(Buffer.from(`me:${SECRETS.urlPassword}`).toString('base64'));
    },
  );
});

describe('per-request secrets', () => {
  const pathToken = 'path-token-8c1e';
  it('are cut out of the errors and log events of that call, in any encoding', async () => {
    const events: HttpLogEvent[] = [];
    const http = createHttpClient({ baseUrl: server.url, logger: (e) => events.push(e) });
    for (const path of [`/boom/${pathToken}`, `/boom/${encodeURIComponent(`${pathToken} x`)}`]) {
      events.length = 0;
      const secret = path.endsWith('x') ? `${pathToken} x` : pathToken;
      const error = await http
        .get(path, { secrets: [secret], retry: false })
        .catch((e: unknown) => e);
      expect((error as { status: number }).status).toBe(500);
      expect(events.map((e) => e.type)).toEqual(['request', 'response']);
      expect(visibleText(error, events)).not.toContain(pathToken);
      expect(visibleText(error, events)).toContain('[REDACTED]');
    }
    const closed = createHttpClient({ baseUrl: 'http://127.0.0.1:9', retry: false });
    const network = await closed
      .get(`/x/${pathToken}`, { secrets: [pathToken] })
      .catch((e: unknown) => e);
    expect((network as Error).name).toBe('NetworkError');
    expect(visibleText(network)).not.toContain(pathToken);
  });
});

describe('credentials in a URL', () => {
  it('are sent as Basic authentication, since fetch refuses them in the URL', async () => {
    const basic = await startLoopbackServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
    });
    try {
      const http = createHttpClient({ baseUrl: basic.url.replace('//', '//me:p%40ss@') });
      await expect(http.get('/db')).resolves.toEqual({ authorization: `Basic ${btoa('me:p@ss')}` });
    } finally {
      await basic.close();
    }
  });
});

describe('redactUrl', () => {
  it('hides user info and token-like parameters and keeps the rest', () => {
    expect(redactUrl('https://me:pw@h.example/p?limit=5&apikey=k&sig=s')).toBe(
      'https://[REDACTED]@h.example/p?limit=5&apikey=[REDACTED]&sig=[REDACTED]',
    );
    expect(
      redactUrl(
        'https://bucket.s3.example/f?X-Amz-Credential=AKIA&X-Amz-Signature=abc&x-id=PutObject',
      ),
    ).toBe(
      'https://bucket.s3.example/f?X-Amz-Credential=[REDACTED]&X-Amz-Signature=[REDACTED]&x-id=PutObject',
    );
  });
});

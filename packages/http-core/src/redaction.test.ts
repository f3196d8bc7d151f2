import { inspect } from 'node:util';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeyAuth,
  basicAuth,
  bearerTokenAuth,
  couchDbSessionAuth,
  createHttpClient,
  type HttpClientOptions,
  type HttpLogEvent,
  iamAuth,
  isAuthenticationError,
  isConfigError,
  isHttpError,
  isInputValidationError,
  isNetworkError,
  isResponseValidationError,
  isTimeoutError,
  loadServiceConfig,
  nodeHttpTransport,
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

/** Every secret a sweep client sends, each distinct, so that a leak names its source. */
const PLANTED = {
  basicPassword: 'basic-pw-1a2b',
  apiKeyHeader: 'hdr-key-3c4d',
  apiKeyQuery: 'qry-key-5e6f',
  bearer: 'bearer-7g8h',
  iamKey: 'iam-key-9i0j',
  iamIssued: 'iam-issued-1k2l',
  sessionPassword: 'sess-pw-3m4n',
  sessionCookie: 'sess-cookie-5o6p',
  callerCookie: 'caller-cookie-7q8r',
  callerAuth: 'caller-auth-9s0t',
  callerApiKey: 'caller-apikey-1u2v',
  proxyAuth: 'proxy-auth-3w4x',
  customHeader: 'custom-hdr-5y6z',
  pathToken: 'path-tok-7a8b',
  queryToken: 'query-tok-9c0d',
  urlPassword: 'url-pw-1e2f',
};
const PLANTED_FORMS = [
  ...Object.values(PLANTED),
  btoa(`user:${PLANTED.basicPassword}`),
  btoa(`me:${PLANTED.urlPassword}`),
];

/** JSON text whose every character is a `\u` escape: parsed, it gives `text` back. */
const escapeAll = (text: string) =>
  [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

/**
 * A hostile server: whatever it received (URL, headers, body, a Basic header decoded) it echoes in
 * the status text, in headers (its own, Location, Set-Cookie), and in the body both as sent and
 * escaped so that only parsing the JSON reveals it. The first path segment picks the answer.
 */
async function hostileServer(): Promise<LoopbackServer> {
  return startLoopbackServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const basic = /^Basic (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const echo = JSON.stringify({
      url: req.url,
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
      basic: basic ? atob(basic) : null,
    });
    const mode = (req.url ?? '').split('/')[1]?.split('?')[0];
    if (mode === 'reset') return void req.socket.destroy();
    if (mode === 'stall') return;
    if (mode === 'iam-ok' || (mode === '_session' && !req.url?.includes('refuse'))) {
      res.writeHead(200, {
        'content-type': 'application/json',
        'set-cookie': `AuthSession=${PLANTED.sessionCookie}; Max-Age=600`,
      });
      return void res.end(JSON.stringify({ access_token: PLANTED.iamIssued, expires_in: 3600 }));
    }
    const status = mode === 'ok' || mode === 'not-json' ? 200 : mode === 'refuse' ? 401 : 500;
    res.writeHead(status, echo.replace(/[^\x20-\x7e]/g, '?'), {
      'content-type': 'application/json',
      'x-echo': echo,
      location: `http://elsewhere.example/?seen=${encodeURIComponent(echo)}`,
      'set-cookie': `Echo=${encodeURIComponent(echo)}`,
      'x-my-token': PLANTED.customHeader,
    });
    const json = `{"echo":${echo},"escaped":"${escapeAll(echo)}"}`;
    res.end(mode === 'not-json' ? `${echo.slice(0, 40)}${json}` : json);
  });
}

describe('sweep: every error class, every rendering, every place a server echoes a secret', () => {
  let hostile: LoopbackServer;
  beforeAll(async () => {
    hostile = await hostileServer();
  });
  afterAll(() => hostile.close());

  /** The caller's own credentials: headers, a query token, and a token in the path. */
  const callerHeaders = (omit: string[] = []) =>
    Object.fromEntries(
      Object.entries({
        cookie: `theme=dark; sid=${PLANTED.callerCookie}`,
        authorization: `Token ${PLANTED.callerAuth}`,
        'x-api-key': PLANTED.callerApiKey,
        'proxy-authorization': `Basic ${btoa(`proxy:${PLANTED.proxyAuth}`)}`,
        'x-my-token': PLANTED.customHeader,
      }).filter(([name]) => !omit.includes(name)),
    );
  const auths: [string, () => HttpClientOptions][] = [
    ['no provider, URL credentials', () => ({ baseUrl: withUser(hostile.url) })],
    ['basic', () => ({ auth: basicAuth({ username: 'user', password: PLANTED.basicPassword }) })],
    ['api key header', () => ({ auth: apiKeyAuth({ key: PLANTED.apiKeyHeader }) })],
    [
      'api key query k',
      () => ({ auth: apiKeyAuth({ key: PLANTED.apiKeyQuery, in: 'query', name: 'k' }) }),
    ],
    ['bearer', () => ({ auth: bearerTokenAuth({ token: PLANTED.bearer }) })],
    ['iam', () => ({ auth: iamAuth({ apikey: PLANTED.iamKey, url: `${hostile.url}/iam-ok` }) })],
    [
      'couchdb session',
      () => ({ auth: couchDbSessionAuth({ username: 'u', password: PLANTED.sessionPassword }) }),
    ],
  ];
  const withUser = (url: string) => url.replace('//', `//me:${PLANTED.urlPassword}@`);
  const transports: [string, HttpClientOptions][] = [
    ['fetch', {}],
    ['node:http', { transport: nodeHttpTransport() }],
  ];
  const calls: [string, string, Record<string, unknown>, (e: unknown) => boolean][] = [
    ['HttpError', 'error', {}, isHttpError],
    [
      'ResponseValidationError',
      'ok',
      { schema: v.object({ nope: v.string() }) },
      isResponseValidationError,
    ],
    ['ResponseValidationError (not JSON)', 'not-json', {}, isResponseValidationError],
    ['NetworkError', 'reset', {}, isNetworkError],
    ['TimeoutError', 'stall', { timeout: 100 }, isTimeoutError],
  ];
  const cases = auths.flatMap(([auth, options]) =>
    transports.flatMap(([transport, via]) =>
      calls.map(([kind, mode, extra, guard]) => ({
        name: `${kind} with ${auth} over ${transport}`,
        auth,
        options,
        via,
        mode,
        extra,
        guard,
      })),
    ),
  );

  it.each(cases)('$name', async ({ auth, options, via, mode, extra, guard }) => {
    const events: HttpLogEvent[] = [];
    const own = options();
    const http = createHttpClient({
      baseUrl: hostile.url,
      retry: false,
      secretHeaders: ['X-My-Token'],
      logger: (e) => events.push(e),
      ...via,
      ...own,
    });
    const omit = auth === 'no provider, URL credentials' ? [] : ['authorization'];
    if (auth.startsWith('api key header')) omit.push('x-api-key');
    if (auth === 'couchdb session') omit.push('cookie');
    const error = await http
      .post(`/${mode}/${PLANTED.pathToken}`, {
        idempotent: true,
        json: { echo: 'body' },
        headers: callerHeaders(omit),
        searchParams: { access_token: PLANTED.queryToken, limit: 5 },
        secrets: [PLANTED.pathToken],
        ...extra,
      })
      .catch((e: unknown) => e);
    expect(guard(error)).toBe(true);
    const visible = visibleText(error, events);
    for (const secret of PLANTED_FORMS) expect(visible).not.toContain(secret);
    expect(visible).toContain('[REDACTED]');
  });

  it('InputValidationError: refused options and arguments never quote a secret', async () => {
    const http = createHttpClient({ baseUrl: hostile.url });
    const refusals: (() => unknown)[] = [
      () => createHttpClient({ baseUrl: `http://me:${PLANTED.urlPassword}@[::1` }),
      () => createHttpClient({ headers: { authorization: `Bearer ${PLANTED.bearer}\n` } }),
      () => createHttpClient({ baseUrl: hostile.url, userAgent: `${PLANTED.customHeader}\r` }),
      () => http.get(`http://me:${PLANTED.urlPassword}@[::1/x`),
      () => http.get('/x', { headers: { cookie: `sid=${PLANTED.callerCookie}\n` } }),
      () => http.get('/x', { searchParams: { token: { value: PLANTED.queryToken } as never } }),
      () => http.post('/x', { json: { key: PLANTED.apiKeyHeader, n: 1n } }),
      () => bearerTokenAuth({ token: `${PLANTED.bearer}\r\n` }),
      () =>
        basicAuth({ username: `user:${PLANTED.basicPassword}`, password: PLANTED.basicPassword }),
      () => apiKeyAuth({ key: `${PLANTED.apiKeyHeader}\n` }),
      () =>
        iamAuth({ apikey: PLANTED.iamKey, url: `https://id:${PLANTED.urlPassword}@iam.example` }),
    ];
    for (const refuse of refusals) {
      let error: unknown;
      try {
        await refuse();
      } catch (e) {
        error = e;
      }
      expect(isInputValidationError(error)).toBe(true);
      const visible = visibleText(error);
      for (const secret of PLANTED_FORMS) expect(visible).not.toContain(secret);
    }
  });

  it('ConfigError: settings refused never show their values', () => {
    let error: unknown;
    try {
      loadServiceConfig('svc', {
        env: {
          SVC_URL: `ftp://me:${PLANTED.urlPassword}@host`,
          SVC_AUTH_TYPE: 'IAM',
          SVC_APIKEY: `"${PLANTED.iamKey}"`,
          SVC_PASSWORD: `{${PLANTED.basicPassword}`,
          SVC_BEARER_TOKEN: `${PLANTED.bearer}"`,
          SVC_MAX_RETRIES: PLANTED.queryToken,
        },
      });
    } catch (e) {
      error = e;
    }
    expect(isConfigError(error)).toBe(true);
    const visible = visibleText(error);
    for (const secret of PLANTED_FORMS) expect(visible).not.toContain(secret);
  });

  it('AuthenticationError: a token or session server that echoes the key', async () => {
    for (const auth of [
      iamAuth({ apikey: PLANTED.iamKey, url: `${hostile.url}/refuse` }),
      couchDbSessionAuth({
        username: 'u',
        password: PLANTED.sessionPassword,
        url: `${hostile.url}/refuse`,
      }),
    ]) {
      const events: HttpLogEvent[] = [];
      const http = createHttpClient({
        baseUrl: hostile.url,
        auth,
        retry: false,
        logger: (e) => events.push(e),
      });
      const error = await http.get('/ok').catch((e: unknown) => e);
      expect(isAuthenticationError(error)).toBe(true);
      const visible = visibleText(error, events);
      for (const secret of PLANTED_FORMS) expect(visible).not.toContain(secret);
    }
  });
});

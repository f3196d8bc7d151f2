import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, iamAuth, isAuthenticationError } from '../index.js';
import { type LoopbackServer, startLoopbackServer } from '../testing/index.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** An IAM token endpoint and a service that accepts the tokens it issued until they are revoked. */
async function iamAndService(options: { expiresIn?: number; failToken?: boolean } = {}) {
  const forms: URLSearchParams[] = [];
  let issued = 0;
  const valid = new Set<string>();
  const iam = await startLoopbackServer(async (req, res) => {
    const form = new URLSearchParams(await readBody(req));
    forms.push(form);
    if (options.failToken || form.get('apikey') !== 'the-api-key') {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          errorCode: 'BXNIM0415E',
          errorMessage: 'Provided API key could not be found',
        }),
      );
      return;
    }
    issued++;
    const token = `token-${issued}`;
    valid.add(token);
    // A slow token server, so that concurrent callers overlap with the request in flight.
    await new Promise((r) => setTimeout(r, 20));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        access_token: token,
        expires_in: options.expiresIn ?? 3600,
        token_type: 'Bearer',
      }),
    );
  });
  const seen: string[] = [];
  const service = await startLoopbackServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    seen.push(auth);
    const ok = valid.has(auth.replace(/^Bearer /, ''));
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok }));
  });
  servers.push(iam, service);
  return {
    iam,
    service,
    forms,
    seen,
    issued: () => issued,
    revoke: () => valid.clear(),
  };
}

describe('iamAuth', () => {
  it('exchanges the API key once however many requests wait', async () => {
    const t = await iamAndService();
    const http = createHttpClient({
      baseUrl: t.service.url,
      auth: iamAuth({ apikey: 'the-api-key', url: t.iam.url }),
    });
    await Promise.all(Array.from({ length: 20 }, () => http.get('/x')));
    expect(t.issued()).toBe(1);
    expect(t.forms[0]?.get('grant_type')).toBe('urn:ibm:params:oauth:grant-type:apikey');
    expect(t.forms[0]?.get('response_type')).toBe('cloud_iam');
    expect(new Set(t.seen)).toEqual(new Set(['Bearer token-1']));
  });

  it('refreshes at 80% of the lifetime and keeps serving the current token meanwhile', async () => {
    const t = await iamAndService({ expiresIn: 100 });
    let now = 1_000_000;
    const http = createHttpClient({
      baseUrl: t.service.url,
      auth: iamAuth({ apikey: 'the-api-key', url: t.iam.url }),
      retry: { now: () => now },
    });
    await http.get('/x');
    now += 79_000;
    await http.get('/x');
    expect(t.issued()).toBe(1);
    now += 2_000;
    // Past 80%: this call still gets the current token, and a refresh starts in the background.
    await http.get('/x');
    await expect
      .poll(async () => {
        await http.get('/x');
        return t.seen.at(-1);
      })
      .toBe('Bearer token-2');
    expect(t.issued()).toBe(2);
  });

  it('gets a new token and retries once after a 401', async () => {
    const t = await iamAndService();
    const http = createHttpClient({
      baseUrl: t.service.url,
      auth: iamAuth({ apikey: 'the-api-key', url: t.iam.url }),
    });
    await http.get('/x');
    t.revoke();
    await expect(http.get('/x')).resolves.toEqual({ ok: true });
    expect(t.issued()).toBe(2);
  });

  it('raises an AuthenticationError without the key when IAM refuses it', async () => {
    const t = await iamAndService({ failToken: true });
    const http = createHttpClient({
      baseUrl: t.service.url,
      auth: iamAuth({ apikey: 'the-api-key', url: t.iam.url }),
    });
    const error = await http.get('/x').catch((e: unknown) => e);
    expect(isAuthenticationError(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'iam', status: 400 });
    expect(String((error as Error).message)).not.toContain('the-api-key');
  });
});

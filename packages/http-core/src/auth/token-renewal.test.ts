import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import {
  containerAuth,
  createHttpClient,
  iamAuth,
  isHttpError,
  noAuth,
  readJwtTimes,
  vpcAuth,
  x509TokenAuth,
} from '../index.js';
import {
  createSelfSignedCertificate,
  type LoopbackServer,
  startLoopbackServer,
  visibleText,
} from '../testing/index.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(...args: Parameters<typeof startLoopbackServer>) {
  const server = await startLoopbackServer(...args);
  servers.push(server);
  return server;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A JWT with these claims (unsigned: clients read its times, they never check it). */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.sig`;
}

/**
 * A service that accepts only the tokens `accepted` holds (read from `header`, `Bearer ` cut),
 * answering 401 otherwise; `/echo-error` answers 500 with the token it was sent in the body.
 */
async function tokenService(accepted: Set<string>, header = 'authorization') {
  const seen: string[] = [];
  const server = await serve((req, res) => {
    const token = String(req.headers[header] ?? '').replace(/^Bearer /, '');
    seen.push(token);
    if (req.url === '/echo-error') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `cannot serve ${token}`, echoed: token }));
      return;
    }
    const ok = accepted.has(token);
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok }));
  });
  return { url: server.url, seen };
}

describe('a 401 renews the token of a refreshable provider once', () => {
  it('containerAuth reads the rotated compute-resource token again and exchanges it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cr-renew-'));
    const file = join(dir, 'token');
    writeFileSync(file, 'cr-1');
    const accepted = new Set<string>();
    const exchanged: string[] = [];
    const iam = await serve(async (req, res) => {
      const crToken = new URLSearchParams(await bodyOf(req)).get('cr_token') ?? '';
      exchanged.push(crToken);
      const token = `iam-for-${crToken}`;
      accepted.add(token);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: token, expires_in: 3600 }));
    });
    const service = await tokenService(accepted);
    const http = createHttpClient({
      baseUrl: service.url,
      auth: containerAuth({ crTokenFilename: file, profileId: 'p', url: iam.url }),
    });
    await expect(http.get('/')).resolves.toEqual({ ok: true });
    // The platform rotated the file, and the service no longer takes the first IAM token.
    writeFileSync(file, 'cr-2');
    accepted.clear();
    await expect(http.get('/')).resolves.toEqual({ ok: true });
    expect(exchanged).toEqual(['cr-1', 'cr-2']);
    expect(service.seen).toEqual(['iam-for-cr-1', 'iam-for-cr-1', 'iam-for-cr-2']);
  });

  it('x509TokenAuth logs in with the certificate again, and redacts the token from errors', async () => {
    const serverCert = createSelfSignedCertificate({ commonName: '127.0.0.1' });
    const clientCert = createSelfSignedCertificate({ commonName: 'renewing-host' });
    const accepted = new Set<string>();
    let logins = 0;
    const authn = await serve(
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        logins++;
        const token = `x509-token-${logins}-${peer.subject?.CN}`;
        accepted.add(token);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ token }));
      },
      { tls: { ...serverCert, requestCert: true } },
    );
    // A header no redaction rule knows: only the provider's own secrets() can hide the token.
    const service = await tokenService(accepted, 'x-ams-token');
    const http = createHttpClient({
      baseUrl: service.url,
      retry: false,
      auth: x509TokenAuth({
        host: '127.0.0.1',
        authnUrl: `${authn.url}/login`,
        header: 'x-ams-token',
        tls: { cert: clientCert.cert, key: clientCert.key, ca: serverCert.cert },
      }),
    });
    await expect(http.get('/')).resolves.toEqual({ ok: true });
    accepted.clear();
    await expect(http.get('/')).resolves.toEqual({ ok: true });
    expect(logins).toBe(2);
    expect(service.seen).toEqual([
      'x509-token-1-renewing-host',
      'x509-token-1-renewing-host',
      'x509-token-2-renewing-host',
    ]);

    const error = await http.get('/echo-error').catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(500);
    expect(visibleText(error)).not.toContain('x509-token-2');
    expect(JSON.stringify((error as { data: unknown }).data)).toContain('[REDACTED]');
  });
});

describe('vpcAuth', () => {
  it('redacts the instance identity token and the IAM token from errors', async () => {
    const identity = 'instance-identity-secret-1';
    const iamToken = 'vpc-iam-token-secret-1';
    const metadata = await serve(async (req, res) => {
      await bodyOf(req);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        req.url?.startsWith('/instance_identity/v1/token')
          ? JSON.stringify({ access_token: identity, expires_in: 300 })
          : JSON.stringify({ access_token: iamToken, expires_in: 3600 }),
      );
    });
    // A service that quotes back every credential it could have seen.
    const service = await serve((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `refused ${iamToken} (identity ${identity})` }));
    });
    const http = createHttpClient({
      baseUrl: service.url,
      retry: false,
      auth: vpcAuth({ profileId: 'profile-1', metadataUrl: metadata.url }),
    });
    const error = await http.get('/').catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(403);
    const visible = visibleText(error);
    expect(visible).not.toContain(identity);
    expect(visible).not.toContain(iamToken);
    expect(visible).toContain('[REDACTED]');
  });
});

describe('token lifetimes', () => {
  it('a failed background refresh keeps the current token, and the next call tries again', async () => {
    let issued = 0;
    let failing = false;
    const iam = await serve(async (req, res) => {
      await bodyOf(req);
      if (failing) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end('{"errorCode":"BXNIM0400E"}');
        return;
      }
      issued++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: `token-${issued}`, expires_in: 100 }));
    });
    const accepted = new Set(['token-1', 'token-2']);
    const service = await tokenService(accepted);
    let now = 1_000_000;
    const http = createHttpClient({
      baseUrl: service.url,
      auth: iamAuth({ apikey: 'key-1', url: iam.url }),
      retry: { limit: 0, now: () => now },
    });
    await http.get('/');
    failing = true;
    now += 85_000; // past 80% of the lifetime: a background refresh starts, and fails
    await expect(http.get('/')).resolves.toEqual({ ok: true });
    await expect(http.get('/')).resolves.toEqual({ ok: true });
    expect(service.seen).toEqual(['token-1', 'token-1', 'token-1']);
    failing = false;
    await expect
      .poll(async () => {
        await http.get('/');
        return service.seen.at(-1);
      })
      .toBe('token-2');
    expect(issued).toBe(2);
  });

  it("an IAM token without expires_in lives as long as its JWT's exp says", async () => {
    const start = 1_700_000_000_000;
    let issued = 0;
    const accepted = new Set<string>();
    const iam = await serve(async (req, res) => {
      await bodyOf(req);
      issued++;
      const token = jwt({ sub: `n${issued}`, iat: start / 1000, exp: start / 1000 + 1000 });
      accepted.add(token);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: token }));
    });
    const service = await tokenService(accepted);
    let now = start;
    const http = createHttpClient({
      baseUrl: service.url,
      auth: iamAuth({ apikey: 'key-1', url: iam.url }),
      retry: { now: () => now },
    });
    await http.get('/');
    now = start + 700_000; // 70% of the JWT's 1000 s: still fresh
    await http.get('/');
    expect(issued).toBe(1);
    now = start + 1_001_000; // past exp: a new token before the call
    await http.get('/');
    expect(issued).toBe(2);
  });

  it('readJwtTimes reads exp and iat as milliseconds, and nothing from what is no JWT', () => {
    expect(readJwtTimes(jwt({ exp: 1_700_000_100, iat: 1_700_000_000, name: 'Zoë' }))).toEqual({
      expiresAt: 1_700_000_100_000,
      issuedAt: 1_700_000_000_000,
    });
    expect(readJwtTimes(jwt({ exp: 'soon' }))).toEqual({});
    expect(readJwtTimes('opaque-token')).toEqual({});
    expect(readJwtTimes('a.!!!.c')).toEqual({});
  });
});

describe('noAuth', () => {
  it('sends no credentials', async () => {
    const service = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
    });
    const http = createHttpClient({ baseUrl: service.url, auth: noAuth() });
    await expect(http.get('/')).resolves.toEqual({ authorization: null });
  });
});

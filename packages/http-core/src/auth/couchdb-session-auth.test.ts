import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { couchDbSessionAuth, createHttpClient, isAuthenticationError } from '../index.js';
import { type LoopbackServer, startLoopbackServer } from '../testing/index.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A CouchDB-like server: `_session` issues cookies; other paths need one still valid. */
async function sessionServer(cookieAttributes: string) {
  let sessions = 0;
  const valid = new Set<string>();
  const server = await startLoopbackServer(async (req, res) => {
    if (req.url === '/_session' && req.method === 'POST') {
      const { name, password } = JSON.parse(await body(req)) as {
        name?: string;
        password?: string;
      };
      if (name !== 'admin' || password !== 's3cret-pass') {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ error: 'unauthorized', reason: 'Name or password is incorrect.' }),
        );
        return;
      }
      sessions++;
      const cookie = `AuthSession=cookie${sessions}`;
      valid.add(cookie);
      res.writeHead(200, {
        'content-type': 'application/json',
        'set-cookie': `${cookie}; ${cookieAttributes}`,
      });
      res.end(JSON.stringify({ ok: true, name: 'admin', roles: ['_admin'] }));
      return;
    }
    const ok = valid.has(req.headers.cookie ?? '');
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        ok ? { ok: true } : { error: 'unauthorized', reason: 'You are not authorized.' },
      ),
    );
  });
  servers.push(server);
  return { server, sessions: () => sessions, expire: () => valid.clear() };
}

describe('couchDbSessionAuth', () => {
  it('posts name and password once and reuses the cookie across concurrent calls', async () => {
    const t = await sessionServer('Path=/; HttpOnly; Max-Age=600');
    const http = createHttpClient({
      baseUrl: t.server.url,
      auth: couchDbSessionAuth({ username: 'admin', password: 's3cret-pass' }),
    });
    await Promise.all(Array.from({ length: 10 }, () => http.get('/db')));
    expect(t.sessions()).toBe(1);
  });

  it('renews the session at 80% of Max-Age, and uses a default lifetime without one', async () => {
    let now = 5_000_000;
    const withMaxAge = await sessionServer('Path=/; Max-Age=100');
    const a = createHttpClient({
      baseUrl: withMaxAge.server.url,
      auth: couchDbSessionAuth({ username: 'admin', password: 's3cret-pass' }),
      retry: { now: () => now },
    });
    await a.get('/db');
    now += 81_000;
    await a.get('/db');
    await expect.poll(() => withMaxAge.sessions()).toBe(2);

    const noExpiry = await sessionServer('Path=/; HttpOnly');
    const b = createHttpClient({
      baseUrl: noExpiry.server.url,
      auth: couchDbSessionAuth({
        username: 'admin',
        password: 's3cret-pass',
        defaultLifetimeMs: 1000,
      }),
      retry: { now: () => now },
    });
    await b.get('/db');
    await b.get('/db');
    expect(noExpiry.sessions()).toBe(1);
    now += 2_000;
    await b.get('/db');
    expect(noExpiry.sessions()).toBe(2);
  });

  it('renews once after a 401 and succeeds', async () => {
    const t = await sessionServer('Path=/; Max-Age=600');
    const http = createHttpClient({
      baseUrl: t.server.url,
      auth: couchDbSessionAuth({ username: 'admin', password: 's3cret-pass' }),
    });
    await http.get('/db');
    t.expire();
    await expect(http.get('/db')).resolves.toEqual({ ok: true });
    expect(t.sessions()).toBe(2);
  });

  it('reports refused credentials as an AuthenticationError without the password', async () => {
    const t = await sessionServer('Path=/');
    const http = createHttpClient({
      baseUrl: t.server.url,
      auth: couchDbSessionAuth({ username: 'admin', password: 'wrong-password' }),
    });
    const error = await http.get('/db').catch((e: unknown) => e);
    expect(isAuthenticationError(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, provider: 'couchdb-session' });
    expect(JSON.stringify(error) + String(error)).not.toContain('wrong-password');
  });
});

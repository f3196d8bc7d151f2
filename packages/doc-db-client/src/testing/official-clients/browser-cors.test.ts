import { describe, expect, it } from 'vitest';
import { ADMIN, startSimulator } from './setup.js';

// The simulator answers CORS (withCors from @connectorkit/http-core/testing, outermost), so a
// browser page on another origin can run these flows; requests without Origin are unchanged
// (the conformance replay checks that). Here fetch sends the headers a browser would.

const PAGE = 'http://page.example:8080';
const basic = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;

describe('the simulator for a browser page on another origin', () => {
  it('answers a preflight without credentials and reaching no route', async () => {
    const { url, seen } = await startSimulator();
    const res = await fetch(`${url}/shop/doc1`, {
      method: 'OPTIONS',
      headers: {
        origin: PAGE,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toBe('PUT');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    // The preflight never reaches the fault injector nor the routes (no 401 for lacking auth).
    expect(seen).toEqual([]);
  });

  it('a cross-origin write exposes ETag, Location and the request id to the page', async () => {
    const { url } = await startSimulator();
    const headers = { origin: PAGE, authorization: basic, 'content-type': 'application/json' };
    expect((await fetch(`${url}/shop`, { method: 'PUT', headers })).status).toBe(201);
    const put = await fetch(`${url}/shop/doc1`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ a: 1 }),
    });
    expect(put.status).toBe(201);
    expect(put.headers.get('access-control-allow-origin')).toBe(PAGE);
    const exposed = (put.headers.get('access-control-expose-headers') ?? '').split(', ');
    expect(exposed).toEqual(expect.arrayContaining(['location', 'x-couch-request-id']));
    const get = await fetch(`${url}/shop/doc1`, { headers });
    expect(get.headers.get('access-control-expose-headers')?.split(', ')).toContain('etag');
    expect(await get.json()).toMatchObject({ _id: 'doc1', a: 1 });
  });

  it('a cookie login from the page, then a credentialed call with the cookie', async () => {
    const { url } = await startSimulator();
    const login = await fetch(`${url}/_session`, {
      method: 'POST',
      headers: { origin: PAGE, 'content-type': 'application/json' },
      body: JSON.stringify({ name: ADMIN.username, password: ADMIN.password }),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('access-control-allow-credentials')).toBe('true');
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^AuthSession=./);
    const session = await fetch(`${url}/_session`, { headers: { origin: PAGE, cookie } });
    expect(session.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(await session.json()).toMatchObject({
      userCtx: { name: ADMIN.username },
      info: { authenticated: 'cookie' },
    });
  });

  it('an error answer and an injected fault carry CORS headers too', async () => {
    const { url, sim } = await startSimulator();
    const denied = await fetch(`${url}/_all_dbs`, { headers: { origin: PAGE } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(PAGE);
    sim.faults.failNext(1, 503, { retryAfter: 1 });
    const fault = await fetch(`${url}/_up`, { headers: { origin: PAGE } });
    expect(fault.status).toBe(503);
    expect(fault.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(fault.headers.get('access-control-expose-headers')?.split(', ')).toContain(
      'retry-after',
    );
  });

  it('a request without Origin gets no CORS header, and OPTIONS stays a 405', async () => {
    const { url } = await startSimulator();
    const up = await fetch(`${url}/_up`);
    expect(up.status).toBe(200);
    expect([...up.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(up.headers.get('vary')).toBeNull();
    const options = await fetch(`${url}/_up`, {
      method: 'OPTIONS',
      headers: { authorization: basic },
    });
    expect(options.status).toBe(405);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCors } from './cors.js';
import { type LoopbackServer, startLoopbackServer } from './loopback-server.js';

let server: LoopbackServer;
let hits = 0;
beforeAll(async () => {
  server = await startLoopbackServer(
    withCors((_req, res) => {
      hits++;
      res.setHeader('etag', '"1-a"');
      res.writeHead(201, { 'content-type': 'application/json', location: '/db/x' });
      res.end('{"ok":true}');
    }),
  );
});
afterAll(() => server.close());

describe('withCors', () => {
  it('answers a preflight with what it asked for, without reaching the handler', async () => {
    const before = hits;
    const response = await fetch(`${server.url}/db/x`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://page.test',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://page.test');
    expect(response.headers.get('access-control-allow-methods')).toBe('PUT');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type',
    );
    expect(hits).toBe(before);
  });

  it('exposes every header of an answer to a page of any origin', async () => {
    const response = await fetch(`${server.url}/db/x`, { headers: { origin: 'http://page.test' } });
    expect(response.status).toBe(201);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://page.test');
    const exposed = response.headers.get('access-control-expose-headers')?.split(', ') ?? [];
    expect(exposed).toEqual(expect.arrayContaining(['etag', 'content-type', 'location']));
  });

  it('changes nothing for a request without an Origin', async () => {
    const response = await fetch(`${server.url}/db/x`);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('vary')).toBeNull();
  });
});

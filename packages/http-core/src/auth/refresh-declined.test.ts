import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../create-http-client.js';
import { isHttpError } from '../errors.js';
import { nodeHttpTransport } from '../node-http-transport.js';
import { type LoopbackServer, startLoopbackServer } from '../testing/loopback-server.js';
import type { AuthProvider } from './auth-provider.js';

let server: LoopbackServer;
let requests = 0;
beforeAll(async () => {
  server = await startLoopbackServer((_req, res) => {
    requests++;
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end('{"error":"unauthorized","reason":"token revoked"}');
  });
});
afterAll(() => server.close());

const provider = (refresh: () => Promise<boolean>): AuthProvider => ({
  type: 'test',
  authenticate: (target) => void target.headers.set('authorization', 'Bearer t'),
  refresh,
});

describe.each([
  ['fetch', {}],
  ['node:http', { transport: nodeHttpTransport() }],
])('a 401 whose refresh is declined, over %s', (_name, via) => {
  it('is an HttpError with the 401 body, sent once', async () => {
    const before = requests;
    const http = createHttpClient({
      baseUrl: server.url,
      auth: provider(async () => false),
      ...via,
    });
    const error = await http.get('/x').catch((e: unknown) => e);
    expect(isHttpError(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, serviceMessage: 'token revoked' });
    expect(requests - before).toBe(1);
  });

  it('a refresh that throws leaves the 401 reported with its body', async () => {
    const http = createHttpClient({
      baseUrl: server.url,
      auth: provider(async () => {
        throw new Error('token endpoint down');
      }),
      ...via,
    });
    const error = await http.get('/x').catch((e: unknown) => e);
    expect(isHttpError(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, serviceMessage: 'token revoked' });
  });
});

import { describe, expect, it } from 'vitest';
import { createHttpClient, isHttpError } from '../index.js';
import { createFetchHandler } from './fetch-doubles.js';

describe('createFetchHandler', () => {
  const routes = createFetchHandler({
    'GET /items': (_request, url) =>
      Response.json({ items: [], limit: url.searchParams.get('limit') }),
    'POST /items': async (request) =>
      Response.json({ created: await request.json() }, { status: 201 }),
    '/health': (request) => Response.json({ up: true, method: request.method }),
  });
  const http = createHttpClient({ baseUrl: 'http://service.test', fetch: routes, retry: false });

  it('answers by method and path first, then by path alone', async () => {
    await expect(http.get('/items', { searchParams: { limit: 5 } })).resolves.toEqual({
      items: [],
      limit: '5',
    });
    await expect(http.post('/items', { json: { name: 'a' } })).resolves.toEqual({
      created: { name: 'a' },
    });
    await expect(http.put('/health')).resolves.toEqual({ up: true, method: 'PUT' });
  });

  it('answers 404 for a route it does not have', async () => {
    const error = await http.delete('/items').catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(404);
    expect(error).toMatchObject({ data: { error: 'not_found' } });
  });
});

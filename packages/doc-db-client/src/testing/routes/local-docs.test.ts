import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCouchDbSimulator } from '../index.js';

// `_local` documents as CouchDB keeps them: a counter rev, no conflict check, outside the feed.
let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ url: base, close } = await createCouchDbSimulator().listen());
  await fetch(`${base}/loc`, { method: 'PUT' });
});
afterAll(() => close());

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('simulator _local documents', () => {
  it('counts revs up from the one given, and lists them in _local_docs only', async () => {
    expect((await call('PUT', '/loc/_local/b', { n: 1 })).body.rev).toBe('0-1');
    expect((await call('PUT', '/loc/_local/b', { _rev: '0-7', n: 2 })).body.rev).toBe('0-8');
    expect((await call('PUT', '/loc/_local/a', { n: 0 })).body.rev).toBe('0-1');
    expect((await call('PUT', '/loc/_local/c', { n: 3 })).body.rev).toBe('0-1');
    expect((await call('GET', '/loc/_local/b')).body).toEqual({
      _id: '_local/b',
      _rev: '0-8',
      n: 2,
    });
    const page = await call(
      'GET',
      `/loc/_local_docs?descending=true&startkey=${encodeURIComponent('"_local/b"')}&include_docs=true`,
    );
    expect(page.body).toEqual({
      total_rows: null,
      offset: null,
      rows: [
        {
          id: '_local/b',
          key: '_local/b',
          value: { rev: '0-8' },
          doc: { _id: '_local/b', _rev: '0-8', n: 2 },
        },
        {
          id: '_local/a',
          key: '_local/a',
          value: { rev: '0-1' },
          doc: { _id: '_local/a', _rev: '0-1', n: 0 },
        },
      ],
    });
    expect((await call('GET', '/loc/_all_docs')).body.rows).toEqual([]);
    expect((await call('GET', '/loc/_changes')).body.results).toEqual([]);
    expect((await call('GET', '/loc')).body.doc_count).toBe(0);
    expect((await call('DELETE', '/loc/_local/a?rev=0-99')).body).toEqual({
      ok: true,
      id: '_local/a',
      rev: '0-0',
    });
    expect((await call('DELETE', '/loc/_local/a')).status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCouchDbSimulator } from '../index.js';

// Attachments in the simulator, against what CouchDB 3.5 does (digests and revs are CouchDB's).
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const server = await createCouchDbSimulator().listen();
  ({ url: base, close } = server);
  await fetch(`${base}/att`, { method: 'PUT' });
});
afterAll(() => close());

async function json(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('simulator attachments', () => {
  it('stores inline data as CouchDB does: gzipped text, digests of the stored bytes', async () => {
    const put = await json('PUT', '/att/inline', {
      _attachments: {
        'a.txt': {
          content_type: 'text/plain',
          data: Buffer.from('hello world').toString('base64'),
        },
        'b.bin': { content_type: 'application/octet-stream', data: 'AAECAwQF/w==' },
      },
    });
    expect(put.status).toBe(201);
    const doc = await json('GET', '/att/inline?att_encoding_info=true');
    expect(doc.body._attachments).toEqual({
      'a.txt': {
        content_type: 'text/plain',
        revpos: 1,
        digest: 'md5-7mkg+nM0HN26sZkLN8KVSA==',
        length: 11,
        stub: true,
        encoding: 'gzip',
        encoded_length: 31,
      },
      'b.bin': {
        content_type: 'application/octet-stream',
        revpos: 1,
        digest: 'md5-w0GJ1pqALuFd7SnH5dD61A==',
        length: 7,
        stub: true,
      },
    });
    const res = await fetch(`${base}/att/inline/a.txt`);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(res.headers.get('etag')).toBe('"7mkg+nM0HN26sZkLN8KVSA=="');
    expect(await res.text()).toBe('hello world');
  });

  it('refuses bad base64, a stub with nothing behind it and a name starting with _', async () => {
    expect(
      await json('PUT', '/att/bad', {
        _attachments: { x: { content_type: 'text/plain', data: 'no!' } },
      }),
    ).toEqual({
      status: 400,
      body: { error: 'bad_request', reason: 'Invalid attachment data for x' },
    });
    expect(await json('PUT', '/att/stub', { _attachments: { x: { stub: true } } })).toEqual({
      status: 412,
      body: { error: 'missing_stub', reason: 'Invalid attachment stub in stub for x' },
    });
    const named = await json('PUT', '/att/named', {
      _attachments: { _x: { content_type: 'text/plain', data: '' } },
    });
    expect(named.status).toBe(400);
    expect((await json('GET', '/att/bad')).status).toBe(404);
  });

  it('sends data only for attachments newer than atts_since, and keeps bodies on attachment edits', async () => {
    const first = await json('PUT', '/att/since', { v: 1 });
    const put = await fetch(`${base}/att/since/one.txt?rev=${first.body.rev}`, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: 'one',
    });
    const second = (await put.json()) as { rev: string };
    const third = await fetch(`${base}/att/since/two.txt?rev=${second.rev}`, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: 'two',
    });
    expect(third.status).toBe(201);
    const doc = await json(
      'GET',
      `/att/since?atts_since=${encodeURIComponent(JSON.stringify([second.rev]))}`,
    );
    const atts = doc.body._attachments as Record<string, Record<string, unknown>>;
    expect(doc.body.v).toBe(1);
    expect(atts['one.txt']).toMatchObject({ stub: true, revpos: 2 });
    expect(atts['two.txt']).toMatchObject({
      data: Buffer.from('two').toString('base64'),
      revpos: 3,
    });
    const head = await fetch(`${base}/att/since/two.txt`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('3');
  });
});

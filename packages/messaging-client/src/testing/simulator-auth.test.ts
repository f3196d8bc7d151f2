import { afterEach, expect, it } from 'vitest';
import { createAmsSimulator } from './index.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function start() {
  const sim = createAmsSimulator({
    project: 'P',
    token: 'admin-tok',
    serviceToken: 'svc-tok',
    users: [
      { name: 'pub', token: 'pub-tok', projects: [{ project: 'P', roles: ['publisher'] }] },
      { name: 'con', token: 'con-tok', projects: [{ project: 'P', roles: ['consumer'] }] },
    ],
  });
  const server = await sim.listen();
  closers.push(server.close);
  const call = async (method: string, path: string, token?: string, body?: string) => {
    const res = await fetch(`${server.url}/v1${path}`, {
      method,
      headers: token ? { 'x-api-key': token } : {},
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json };
  };
  return { sim, server, call };
}

const envelope = (code: number, message: string, status: string) => ({
  error: { code, message, status },
});

it('checks in the real order: name 400, no key 401, unknown project 404, bad key 401, role 403, resource 404, ACL 403', async () => {
  const { call } = await start();
  expect(await call('GET', '/projects/P/topics/bad.name', 'admin-tok')).toEqual({
    status: 400,
    json: envelope(400, 'Invalid topic name', 'INVALID_ARGUMENT'),
  });
  expect(await call('GET', '/projects/P/topics/t')).toMatchObject({
    status: 401,
    json: envelope(401, 'Unauthorized', 'UNAUTHORIZED'),
  });
  expect(await call('GET', '/projects/NOPE/topics/t', 'wrong')).toMatchObject({
    status: 404,
    json: envelope(404, "project doesn't exist", 'NOT_FOUND'),
  });
  expect((await call('GET', '/projects/P/topics/t', 'wrong')).status).toBe(401);
  expect(await call('PUT', '/projects/P/topics/t', 'pub-tok')).toMatchObject({
    status: 403,
    json: envelope(403, 'Access to this resource is forbidden', 'FORBIDDEN'),
  });
  expect(await call('GET', '/projects/P/topics/t', 'admin-tok')).toMatchObject({
    status: 404,
    json: envelope(404, "Topic doesn't exist", 'NOT_FOUND'),
  });
  expect((await call('PUT', '/projects/P/topics/t', 'svc-tok')).status).toBe(200);
  const publish = '{"messages":[{"data":"eA=="}]}';
  expect((await call('POST', '/projects/P/topics/t:publish', 'pub-tok', publish)).status).toBe(403);
  expect(
    (
      await call(
        'POST',
        '/projects/P/topics/t:modifyAcl',
        'admin-tok',
        '{"authorized_users":["pub","ghost"]}',
      )
    ).json,
  ).toEqual(envelope(404, 'User(s): ghost do not exist', 'NOT_FOUND'));
  await call('POST', '/projects/P/topics/t:modifyAcl', 'admin-tok', '{"authorized_users":["pub"]}');
  expect((await call('POST', '/projects/P/topics/t:publish', 'pub-tok', publish)).json).toEqual({
    messageIds: ['0'],
  });
  expect(await call('GET', '/nowhere', 'admin-tok')).toEqual({
    status: 404,
    json: '404 page not found\n',
  });
  expect((await call('GET', '/status')).json).toMatchObject({ status: 'ok' });
});

it('paginates newest first with inclusive base64 tokens and rejects bad ones', async () => {
  const { call } = await start();
  for (const name of ['a', 'b', 'c']) await call('PUT', `/projects/P/topics/${name}`, 'admin-tok');
  const first = (await call('GET', '/projects/P/topics?pageSize=2', 'admin-tok')).json as {
    topics: Array<{ name: string }>;
    nextPageToken: string;
    totalSize: number;
  };
  expect(first.topics.map((t) => t.name)).toEqual(['/projects/P/topics/c', '/projects/P/topics/b']);
  expect(first.totalSize).toBe(3);
  const second = (
    await call('GET', `/projects/P/topics?pageSize=2&pageToken=${first.nextPageToken}`, 'admin-tok')
  ).json;
  expect(second).toMatchObject({
    topics: [{ name: '/projects/P/topics/a' }],
    nextPageToken: '',
    totalSize: 3,
  });
  expect((await call('GET', '/projects/P/topics?pageToken=zzz', 'admin-tok')).json).toEqual(
    envelope(400, 'Invalid page token', 'INVALID_ARGUMENT'),
  );
  expect((await call('GET', '/projects/P/topics?pageSize=x', 'admin-tok')).json).toEqual(
    envelope(400, 'Invalid page size', 'INVALID_ARGUMENT'),
  );
});

it('keeps subscriptions of a deleted topic, whose pulls then get 409', async () => {
  const { call } = await start();
  await call('PUT', '/projects/P/topics/t', 'admin-tok');
  await call('PUT', '/projects/P/subscriptions/s', 'admin-tok', '{"topic":"projects/P/topics/t"}');
  expect(
    (
      await call(
        'PUT',
        '/projects/P/subscriptions/s2',
        'admin-tok',
        '{"topic":"/projects/P/topics/t"}',
      )
    ).json,
  ).toEqual(envelope(400, 'Invalid Topic name', 'INVALID_ARGUMENT'));
  await call('DELETE', '/projects/P/topics/t', 'admin-tok');
  expect((await call('POST', '/projects/P/subscriptions/s:pull', 'admin-tok', '{}')).json).toEqual(
    envelope(409, "Subscription's topic doesn't exist", 'CONFLICT'),
  );
  expect((await call('POST', '/projects/P/subscriptions/s:pull', 'admin-tok', '')).status).toBe(
    400,
  );
});

it('lets a page of another origin call it: preflights answered, headers exposed; no Origin, no CORS', async () => {
  const { server } = await start();
  const url = `${server.url}/v1/projects/P/topics/t`;
  const preflight = await fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin: 'http://page.example',
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'x-api-key, content-type',
    },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe('http://page.example');
  expect(preflight.headers.get('access-control-allow-headers')).toBe('x-api-key, content-type');
  const created = await fetch(url, {
    method: 'PUT',
    headers: { origin: 'http://page.example', 'x-api-key': 'admin-tok' },
  });
  expect(created.status).toBe(200);
  expect(created.headers.get('access-control-allow-origin')).toBe('http://page.example');
  expect(created.headers.get('access-control-expose-headers')).toContain('content-type');
  const plain = await fetch(url, { headers: { 'x-api-key': 'admin-tok' } });
  expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  expect(await plain.json()).toMatchObject({ name: '/projects/P/topics/t' });
});

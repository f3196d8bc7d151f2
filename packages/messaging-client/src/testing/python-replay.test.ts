import { request } from 'node:https';
import { createSelfSignedCertificate } from '@connectorkit/http-core/testing';
import { afterEach, expect, it } from 'vitest';
import { createAmsSimulator, x509Dn } from './index.js';

// The requests argo-ams-library 1.0.0 sends (reference §13.3, §14): https only, `x-api-key`,
// JSON bodies as strings from json.dumps (", " and ": " separators) with no Content-Type, pull
// options as strings. Replayed byte for byte with node:https, independently of our client.
const TOKEN = 'py-t0ken-abc';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

function send(
  base: string,
  ca: string,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; text: string; json: unknown }> {
  const url = new URL(path, base);
  const headers: Record<string, string> = {
    'User-Agent': 'python-requests/2.34.2',
    'Accept-Encoding': 'gzip, deflate',
    Accept: '*/*',
    Connection: 'keep-alive',
    'x-api-key': TOKEN,
    'Content-Length': String(Buffer.byteLength(body ?? '')),
  };
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, text, json: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end(body ?? '');
  });
}

it("serves argo-ams-library's create-topic, create-sub, publish, pull, ack, pullack and offsets over HTTPS", async () => {
  const sim = createAmsSimulator({ project: 'TEST', token: TOKEN });
  const server = await sim.listen({ tls: true });
  closers.push(server.close);
  const ca = server.cert ?? '';
  expect(server.url).toMatch(/^https:/);
  const base = server.url;

  expect((await send(base, ca, 'GET', '/v1/projects/TEST/topics/t1')).status).toBe(404);
  const topic = await send(base, ca, 'PUT', '/v1/projects/TEST/topics/t1');
  expect(topic.json).toMatchObject({ name: '/projects/TEST/topics/t1' });
  expect(topic.text).toContain('\n   "name"'); // 3-space indent, as the Go server writes it
  const sub = await send(
    base,
    ca,
    'PUT',
    '/v1/projects/TEST/subscriptions/s1',
    '{"topic": "projects/TEST/topics/t1", "ackDeadlineSeconds": 10}',
  );
  expect(sub.json).toMatchObject({
    name: '/projects/TEST/subscriptions/s1',
    topic: '/projects/TEST/topics/t1',
    ackDeadlineSeconds: 10,
    pushConfig: { pushEndpoint: '', type: '', maxMessages: 0 },
  });
  const published = await send(
    base,
    ca,
    'POST',
    '/v1/projects/TEST/topics/t1:publish',
    '{"messages": [{"attributes": {"foo": "bar"}, "data": "aGVsbG8="}, {"attributes": {}, "data": "d29ybGQ="}]}',
  );
  expect(published.json).toEqual({ messageIds: ['0', '1'] });
  const pull = '{"maxMessages": "5", "returnImmediately": "true"}';
  const pulled = await send(base, ca, 'POST', '/v1/projects/TEST/subscriptions/s1:pull', pull);
  expect(pulled.json).toMatchObject({
    receivedMessages: [
      {
        ackId: 'projects/TEST/subscriptions/s1:0',
        message: { messageId: '0', attributes: { foo: 'bar' }, data: 'aGVsbG8=' },
      },
      { ackId: 'projects/TEST/subscriptions/s1:1', message: { messageId: '1', data: 'd29ybGQ=' } },
    ],
  });
  const second = (pulled.json as { receivedMessages: Array<{ message: object }> })
    .receivedMessages[1];
  expect(second?.message).not.toHaveProperty('attributes');
  const ack = await send(
    base,
    ca,
    'POST',
    '/v1/projects/TEST/subscriptions/s1:acknowledge',
    '{"ackIds": ["projects/TEST/subscriptions/s1:0", "projects/TEST/subscriptions/s1:1"]}',
  );
  expect(ack).toMatchObject({ status: 200, json: {} });
  const again = await send(
    base,
    ca,
    'POST',
    '/v1/projects/TEST/subscriptions/s1:acknowledge',
    '{"ackIds": ["projects/TEST/subscriptions/s1:1"]}',
  );
  expect(again).toMatchObject({
    status: 500,
    json: { error: { code: 500, message: 'no ack pending', status: 'INTERNAL_SERVER_ERROR' } },
  });
  // pullack_sub: a pull then an ack of every id.
  await send(
    base,
    ca,
    'POST',
    '/v1/projects/TEST/topics/t1:publish',
    '{"messages": [{"data": "Mw=="}]}',
  );
  const pa = await send(base, ca, 'POST', '/v1/projects/TEST/subscriptions/s1:pull', pull);
  expect(pa.json).toMatchObject({
    receivedMessages: [{ ackId: 'projects/TEST/subscriptions/s1:2' }],
  });
  const paAck = '{"ackIds": ["projects/TEST/subscriptions/s1:2"]}';
  expect(
    (await send(base, ca, 'POST', '/v1/projects/TEST/subscriptions/s1:acknowledge', paAck)).status,
  ).toBe(200);
  const offsets = await send(base, ca, 'GET', '/v1/projects/TEST/subscriptions/s1:offsets');
  expect(offsets.json).toEqual({ max: 3, min: 0, current: 3 });
  // Numbers instead of strings are rejected as the Go server does.
  const bad = await send(
    base,
    ca,
    'POST',
    '/v1/projects/TEST/subscriptions/s1:pull',
    '{"maxMessages": 5}',
  );
  expect(bad).toMatchObject({
    status: 400,
    json: { error: { message: 'Invalid Pull Parameters Arguments' } },
  });
  // modifyOffset as the library sends it, then the library's empty pull.
  const moved = await send(
    base,
    ca,
    'POST',
    '/v1/projects/TEST/subscriptions/s1:modifyOffset',
    '{"offset": 1}',
  );
  expect(moved.status).toBe(200);
  expect(
    (await send(base, ca, 'GET', '/v1/projects/TEST/subscriptions/s1:offsets')).json,
  ).toMatchObject({ current: 1 });
});

it("serves argo-ams-library's auth_via_cert: the authn GET with a client certificate, then the token as x-api-key", async () => {
  const client = createSelfSignedCertificate({ commonName: 'py-host.example.org' });
  const sim = createAmsSimulator({
    project: 'TEST',
    users: [
      {
        name: 'py',
        token: TOKEN,
        certificateDn: x509Dn(client.cert),
        projects: [{ project: 'TEST', roles: ['project_admin'] }],
      },
    ],
  });
  const ams = await sim.listen({ tls: true });
  const authn = await sim.listenAuthn();
  closers.push(ams.close, authn.close);
  // ArgoMessagingService(endpoint="localhost", cert=..., key=..., authn_port=...): requests.get
  // of https://localhost:{authn_port}/v1/service-types/ams/hosts/localhost:authx509 with
  // cert=(cert, key), python-requests' default headers and no x-api-key, then r.json()["token"].
  const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      `https://127.0.0.1:${authn.port}/v1/service-types/ams/hosts/localhost:authx509`,
      {
        servername: 'localhost',
        ca: authn.cert ?? '',
        cert: client.cert,
        key: client.key,
        headers: {
          Host: `localhost:${authn.port}`,
          'User-Agent': 'python-requests/2.34.2',
          'Accept-Encoding': 'gzip, deflate',
          Accept: '*/*',
          Connection: 'keep-alive',
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end();
  });
  expect(answer.status).toBe(200);
  const token = (JSON.parse(answer.text) as { token: string }).token;
  expect(token).toBe(TOKEN);
  // The library's next call carries that token (send() sends TOKEN as x-api-key).
  expect(
    (await send(ams.url, ams.cert ?? '', 'PUT', '/v1/projects/TEST/topics/py')).json,
  ).toMatchObject({
    name: '/projects/TEST/topics/py',
  });
});

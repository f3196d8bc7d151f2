// Run by light-headers.test.ts in a process of its own: a client over nodeHttpTransport() makes
// the calls connectors make, then prints which undici, https and tls modules this process loaded.
import { createServer } from 'node:http';
import { basicAuth, createHttpClient, nodeHttpTransport } from '../index.js';

const server = createServer((req, res) => {
  req.resume();
  res.setHeader('content-type', 'application/json');
  res.setHeader('etag', '"1-a"');
  res.end(req.method === 'HEAD' ? undefined : '{"ok":true}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as { port: number };
const client = createHttpClient({
  baseUrl: `http://127.0.0.1:${port}`,
  transport: nodeHttpTransport(),
  auth: basicAuth({ username: 'user', password: 'pw' }),
  headers: { 'x-client': 'test' },
});
await client.get('/json');
await client.post('/json', { json: { a: 1 }, headers: { 'x-call': '1' } });
const head = await client.request('/doc', { method: 'HEAD' });
const etag = head.headers.get('etag');
const streamed = await client.request('/stream');
let bytes = 0;
for await (const chunk of streamed.stream() as unknown as AsyncIterable<Uint8Array>)
  bytes += chunk.byteLength;
server.close();
// Node's list of the internal modules it loaded (untyped).
const loaded = (process as unknown as { moduleLoadList: string[] }).moduleLoadList;
const undici = loaded.filter((name) => name.includes('undici'));
const tls = loaded.filter((name) => /^NativeModule (https|tls)$/.test(name));
process.stdout.write(JSON.stringify({ etag, bytes, undici, tls }));

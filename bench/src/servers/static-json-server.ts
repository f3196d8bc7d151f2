import { createServer } from 'node:http';

// A server that answers every request with the same small CouchDB-like document.
const body = JSON.stringify({ _id: 'doc', _rev: '1-abc', value: 'x'.repeat(200) });
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.send?.(`http://127.0.0.1:${address.port}`);
});

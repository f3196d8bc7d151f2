import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * The Coveo side of the push-client benchmark, in a child process. It serves the simulator of
 * `@connectorkit/push-client/testing` when that build exports `createCoveoSimulator`, behind a
 * `GET /bench/count` route (documents landed so far). Otherwise it serves the same file-container
 * protocol itself (`POST /files`, the upload URL, `PUT documents/batch`), counting documents.
 */
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface SimulatorLike {
  fetch(request: Request): Promise<Response>;
}

async function simulatorHandler(): Promise<{ handle: Handler; count: () => number } | undefined> {
  const testing = (await import('@connectorkit/push-client/testing')) as Record<string, unknown>;
  const create = testing.createCoveoSimulator as
    | ((options?: object) => SimulatorLike & Record<string, unknown>)
    | undefined;
  if (typeof create !== 'function') return undefined;
  const sim = create({ indexingDelayMs: 0, retainDocumentBodies: false });
  const count = () => {
    const documents = (sim as { documents?: (source?: string) => unknown[] }).documents;
    return typeof documents === 'function' ? documents.call(sim, 'benchsource').length : 0;
  };
  const handle: Handler = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string') headers.set(k, v);
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const response = await sim.fetch(
        new Request(`http://${req.headers.host}${req.url}`, {
          method: req.method ?? 'GET',
          headers,
          ...(body && req.method !== 'GET' && req.method !== 'HEAD' ? { body } : {}),
        }),
      );
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  };
  return { handle, count };
}

function fallbackHandler(port: () => number): { handle: Handler; count: () => number } {
  const uploads = new Map<string, number>();
  let landed = 0;
  let next = 0;
  const handle: Handler = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && url.pathname.endsWith('/files')) {
        const fileId = `file-${++next}`;
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            uploadUri: `http://127.0.0.1:${port()}/upload/${fileId}`,
            fileId,
            requiredHeaders: {
              'x-amz-server-side-encryption': 'AES256',
              'content-type': 'application/octet-stream',
            },
          }),
        );
        return;
      }
      if (req.method === 'PUT' && url.pathname.startsWith('/upload/')) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          addOrUpdate?: unknown[];
        };
        uploads.set(url.pathname.slice(8), body.addOrUpdate?.length ?? 0);
        res.writeHead(200);
        res.end();
        return;
      }
      if (req.method === 'PUT' && url.pathname.endsWith('/documents/batch')) {
        const fileId = url.searchParams.get('fileId') ?? '';
        const n = uploads.get(fileId);
        uploads.delete(fileId);
        if (n === undefined) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errorCode: 'FILE_NOT_FOUND' }));
          return;
        }
        landed += n;
        res.writeHead(202);
        res.end();
        return;
      }
      res.writeHead(404);
      res.end();
    });
  };
  return { handle, count: () => landed };
}

let port = 0;
const inner = (await simulatorHandler().catch(() => undefined)) ?? fallbackHandler(() => port);
const server = createServer((req, res) => {
  if (req.url === '/bench/count') {
    res.end(String(inner.count()));
    return;
  }
  inner.handle(req, res);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') {
    port = address.port;
    process.send?.(`http://127.0.0.1:${port}`);
  }
});

import {
  type LoopbackServer,
  startLoopbackServer,
  toNodeHandler,
} from '@connectorkit/http-core/testing';

/** A purpose-built loopback Coveo (until the simulator lands): files, upload URL, batch. */
export async function miniCoveo(
  options: { fault?: (req: Request, url: URL) => Response | undefined; apiKey?: string } = {},
): Promise<{
  server: LoopbackServer;
  items: Map<string, Record<string, unknown>>;
  calls: string[];
}> {
  const uploads = new Map<string, string>();
  const items = new Map<string, Record<string, unknown>>();
  const calls: string[] = [];
  let n = 0;
  const server = await startLoopbackServer(
    toNodeHandler(async (req) => {
      const url = new URL(req.url);
      calls.push(`${req.method} ${url.pathname}`);
      const fault = options.fault?.(req, url);
      if (fault) return fault;
      if (url.pathname.startsWith('/upload/')) {
        if (req.headers.get('authorization'))
          return new Response('auth on upload', { status: 400 });
        uploads.set(url.pathname.slice(8), await req.text());
        return new Response(null, { status: 200 });
      }
      if (req.headers.get('authorization') !== `Bearer ${options.apiKey ?? 'key-123'}`) {
        return Response.json({ errorCode: 'UNAUTHORIZED' }, { status: 401 });
      }
      if (req.method === 'POST' && url.pathname.endsWith('/files')) {
        const fileId = `f${++n}`;
        return Response.json(
          {
            uploadUri: `${url.origin}/upload/${fileId}`,
            fileId,
            requiredHeaders: {
              'x-amz-server-side-encryption': 'AES256',
              'content-type': 'application/octet-stream',
            },
          },
          { status: 201 },
        );
      }
      if (req.method === 'PUT' && url.pathname.endsWith('/documents/batch')) {
        const body = JSON.parse(uploads.get(url.searchParams.get('fileId') ?? '') ?? 'null');
        for (const d of body.addOrUpdate) items.set(d.documentId, d);
        for (const d of body.delete) items.delete(d.documentId);
        return new Response(null, { status: 202 });
      }
      if (req.method === 'PUT' && url.pathname.endsWith('/documents')) {
        const d = await req.json();
        if (d.documentId !== url.searchParams.get('documentId'))
          return new Response(null, { status: 400 });
        items.set(d.documentId, d);
        return Response.json(null, { status: 202 });
      }
      return new Response('no route', { status: 404 });
    }),
  );
  return { server, items, calls };
}

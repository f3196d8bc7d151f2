import {
  type LoopbackServer,
  startLoopbackServer,
  toNodeHandler,
} from '@connectorkit/http-core/testing';

type Item = Record<string, unknown>;
export interface IdentityCall {
  method: string;
  path: string;
  query: string;
  body: unknown;
}

function applyPartial(items: Map<string, Item>, u: Item): void {
  const item = items.get(String(u.documentId));
  if (!item) return;
  const field = String(u.field);
  const current = item[field];
  const value = u.value;
  if (u.operator === 'fieldValueReplace') item[field] = value;
  if (u.operator === 'arrayAppend')
    item[field] = [...((current as unknown[]) ?? []), ...(value as unknown[])];
  if (u.operator === 'arrayRemove')
    item[field] = ((current as unknown[]) ?? []).filter((x) => !(value as unknown[]).includes(x));
  if (u.operator === 'dictionaryPut')
    item[field] = { ...(current as object), ...(value as object) };
  if (u.operator === 'dictionaryRemove') {
    const copy = { ...(current as Item) };
    for (const k of [value].flat() as string[]) delete copy[k];
    item[field] = copy;
  }
}

/**
 * A purpose-built loopback Coveo for the client's tests: file containers (consumed once
 * forwarded), the upload URL, batch and single pushes, stream routes, and a minimal Search API.
 */
export async function miniCoveo(
  options: {
    fault?: (req: Request, url: URL) => Response | undefined;
    apiKey?: string;
    moreKeys?: string[];
    /** Apply a commit, then answer 500 as if the answer was lost on the way back. */
    loseAnswer?: () => boolean;
    /** Fields the organization already has. */
    fields?: string[];
    /** Milliseconds to hold a request before handling it (to force reordering). */
    delay?: (req: Request, url: URL) => number;
  } = {},
): Promise<{
  server: LoopbackServer;
  items: Map<string, Record<string, unknown>>;
  calls: string[];
  identityCalls: IdentityCall[];
  fields: Set<string>;
}> {
  const uploads = new Map<string, string>();
  const items = new Map<string, Record<string, unknown>>();
  const calls: string[] = [];
  const streams = new Map<string, string[]>();
  const identityCalls: IdentityCall[] = [];
  const fields = new Set<string>(options.fields ?? []);
  let n = 0;
  const server = await startLoopbackServer(
    toNodeHandler(async (req) => {
      const url = new URL(req.url);
      calls.push(`${req.method} ${url.pathname}`);
      const hold = options.delay?.(req, url) ?? 0;
      if (hold > 0) await new Promise((resolve) => setTimeout(resolve, hold));
      const fault = options.fault?.(req, url);
      if (fault) return fault;
      if (url.pathname.startsWith('/upload/')) {
        if (req.headers.get('authorization'))
          return new Response('auth on upload', { status: 400 });
        uploads.set(url.pathname.slice(8), await req.text());
        return new Response(null, { status: 200 });
      }
      const auth = req.headers.get('authorization') ?? '';
      const keys = [options.apiKey ?? 'key-123', ...(options.moreKeys ?? [])];
      if (!keys.some((k) => auth === `Bearer ${k}`)) {
        return Response.json({ errorCode: 'UNAUTHORIZED' }, { status: 401 });
      }
      if (req.method === 'POST' && url.pathname.endsWith('/files')) {
        const fileId = `f${++n}`;
        return Response.json(
          {
            uploadUri: `${url.origin}/upload/${fileId}?X-Amz-Signature=sig-${fileId}-secret`,
            fileId,
            requiredHeaders: {
              'x-amz-server-side-encryption': 'AES256',
              'content-type': 'application/octet-stream',
            },
          },
          { status: 201 },
        );
      }
      const path = url.pathname;
      const take = () => {
        const fileId = url.searchParams.get('fileId') ?? '';
        const text = uploads.get(fileId);
        uploads.delete(fileId);
        return text === undefined ? undefined : JSON.parse(text);
      };
      const gone = () => Response.json({ errorCode: 'FILE_NOT_FOUND' }, { status: 404 });
      if (req.method === 'PUT' && /\/documents\/batch$|\/stream\/update$/.test(path)) {
        const body = take();
        if (!body) return gone();
        for (const d of body.addOrUpdate ?? []) items.set(d.documentId, d);
        for (const d of body.delete ?? []) items.delete(d.documentId);
        for (const u of body.partialUpdate ?? []) applyPartial(items, u);
        if (options.loseAnswer?.()) return new Response('lost', { status: 500 });
        return path.endsWith('update')
          ? Response.json({ orderingId: ++n }, { status: 202 })
          : new Response(null, { status: 202 });
      }
      if (req.method === 'PUT' && path.endsWith('/stream/merge')) {
        const body = take();
        if (!body) return gone();
        for (const d of body.addOrUpdate ?? [])
          items.set(d.documentId, { ...items.get(d.documentId), ...d });
        return Response.json({ orderingId: ++n }, { status: 202 });
      }
      if (req.method === 'POST' && /\/stream\/deleteolderthan\/\d+$/.test(path)) {
        return Response.json({ orderingId: ++n }, { status: 202 });
      }
      if (req.method === 'POST' && path.endsWith('/stream/open')) {
        streams.set(`s${++n}`, []);
        return Response.json(
          {
            streamId: `s${n}`,
            uploadUri: `${url.origin}/upload/unused`,
            fileId: 'unused',
            requiredHeaders: {},
          },
          { status: 201 },
        );
      }
      const stream = /\/stream\/([^/]+)\/(chunk|close)$/.exec(path);
      if (req.method === 'POST' && stream) {
        const chunks = streams.get(stream[1] as string);
        if (!chunks) return Response.json({ errorCode: 'STREAM_NOT_FOUND' }, { status: 404 });
        if (stream[2] === 'chunk') {
          const fileId = `f${++n}`;
          chunks.push(fileId);
          return Response.json(
            { uploadUri: `${url.origin}/upload/${fileId}`, fileId, requiredHeaders: {} },
            { status: 201 },
          );
        }
        items.clear();
        for (const fileId of chunks) {
          const body = JSON.parse(uploads.get(fileId) ?? '{}');
          for (const d of body.addOrUpdate ?? []) items.set(d.documentId, d);
        }
        return Response.json({ orderingId: ++n }, { status: 200 });
      }
      if (req.method === 'POST' && path === '/rest/search/v2') {
        const { aq } = (await req.json()) as { aq: string };
        const [, field, value] = /^@(\w+)=="((?:[^"\\]|\\.)*)"/.exec(aq) ?? [];
        const results = [...items.values()]
          .filter((d) => (field === 'uri' ? d.documentId : d[field as string]) === value)
          .map((d) => ({
            title: d.title,
            uri: d.documentId,
            clickUri: d.clickableUri ?? d.documentId,
            uniqueId: `u:${d.documentId}`,
            hasHtmlVersion: typeof d.data === 'string',
            raw: Object.fromEntries(
              Object.entries(d)
                .filter(([k]) => !['data', 'documentId', 'permissions'].includes(k))
                .map(([k, v]) => [k.toLowerCase(), v]),
            ),
          }));
        return Response.json({ totalCount: results.length, results });
      }
      if (req.method === 'POST' && path === '/rest/search/v2/html') {
        const id = (url.searchParams.get('uniqueId') ?? '').slice(2);
        return new Response(`<html><body>${String(items.get(id)?.data ?? '')}</body></html>`, {
          headers: { 'content-type': 'text/html' },
        });
      }
      if (req.method === 'PUT' && url.pathname.endsWith('/documents')) {
        const d = await req.json();
        if (d.documentId !== url.searchParams.get('documentId'))
          return new Response(null, { status: 400 });
        items.set(d.documentId, d);
        return Response.json(null, { status: 202 });
      }
      if (path.includes('/providers/')) {
        const text = await req.text();
        const fileId = url.searchParams.get('fileId');
        identityCalls.push({
          method: req.method,
          path: path.replace(/^.*\/providers\//, '/providers/'),
          query: url.search,
          body: fileId ? take() : text ? JSON.parse(text) : undefined,
        });
        return new Response(null, { status: 202 });
      }
      if (req.method === 'POST' && /^\/rest\/organizations\/[^/]+\/sources$/.test(path)) {
        const body = (await req.json()) as Item;
        return Response.json({ id: `src-${++n}`, ...body }, { status: 201 });
      }
      if (req.method === 'GET' && path.endsWith('/indexes/page/fields')) {
        const page = Number(url.searchParams.get('page'));
        const all = [...fields].map((name) => ({ name, type: 'STRING' }));
        return Response.json({
          items: all.slice(page * 2, page * 2 + 2),
          totalPages: Math.ceil(all.length / 2),
          totalEntries: all.length,
        });
      }
      if (req.method === 'POST' && path.endsWith('/indexes/fields/batch/create')) {
        for (const f of (await req.json()) as Array<{ name: string }>) fields.add(f.name);
        return new Response(null, { status: 204 });
      }
      return new Response('no route', { status: 404 });
    }),
  );
  return { server, items, calls, identityCalls, fields };
}

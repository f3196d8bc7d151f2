import { randomUUID } from 'node:crypto';
import {
  createFaultInjector,
  type FaultInjector,
  type NodeHandler,
  startLoopbackServer,
  toNodeHandler,
} from '@connectorkit/http-core/testing';
import { type IndexedItem, SourceIndex } from './coveo-index.js';

export interface CoveoSimulatorOptions {
  /** API keys accepted as `Authorization: Bearer <key>`. @default ['sim-api-key'] */
  apiKeys?: readonly string[];
  organizationId?: string;
  /** Sources that exist at start. @default a PUSH source `push-source` and a CATALOG source `catalog-source` */
  sources?: readonly { id: string; type: 'PUSH' | 'CATALOG' }[];
  /** Delay before a write is searchable, on `now`. @default 0 */
  indexingDelayMs?: number;
  now?: () => number;
  faults?: FaultInjector;
}

export interface CoveoSimulator {
  handler: NodeHandler;
  faults: FaultInjector;
  organizationId: string;
  apiKeys: readonly string[];
  listen(options?: {
    port?: number;
    tls?: { key: string; cert: string };
  }): Promise<{ url: string; close(): Promise<void> }>;
  /** Items pushed to a source (what landed), by document id. */
  documents(sourceId: string): ReadonlyMap<string, IndexedItem>;
  sourceStatus(sourceId: string): string;
  /** Security identity calls by provider, in order. */
  securityIdentities(providerId: string): readonly { operation: string; body: unknown }[];
  /** Requests seen per route, e.g. `PUT /documents/batch`. */
  requestCounts(): Record<string, number>;
  /** Makes every pending write searchable now. */
  indexNow(): void;
}

const MB = 1024 * 1024;
const error = (status: number, errorCode: string, message: string) =>
  Response.json({ errorCode, message }, { status, headers: { 'x-request-id': randomUUID() } });

/**
 * The Coveo Push API, Stream API and Search API on loopback, under one origin: documents, file
 * containers (their upload URLs served here too, without authentication), batches, streams (load,
 * update, merge, delete-older-than), security identities, source status and creation, field admin,
 * and a Search API over an asynchronous index (`aq` field equality, `fieldsToInclude`, quick view).
 * Errors use `{errorCode, message}` with the documented codes; faults come from http-core's injector.
 */
export function createCoveoSimulator(options: CoveoSimulatorOptions = {}): CoveoSimulator {
  const now = options.now ?? Date.now;
  const apiKeys = options.apiKeys ?? ['sim-api-key'];
  const organizationId = options.organizationId ?? 'simorg';
  const faults = options.faults ?? createFaultInjector();
  const sources = new Map<string, SourceIndex>();
  const addSource = (id: string, type: 'PUSH' | 'CATALOG') =>
    sources.set(id, new SourceIndex(id, type, now, options.indexingDelayMs ?? 0));
  for (const s of options.sources ?? [
    { id: 'push-source', type: 'PUSH' },
    { id: 'catalog-source', type: 'CATALOG' },
  ])
    addSource(s.id, s.type);
  const uploads = new Map<string, { body: string | undefined; expires: number }>();
  const streams = new Map<string, { source: string; chunks: string[] }>();
  const identities = new Map<string, { operation: string; body: unknown }[]>();
  const fields = new Set<string>();
  const counts: Record<string, number> = {};
  let serial = 0;

  const container = (origin: string) => {
    const fileId = randomUUID();
    uploads.set(fileId, { body: undefined, expires: now() + 60 * 60_000 });
    return {
      uploadUri: `${origin}/upload/${fileId}?X-Amz-Signature=${randomUUID().replace(/-/g, '')}`,
      fileId,
      requiredHeaders: {
        'x-amz-server-side-encryption': 'AES256',
        'content-type': 'application/octet-stream',
      },
    };
  };
  /** The uploaded batch of a file container, consumed once. */
  const take = (fileId: string | null): Record<string, unknown[]> | Response => {
    const upload = uploads.get(fileId ?? '');
    if (!upload || upload.body === undefined)
      return error(404, 'FILE_NOT_FOUND', `No uploaded file ${fileId}`);
    uploads.delete(fileId ?? '');
    try {
      return JSON.parse(upload.body) as Record<string, unknown[]>;
    } catch {
      return error(400, 'INVALID_JSON', 'The uploaded file is not valid JSON');
    }
  };
  const asItem = (value: unknown): IndexedItem | undefined =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { documentId?: unknown }).documentId === 'string'
      ? (value as IndexedItem)
      : undefined;
  const applyBatch = (
    index: SourceIndex,
    batch: Record<string, unknown[]>,
  ): Response | undefined => {
    for (const raw of batch.addOrUpdate ?? []) {
      const item = asItem(raw);
      if (!item) return error(400, 'INVALID_DOCUMENT', 'Every addOrUpdate item needs a documentId');
      index.upsert(item);
    }
    for (const raw of batch.delete ?? []) {
      const d = raw as { documentId?: string; deleteChildren?: boolean };
      if (typeof d.documentId !== 'string')
        return error(400, 'INVALID_DOCUMENT', 'Every delete item needs a documentId');
      index.remove(d.documentId, d.deleteChildren === true);
    }
    for (const raw of batch.partialUpdate ?? [])
      applyPartial(index, raw as Record<string, unknown>);
    return undefined;
  };

  const route = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const path = url.pathname;
    const key = `${req.method} ${path
      .replace(/^\/push\/v1\/organizations\/[^/]+/, '')
      .replace(/\/sources\/[^/]+/, '')
      .replace(/\/(stream|providers)\/[^/]+\/(chunk|close|permissions|mappings)/, '/$1/{id}/$2')}`;
    counts[key] = (counts[key] ?? 0) + 1;
    const upload = /^\/upload\/([^/]+)$/.exec(path);
    if (upload && req.method === 'PUT') {
      const entry = uploads.get(upload[1] ?? '');
      if (!entry || entry.expires < now())
        return new Response('<Error><Code>AccessDenied</Code></Error>', {
          status: 403,
          headers: { 'content-type': 'application/xml' },
        });
      const body = await req.text();
      if (body.length > 256 * MB)
        return error(413, 'REQUEST_ENTITY_TOO_LARGE', 'A file container holds at most 256 MB');
      entry.body = body;
      return new Response(null, { status: 200 });
    }
    const auth = req.headers.get('authorization') ?? '';
    if (!auth.startsWith('Bearer ')) return error(401, 'UNAUTHORIZED', 'Missing bearer token');
    if (!apiKeys.includes(auth.slice(7)))
      return error(401, 'INVALID_TOKEN', 'The token is not valid');
    if (req.method === 'POST' && path === '/rest/search/v2') return search(req, url);
    if (path === '/rest/search/v2/html') return quickView(url);
    if (path === '/rest/privilege/evaluate') return Response.json({ approved: true });
    if (/\/indexes\/page\/fields$/.test(path)) {
      const all = [...fields].map((name) => ({ name, type: 'STRING' }));
      return Response.json({ items: all, totalPages: 1, totalEntries: all.length });
    }
    if (/\/indexes\/fields\/batch\/create$/.test(path)) {
      for (const f of (await req.json()) as { name: string }[]) fields.add(f.name);
      return new Response(null, { status: 204 });
    }
    if (req.method === 'POST' && /^\/rest\/organizations\/[^/]+\/sources$/.test(path)) {
      const body = (await req.json()) as { sourceType?: string; name?: string };
      const id = `${body.name ?? 'source'}-${++serial}`;
      addSource(id, body.sourceType === 'CATALOG' ? 'CATALOG' : 'PUSH');
      return Response.json({ id, ...body }, { status: 201 });
    }
    const m = /^\/push\/v1\/organizations\/([^/]+)(\/.*)$/.exec(path);
    if (!m) return error(404, 'NOT_FOUND', `No route ${path}`);
    if (m[1] !== organizationId) return error(403, 'ACCESS_DENIED', 'Unknown organization');
    const rest = m[2] ?? '';
    if (req.method === 'POST' && rest === '/files')
      return Response.json(container(url.origin), { status: 201 });
    const provider = /^\/providers\/([^/]+)\/(permissions|mappings)(\/olderthan|\/batch)?$/.exec(
      rest,
    );
    if (provider) {
      const list = identities.get(provider[1] ?? '') ?? [];
      identities.set(provider[1] ?? '', list);
      const body = url.searchParams.get('fileId')
        ? take(url.searchParams.get('fileId'))
        : await req.text().then((t) => (t ? JSON.parse(t) : undefined));
      if (body instanceof Response) return body;
      list.push({ operation: `${req.method} ${provider[2]}${provider[3] ?? ''}`, body });
      return Response.json(null, { status: 202 });
    }
    const s = /^\/sources\/([^/]+)(\/.*)$/.exec(rest);
    const index = sources.get(s?.[1] ?? '');
    if (!s || !index) return error(404, 'SOURCE_NOT_FOUND', `No source ${s?.[1] ?? ''}`);
    const op = s[2] ?? '';
    if (op === '/documents' && req.method === 'PUT') {
      const text = await req.text();
      if (text.length > 6 * MB)
        return error(413, 'REQUEST_ENTITY_TOO_LARGE', 'A request holds at most 6 MB');
      let item: IndexedItem | undefined;
      try {
        item = asItem({ ...JSON.parse(text), documentId: url.searchParams.get('documentId') });
      } catch {
        return error(400, 'INVALID_JSON', 'The body is not valid JSON');
      }
      if (!item?.documentId) return error(400, 'INVALID_PARAMETER', 'documentId is required');
      index.upsert(item);
      return Response.json(null, { status: 202 });
    }
    if (op === '/documents' && req.method === 'DELETE') {
      index.remove(
        url.searchParams.get('documentId') ?? '',
        url.searchParams.get('deleteChildren') === 'true',
      );
      return Response.json(null, { status: 202 });
    }
    if (op === '/documents/olderthan' && req.method === 'DELETE') {
      index.removeOlderThan(Number(url.searchParams.get('orderingId')));
      return Response.json(null, { status: 202 });
    }
    if (op === '/status' && req.method === 'POST') {
      const status = url.searchParams.get('statusType') ?? '';
      if (!['REBUILD', 'REFRESH', 'INCREMENTAL', 'IDLE'].includes(status))
        return error(400, 'INVALID_PARAMETER', `Bad statusType ${status}`);
      index.status = status;
      return Response.json(null, { status: 201 });
    }
    if (
      (op === '/documents/batch' || op === '/stream/update' || op === '/stream/merge') &&
      req.method === 'PUT'
    ) {
      const batch = take(url.searchParams.get('fileId'));
      if (batch instanceof Response) return batch;
      if (op === '/stream/merge') {
        for (const raw of batch.addOrUpdate ?? []) {
          const item = asItem(raw);
          if (item) index.upsert({ ...index.items.get(item.documentId), ...item });
        }
      } else {
        const failed = applyBatch(index, batch);
        if (failed) return failed;
      }
      return op === '/documents/batch'
        ? Response.json(null, { status: 202 })
        : Response.json({ orderingId: now() }, { status: 202 });
    }
    if (op === '/stream/open' && req.method === 'POST') {
      const streamId = randomUUID();
      const first = container(url.origin);
      streams.set(streamId, { source: index.id, chunks: [first.fileId] });
      return Response.json({ streamId, ...first }, { status: 201 });
    }
    const stream = /^\/stream\/([^/]+)\/(chunk|close)$/.exec(op);
    if (stream && req.method === 'POST') {
      const open = streams.get(stream[1] ?? '');
      if (!open) return error(404, 'STREAM_NOT_FOUND', 'No such stream');
      if (stream[2] === 'chunk') {
        const next = container(url.origin);
        open.chunks.push(next.fileId);
        return Response.json(next, { status: 201 });
      }
      streams.delete(stream[1] ?? '');
      const loaded = new Set<string>();
      for (const fileId of open.chunks) {
        const body = uploads.get(fileId)?.body;
        uploads.delete(fileId);
        if (body === undefined) continue;
        for (const raw of (JSON.parse(body) as { addOrUpdate?: unknown[] }).addOrUpdate ?? []) {
          const item = asItem(raw);
          if (item) {
            index.upsert(item);
            loaded.add(item.documentId);
          }
        }
      }
      // A load replaces the catalog: items not sent in this stream are deleted.
      for (const id of [...index.items.keys()]) if (!loaded.has(id)) index.remove(id, false);
      return Response.json({ orderingId: now() }, { status: 200 });
    }
    const older = /^\/stream\/deleteolderthan\/(\d+)$/.exec(op);
    if (older && req.method === 'POST') {
      index.removeOlderThan(Number(older[1]));
      return Response.json({ orderingId: now() }, { status: 202 });
    }
    return error(404, 'NOT_FOUND', `No route ${req.method} ${path}`);
  };

  const search = async (req: Request, url: URL): Promise<Response> => {
    const body = (await req.json().catch(() => ({}))) as {
      aq?: string;
      fieldsToInclude?: string[];
      numberOfResults?: number;
    };
    const aq = body.aq ?? url.searchParams.get('aq') ?? '';
    const match = /^@(\w+)==?\(?((?:"(?:[^"\\]|\\.)*",?\s*)+)\)?/.exec(aq.trim());
    const field = match?.[1];
    const wanted = new Set(
      [...(match?.[2] ?? '').matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((v) => v[1]),
    );
    for (const index of sources.values()) index.settle();
    const items = [...sources.values()].flatMap((index) => [...index.searchable.values()]);
    const results = items
      .filter(
        (item) =>
          field !== undefined &&
          wanted.has(String(field === 'uri' ? item.documentId : item[field])),
      )
      .slice(0, body.numberOfResults ?? 10)
      .map((item) => {
        const raw = Object.fromEntries(
          Object.entries(item)
            .filter(
              ([k]) => !['data', 'compressedBinaryData', 'permissions', 'documentId'].includes(k),
            )
            .map(([k, v]) => [k.toLowerCase(), v]),
        );
        raw.uri = item.documentId;
        const included = body.fieldsToInclude
          ? Object.fromEntries(
              Object.entries(raw).filter(([k]) => body.fieldsToInclude?.includes(k)),
            )
          : raw;
        return {
          title: item.title,
          uri: item.documentId,
          printableUri: item.documentId,
          clickUri: item.clickableUri ?? item.documentId,
          uniqueId: `u:${item.documentId}`,
          hasHtmlVersion: typeof item.data === 'string',
          raw: included,
        };
      });
    return Response.json({
      totalCount: results.length,
      totalCountFiltered: results.length,
      duration: 1,
      searchUid: randomUUID(),
      results,
    });
  };

  const quickView = (url: URL): Response => {
    const id = (url.searchParams.get('uniqueId') ?? '').replace(/^u:/, '');
    const item = [...sources.values()].map((index) => index.searchable.get(id)).find(Boolean);
    if (!item) return error(404, 'DOCUMENT_NOT_FOUND', 'No such item');
    return new Response(`<html><body>${String(item.data ?? '')}</body></html>`, {
      headers: { 'content-type': 'text/html' },
    });
  };

  const handler = faults.wrap(toNodeHandler(route));
  return {
    handler,
    faults,
    organizationId,
    apiKeys,
    listen: async (o = {}) => {
      const server = await startLoopbackServer(handler, {
        ...(o.port === undefined ? {} : { port: o.port }),
        ...(o.tls ? { tls: o.tls } : {}),
      });
      return { url: server.url, close: server.close };
    },
    documents: (sourceId) => sources.get(sourceId)?.items ?? new Map(),
    sourceStatus: (sourceId) => sources.get(sourceId)?.status ?? 'UNKNOWN',
    securityIdentities: (providerId) => identities.get(providerId) ?? [],
    requestCounts: () => ({ ...counts }),
    indexNow: () => {
      for (const index of sources.values()) index.settle(true);
    },
  };
}

function applyPartial(index: SourceIndex, u: Record<string, unknown>): void {
  const current = index.items.get(String(u.documentId));
  if (!current) return;
  const field = String(u.field);
  const value = u.value;
  const item: IndexedItem = { ...current };
  const list = (x: unknown) => (Array.isArray(x) ? x : []);
  if (u.operator === 'fieldValueReplace') item[field] = value;
  if (u.operator === 'arrayAppend') item[field] = [...list(item[field]), ...list(value)];
  if (u.operator === 'arrayRemove')
    item[field] = list(item[field]).filter((x) => !list(value).includes(x));
  if (u.operator === 'dictionaryPut')
    item[field] = { ...(item[field] as object), ...(value as object) };
  if (u.operator === 'dictionaryRemove') {
    const copy = { ...(item[field] as Record<string, unknown>) };
    for (const k of [value].flat() as string[]) delete copy[k];
    item[field] = copy;
  }
  index.upsert(item);
}

import { randomUUID } from 'node:crypto';
import type { IndexedItem } from './coveo-index.js';
import { answer, coveoError, invalidJson } from './simulator-errors.js';
import type { SimState } from './simulator-state.js';

const HIDDEN = ['data', 'compressedBinaryData', 'permissions', 'documentId'];

function toResult(item: IndexedItem, fieldsToInclude: unknown) {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!HIDDEN.includes(k)) raw[k.toLowerCase()] = v;
  raw.uri = item.documentId;
  const included = Array.isArray(fieldsToInclude)
    ? Object.fromEntries(Object.entries(raw).filter(([k]) => fieldsToInclude.includes(k)))
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
}

/**
 * `POST /rest/search/v2` over what is indexed (writes appear after the indexing delay): `aq` on
 * field equality (`@field=="v"` or `@field==("a","b")`), `fieldsToInclude`, `numberOfResults`.
 */
async function search(state: SimState, req: Request, url: URL): Promise<Response> {
  let body: { aq?: unknown; fieldsToInclude?: unknown; numberOfResults?: unknown };
  try {
    const text = await req.text();
    body = text ? JSON.parse(text) : {};
  } catch {
    return answer(invalidJson('The query is not valid JSON'));
  }
  const aq = String(body.aq ?? url.searchParams.get('aq') ?? '');
  const match = /^@(\w+)==?\(?((?:"(?:[^"\\]|\\.)*",?\s*)+)\)?/.exec(aq.trim());
  const field = match?.[1];
  const wanted = new Set(
    [...(match?.[2] ?? '').matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((v) =>
      (v[1] ?? '').replace(/\\(.)/g, '$1'),
    ),
  );
  for (const index of state.sources.values()) index.settle();
  const limit = typeof body.numberOfResults === 'number' ? body.numberOfResults : 10;
  const results = [...state.sources.values()]
    .flatMap((index) => [...index.searchable.values()])
    .filter(
      (item) =>
        field !== undefined && wanted.has(String(field === 'uri' ? item.documentId : item[field])),
    )
    .slice(0, limit)
    .map((item) => toResult(item, body.fieldsToInclude));
  return Response.json({
    totalCount: results.length,
    totalCountFiltered: results.length,
    duration: 1,
    searchUid: randomUUID(),
    results,
  });
}

/** `/rest/search/v2/html?uniqueId=`: the quick view of an indexed item. */
function quickView(state: SimState, url: URL): Response {
  const id = (url.searchParams.get('uniqueId') ?? '').replace(/^u:/, '');
  const item = [...state.sources.values()].map((index) => index.searchable.get(id)).find(Boolean);
  if (!item) return coveoError(404, 'DOCUMENT_NOT_FOUND', 'No such item');
  return new Response(`<html><body>${String(item.data ?? '')}</body></html>`, {
    headers: { 'content-type': 'text/html' },
  });
}

export function searchRoute(
  state: SimState,
  path: string,
  req: Request,
  url: URL,
): Promise<Response> | Response | undefined {
  if (path === '/rest/search/v2' && req.method === 'POST') return search(state, req, url);
  if (path === '/rest/search/v2/html') return quickView(state, url);
  return undefined;
}

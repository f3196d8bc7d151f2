import { answer, coveoError, invalidJson } from './simulator-errors.js';
import type { SimState } from './simulator-state.js';

const SOURCE_TYPES: Record<string, 'PUSH' | 'CATALOG'> = { PUSH: 'PUSH', CATALOG: 'CATALOG' };
let serial = 0;

async function json(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    return undefined;
  }
}

/**
 * The Platform (admin) routes the official JS client calls when `createFields` is on, and
 * source creation: privilege evaluation, paged fields (`page`, `perPage`, at most
 * `maxFieldsPerPage` per page), batch field creation, `POST /rest/organizations/{org}/sources`.
 */
export async function adminRoute(
  state: SimState,
  path: string,
  req: Request,
  url: URL,
): Promise<Response | undefined> {
  if (path === '/rest/privilege/evaluate' && req.method === 'POST')
    return Response.json({ approved: true });
  const org = /^\/rest\/organizations\/([^/]+)(\/.*)$/.exec(path);
  if (!org) return undefined;
  if (org[1] !== state.organizationId)
    return coveoError(403, 'ACCESS_DENIED', 'Unknown organization');
  const rest = org[2];
  if (rest === '/indexes/page/fields' && req.method === 'GET') {
    const page = Number(url.searchParams.get('page') ?? 0);
    const per = Math.min(Number(url.searchParams.get('perPage') ?? 100), state.maxFieldsPerPage);
    const all = [...state.fields].map(([name, type]) => ({ name, type }));
    return Response.json({
      items: all.slice(page * per, (page + 1) * per),
      totalPages: Math.ceil(all.length / per),
      totalEntries: all.length,
    });
  }
  if (rest === '/indexes/fields/batch/create' && req.method === 'POST') {
    const body = await json(req);
    const valid =
      Array.isArray(body) &&
      body.every(
        (f) =>
          typeof f?.name === 'string' &&
          /^[a-z][a-z0-9_]*$/.test(f.name) &&
          typeof f.type === 'string',
      );
    if (!valid) return answer(invalidJson('Expected [{name, type}] with lower-case field names'));
    for (const f of body as { name: string; type: string }[]) state.fields.set(f.name, f.type);
    return new Response(null, { status: 204 });
  }
  if (rest === '/sources' && req.method === 'POST') {
    const body = (await json(req)) as { sourceType?: unknown; name?: unknown } | undefined;
    const type = SOURCE_TYPES[String(body?.sourceType)];
    if (!type || typeof body?.name !== 'string' || body.name === '')
      return answer(invalidJson('Expected {sourceType: PUSH or CATALOG, name, ...}'));
    const id = `${body.name.replace(/\W+/g, '-').toLowerCase()}-${++serial}`;
    state.addSource(id, type);
    return Response.json({ id, ...body }, { status: 201 });
  }
  return undefined;
}

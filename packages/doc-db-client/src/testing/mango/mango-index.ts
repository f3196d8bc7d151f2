import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CouchHttpError, isObject, readJson, sendJson } from '../routes/http-io.js';
import type { RouteEnv } from '../routes/route-env.js';
import type { CouchDatabase } from '../store/couch-store.js';
import { validateSelector } from './selector.js';

/** A Mango `json` index, stored as CouchDB stores it: a view in a `language: "query"` design doc. */
export interface MangoIndex {
  ddoc: string;
  name: string;
  partitioned: boolean;
  fields: { field: string; direction: 'asc' | 'desc' }[];
  partialFilter: Record<string, unknown> | undefined;
}

const bad = (error: string, reason: string) => new CouchHttpError(400, error, reason);

function parseFields(fields: unknown): MangoIndex['fields'] {
  if (fields === undefined) throw bad('missing_required_key', 'Missing required key: fields');
  // Choice (not in the reference): empty or malformed field lists are 400 `invalid_index_fields`.
  if (!Array.isArray(fields) || fields.length === 0)
    throw bad('invalid_index_fields', 'Index fields must be a non-empty array');
  return fields.map((entry) => {
    if (typeof entry === 'string') return { field: entry, direction: 'asc' as const };
    const pair = isObject(entry) ? Object.entries(entry) : [];
    const [field, direction] = pair[0] ?? [];
    if (
      pair.length !== 1 ||
      typeof field !== 'string' ||
      (direction !== 'asc' && direction !== 'desc')
    )
      throw bad('invalid_index_fields', `Invalid index field: ${JSON.stringify(entry)}`);
    return { field, direction };
  });
}

/** Every json index of the database, ordered by design document then name. */
export function listIndexes(db: CouchDatabase): MangoIndex[] {
  const out: MangoIndex[] = [];
  for (const doc of db.docs.values()) {
    if (doc.deleted || !doc.id.startsWith('_design/') || doc.body.language !== 'query') continue;
    const views = isObject(doc.body.views) ? doc.body.views : {};
    const options = isObject(doc.body.options) ? doc.body.options : {};
    for (const [name, view] of Object.entries(views)) {
      const map = isObject(view) && isObject(view.map) ? view.map : undefined;
      if (!map || !isObject(map.fields)) continue;
      out.push({
        ddoc: doc.id,
        name,
        partitioned: db.partitioned && options.partitioned !== false,
        fields: Object.entries(map.fields).map(([field, direction]) => ({
          field,
          direction: direction === 'desc' ? 'desc' : 'asc',
        })),
        partialFilter: isObject(map.partial_filter_selector)
          ? map.partial_filter_selector
          : undefined,
      });
    }
  }
  return out.sort((a, b) => a.ddoc.localeCompare(b.ddoc) || a.name.localeCompare(b.name));
}

/** How `GET /{db}/_index` shows an index. */
export function describeIndex(index: MangoIndex | undefined): Record<string, unknown> {
  if (!index)
    return { ddoc: null, name: '_all_docs', type: 'special', def: { fields: [{ _id: 'asc' }] } };
  return {
    ddoc: index.ddoc,
    name: index.name,
    type: 'json',
    partitioned: index.partitioned,
    def: {
      fields: index.fields.map((f) => ({ [f.field]: f.direction })),
      ...(index.partialFilter ? { partial_filter_selector: index.partialFilter } : {}),
    },
  };
}

async function createIndex(req: IncomingMessage, db: CouchDatabase, env: RouteEnv) {
  const body = await readJson(req);
  if (!isObject(body)) throw bad('bad_request', 'Request body must be a JSON object');
  if (!isObject(body.index)) throw bad('missing_required_key', 'Missing required key: index');
  const type = body.type ?? 'json';
  // Choice: the simulator has no Lucene behind Mango, so `text` indexes are refused outright.
  if (type === 'text')
    throw bad('invalid_index', 'text indexes are not supported by the connectorkit simulator');
  if (type !== 'json') throw bad('invalid_index', `Invalid index type: ${JSON.stringify(type)}`);
  const fields = parseFields(body.index.fields);
  const partialFilter = body.index.partial_filter_selector;
  if (partialFilter !== undefined) validateSelector(partialFilter);
  const partitioned = body.partitioned === undefined ? db.partitioned : body.partitioned === true;
  if (partitioned && !db.partitioned)
    throw bad(
      'invalid_design_doc',
      'partitioned option cannot be true in a non-partitioned database.',
    );
  const def = { fields: fields.map((f) => ({ [f.field]: f.direction })), partialFilter };
  const hash = createHash('sha1').update(JSON.stringify(def)).digest('hex');
  const ddocId = `_design/${String(body.ddoc ?? hash).replace(/^_design\//, '')}`;
  const name = String(body.name ?? hash);
  const current = db.docs.get(ddocId);
  const existing = current && !current.deleted ? current.body : undefined;
  const options = isObject(existing?.options) ? existing.options : undefined;
  if (existing && (options?.partitioned !== false) !== partitioned && db.partitioned)
    throw bad(
      'invalid_partitioned_option',
      `Requested partitioned option does not match existing value on design document ${ddocId}`,
    );
  const views = isObject(existing?.views) ? { ...existing.views } : {};
  const view = {
    map: {
      fields: Object.fromEntries(fields.map((f) => [f.field, f.direction])),
      ...(partialFilter !== undefined ? { partial_filter_selector: partialFilter } : {}),
    },
    reduce: '_count',
    options: { def: { fields: body.index.fields } },
  };
  if (JSON.stringify(views[name]) === JSON.stringify(view))
    return { result: 'exists', id: ddocId, name };
  views[name] = view;
  const ddoc = {
    language: 'query',
    views,
    ...(db.partitioned ? { options: { partitioned } } : {}),
  };
  db.write(ddocId, ddoc, current?.deleted ? undefined : current?.rev, false);
  env.notify();
  return { result: 'created', id: ddocId, name };
}

function deleteIndex(db: CouchDatabase, path: string[], env: RouteEnv) {
  // `/{db}/_index/_design/{ddoc}/{type}/{name}`; the `_design/` segment is optional.
  const parts = path[0] === '_design' ? path.slice(1) : path;
  const [ddocName, type, name] = parts;
  const ddocId = `_design/${ddocName ?? ''}`;
  const index = listIndexes(db).find((i) => i.ddoc === ddocId && i.name === name);
  if (parts.length !== 3 || type !== 'json' || !index)
    throw new CouchHttpError(404, 'not_found', 'Index not found');
  const doc = db.docs.get(ddocId);
  if (!doc) throw new CouchHttpError(404, 'not_found', 'Index not found');
  const views = { ...(doc.body.views as Record<string, unknown>) };
  delete views[index.name];
  // CouchDB deletes the design document with its last index.
  const empty = Object.keys(views).length === 0;
  db.write(ddocId, empty ? {} : { ...doc.body, views }, doc.rev, empty);
  env.notify();
  return { ok: true };
}

/** `GET|POST /{db}/_index` and `DELETE /{db}/_index/{ddoc}/json/{name}`. */
export async function serveIndex(
  req: IncomingMessage,
  res: ServerResponse,
  db: CouchDatabase,
  path: string[],
  env: RouteEnv,
): Promise<void> {
  if (req.method === 'DELETE') return sendJson(res, 200, deleteIndex(db, path, env));
  if (path.length > 0) throw new CouchHttpError(405, 'method_not_allowed', 'Only DELETE allowed');
  if (req.method === 'POST') return sendJson(res, 200, await createIndex(req, db, env));
  if (req.method !== 'GET')
    throw new CouchHttpError(405, 'method_not_allowed', 'Only GET,POST allowed');
  const indexes = [describeIndex(undefined), ...listIndexes(db).map(describeIndex)];
  sendJson(res, 200, { total_rows: indexes.length, indexes });
}

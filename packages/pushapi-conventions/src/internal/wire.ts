import { buildPath } from '@connectorkit/http-core';
/**
 * The HTTP level of PAPI v4 as connectorkit speaks it (reference exalead-papi.md section 9). The
 * path scheme, `PAPI_` parameters, the GET/POST split, status codes, `PAPI_session`, the
 * `add_documents` fields `uri`, `meta:` and `part_bytes:`, and the checkpoint line format are
 * Exalead's; the other field names and the list formats are our design, kept here in one place.
 */
import type {
  CheckpointInfo,
  Document,
  DocumentStatus,
  MultiValue,
  Part,
  SyncedEntry,
} from '../types.js';

export const COMMANDS = {
  ping: 'ping',
  sessionId: 'get_current_session_id',
  add: 'add_documents',
  update: 'update_documents',
  delete: 'delete_documents',
  deleteRoot: 'delete_documents_root_path',
  status: 'get_documents_status',
  setCheckpoint: 'set_checkpoint',
  getCheckpoint: 'get_checkpoint',
  getCheckpointInfo: 'get_checkpoint_info',
  clearCheckpoints: 'clear_all_checkpoints',
  enumerateCheckpoints: 'enumerate_stated_checkpoints_info',
  enumerateEntries: 'enumerate_synced_entries',
  releaseEnumeration: 'release_enumeration',
  countEntries: 'count_synced_entries',
  sync: 'sync',
  triggerIndexing: 'trigger_indexing_job',
  searchable: 'are_documents_searchable',
} as const;

/** Commands answered to GET; every other one needs POST (405 otherwise). */
export const READ_COMMANDS: ReadonlySet<string> = new Set([
  COMMANDS.ping,
  COMMANDS.sessionId,
  COMMANDS.status,
  COMMANDS.getCheckpoint,
  COMMANDS.getCheckpointInfo,
  COMMANDS.enumerateCheckpoints,
  COMMANDS.enumerateEntries,
  COMMANDS.countEntries,
  COMMANDS.searchable,
]);

export function commandPath(connectorName: string, command: string): string {
  return `${buildPath('/papi/4/connectors/{connectorName}', { connectorName })}/${command}`;
}

const values = (v: MultiValue): readonly string[] => (typeof v === 'string' ? [v] : v);
const enc = encodeURIComponent;

/** The multipart form of `add_documents` / `update_documents`: fields prefixed `PAPI_<k>:`. */
export function documentsToForm(
  documents: readonly Document[],
  fieldsList?: readonly (readonly string[])[],
): FormData {
  const form = new FormData();
  documents.forEach((doc, k) => {
    const p = `PAPI_${k}:`;
    form.append(`${p}uri`, doc.uri);
    if (doc.stamp !== undefined) form.append(`${p}stamp`, doc.stamp);
    for (const [name, value] of Object.entries(doc.metas ?? {}))
      for (const v of values(value)) form.append(`${p}meta:${name}`, v);
    for (const [name, value] of Object.entries(doc.directives ?? {}))
      for (const v of values(value)) form.append(`${p}directive:${name}`, v);
    for (const part of doc.parts ?? []) {
      const name = part.name ?? 'master';
      const bytes =
        typeof part.content === 'string' ? new TextEncoder().encode(part.content) : part.content;
      form.append(
        `${p}part_bytes:${name}`,
        new Blob([bytes as Uint8Array<ArrayBuffer>], {
          type: part.mimeHint ?? 'application/octet-stream',
        }),
        part.filename ?? name,
      );
      const directives: Record<string, MultiValue> = { ...part.directives };
      for (const key of ['encoding', 'filename', 'mimeHint', 'certifiedMime'] as const) {
        const value = part[key];
        if (value !== undefined) directives[key] = value;
      }
      for (const [d, value] of Object.entries(directives))
        for (const v of values(value)) form.append(`${p}part_directive:${name}:${d}`, v);
    }
    for (const field of fieldsList?.[k] ?? []) form.append(`${p}field`, field);
  });
  return form;
}

/** Reads documents (and update field lists) back from the multipart form. */
export async function formToDocuments(
  form: FormData,
): Promise<{ documents: Document[]; fieldsList: string[][] }> {
  const docs = new Map<
    number,
    {
      doc: Document & {
        metas: Record<string, string[]>;
        directives: Record<string, string[]>;
        parts: Part[];
      };
      fields: string[];
      partDirectives: Map<string, Record<string, string[]>>;
    }
  >();
  const entry = (k: number) => {
    let found = docs.get(k);
    if (!found) {
      found = {
        doc: { uri: '', metas: {}, directives: {}, parts: [] },
        fields: [],
        partDirectives: new Map(),
      };
      docs.set(k, found);
    }
    return found;
  };
  const push = (map: Record<string, string[]>, key: string, value: string) => {
    const list = map[key] ?? [];
    list.push(value);
    map[key] = list;
  };
  for (const [key, value] of form) {
    const match =
      /^PAPI_(\d+):(uri|stamp|field|meta:(.+)|directive:(.+)|part_bytes:(.+)|part_directive:([^:]+):(.+))$/.exec(
        key,
      );
    if (!match) continue;
    const e = entry(Number(match[1]));
    const text = typeof value === 'string' ? value : '';
    if (match[2] === 'uri') e.doc.uri = text;
    else if (match[2] === 'stamp') e.doc.stamp = text;
    else if (match[2] === 'field') e.fields.push(text);
    else if (match[3] !== undefined) push(e.doc.metas, match[3], text);
    else if (match[4] !== undefined) push(e.doc.directives, match[4], text);
    else if (match[5] !== undefined && typeof value !== 'string') {
      e.doc.parts.push({
        name: match[5],
        content: new Uint8Array(await value.arrayBuffer()),
        ...(value.type ? { mimeHint: value.type } : {}),
      });
    } else if (match[6] !== undefined && match[7] !== undefined) {
      const directives = e.partDirectives.get(match[6]) ?? {};
      push(directives, match[7], text);
      e.partDirectives.set(match[6], directives);
    }
  }
  const ordered = [...docs.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
  return {
    documents: ordered.map(({ doc, partDirectives }) => ({
      uri: doc.uri,
      ...(doc.stamp === undefined ? {} : { stamp: doc.stamp }),
      ...(Object.keys(doc.metas).length ? { metas: single(doc.metas) } : {}),
      ...(Object.keys(doc.directives).length ? { directives: single(doc.directives) } : {}),
      ...(doc.parts.length
        ? {
            parts: doc.parts.map((part) => ({
              ...part,
              ...partFromDirectives(partDirectives.get(part.name ?? 'master') ?? {}),
            })),
          }
        : {}),
    })),
    fieldsList: ordered.map((e) => e.fields),
  };
}

function single(map: Record<string, string[]>): Record<string, MultiValue> {
  return Object.fromEntries(
    Object.entries(map).map(([k, v]) => [k, v.length === 1 ? (v[0] ?? '') : v]),
  );
}

function partFromDirectives(directives: Record<string, string[]>): Partial<Part> {
  const out: Partial<Part> & { directives?: Record<string, MultiValue> } = {};
  const rest: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(directives)) {
    if (
      name === 'encoding' ||
      name === 'filename' ||
      name === 'mimeHint' ||
      name === 'certifiedMime'
    )
      out[name] = value[0] ?? '';
    else rest[name] = value;
  }
  if (Object.keys(rest).length) out.directives = single(rest);
  return out;
}

export const statusLine = (s: DocumentStatus): string =>
  `${enc(s.uri)} ${s.exist ? 1 : 0} ${enc(s.stamp ?? '')}`;

export const entryLine = (e: SyncedEntry): string =>
  `${enc(e.uri)} ${e.isFolder ? 'd' : 'f'} ${enc(e.stamp)}`;

const escapeValue = (v: string) =>
  v.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
export const checkpointLine = (c: CheckpointInfo): string =>
  `${enc(c.name)} ${escapeValue(c.value)}`;

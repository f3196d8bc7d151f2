import { buildPath } from '@connectorkit/http-core';
/**
 * The HTTP level of PAPI v4 as connectorkit speaks it (reference exalead-papi.md sections 5 and
 * 9). The path scheme, `PAPI_` parameters, the GET/POST split, status codes, `PAPI_session`, the
 * calls in {@link EXALEAD}, the `add_documents` fields `uri`, `meta:` and `part_bytes:`, and the
 * checkpoint line format are Exalead's; everything else is ours, in {@link OURS}.
 */
import type {
  CheckpointInfo,
  Document,
  DocumentStatus,
  MultiValue,
  Part,
  SyncedEntry,
} from '../types.js';

export type HttpMethod = 'GET' | 'POST';
/** A command: its last path segment and the one method it accepts (405 otherwise). */
export interface Command {
  readonly name: string;
  readonly method: HttpMethod;
}

/**
 * Exalead's calls: the "Push API HTTP Level" pages document these (parameters in the comments,
 * all but `PAPI_session` in the URL), and `add_documents` is seen in public client code.
 */
const EXALEAD = {
  /** No parameter; answers the session id, a long integer. */
  sessionId: { name: 'get_current_session_id', method: 'GET' },
  /** `PAPI_rootPath`, `PAPI_recursive` = true | false. */
  deleteRoot: { name: 'delete_documents_root_path', method: 'POST' },
  /** `PAPI_uri`, repeated for a list. */
  status: { name: 'get_documents_status', method: 'GET' },
  /** `PAPI_checkpoint`, `PAPI_name`; answers the serial. */
  setCheckpoint: { name: 'set_checkpoint', method: 'POST' },
  /** `PAPI_name`: `getCheckpoint(name)`, the last synced value. */
  getCheckpoint: { name: 'get_checkpoint', method: 'GET' },
  /** `PAPI_name`, `PAPI_showSynchronizedOnly`: `getCheckpoint(name, showSynchronizedOnly)`. */
  getCheckpointInfo: { name: 'get_checkpoint_info', method: 'GET' },
  /** No flag: `enumerateCheckpointsInfo()`; `urlencode(name) SP escape(value) LF` lines. */
  enumerateCheckpoints: { name: 'enumerate_checkpoints_info', method: 'GET' },
  /** `PAPI_showSynchronizedOnly`: `enumerateCheckpointsInfo(showSynchronizedOnly)`; same lines. */
  enumerateStatedCheckpoints: { name: 'enumerate_stated_checkpoints_info', method: 'GET' },
  /** `PAPI_rootPath`, `PAPI_mode` (the enum name). */
  enumerateEntries: { name: 'enumerate_synced_entries', method: 'GET' },
  /** Multipart, `PAPI_<k>:uri`, `PAPI_<k>:meta:<name>`, `PAPI_<k>:part_bytes:<part>` (public code). */
  add: { name: 'add_documents', method: 'POST' },
} as const;

/**
 * OURS (connectorkit design decision): every part of the wire no public Exalead text shows, in
 * this one table, so that it can be changed in one place; HttpPushAPI, the simulator and the fake
 * all read it. Answers of our commands: empty (204) for writes, a decimal for counts, `true` or
 * `false`; the status and entry line formats are `statusLine` and `entryLine` below.
 */
export const OURS = {
  commands: {
    /** `PAPI_connectorType`; answers nothing (204). */
    ping: { name: 'ping', method: 'GET' },
    /** Multipart as `add_documents`, plus `PAPI_<k>:field` repeated (names to replace). */
    update: { name: 'update_documents', method: 'POST' },
    /** A form body (urlencoded) with `PAPI_uri` repeated. */
    delete: { name: 'delete_documents', method: 'POST' },
    clearCheckpoints: { name: 'clear_all_checkpoints', method: 'POST' },
    /** `PAPI_rootPath`, `PAPI_mode`; answers a decimal count. */
    countEntries: { name: 'count_synced_entries', method: 'GET' },
    sync: { name: 'sync', method: 'POST' },
    triggerIndexing: { name: 'trigger_indexing_job', method: 'POST' },
    /** `PAPI_serial`; answers `true` or `false`. */
    searchable: { name: 'are_documents_searchable', method: 'GET' },
    /** `PAPI_cursor`: frees an enumeration closed before its end. */
    releaseEnumeration: { name: 'release_enumeration', method: 'POST' },
  },
  params: {
    /** On `get_current_session_id` and `ping`: how the connector type reaches the server. */
    connectorType: 'PAPI_connectorType',
    /** `set_checkpoint`'s sync flag (Exalead documents the flag, not its name). */
    sync: 'PAPI_sync',
    serial: 'PAPI_serial',
    /** `enumerate_synced_entries` paging: rows asked for, and the continuation. */
    count: 'PAPI_count',
    cursor: 'PAPI_cursor',
  },
  /** `add_documents` / `update_documents` fields after `PAPI_<k>:`, beyond Exalead's three. */
  fields: {
    stamp: 'stamp',
    directive: 'directive:',
    partDirective: 'part_directive:',
    field: 'field',
  },
  /** What `enumerateCheckpointsInfo()` and `getCheckpoint(name)` show: synced values only. */
  syncedOnlyByDefault: true,
} as const;

export const COMMANDS: typeof EXALEAD & typeof OURS.commands = { ...EXALEAD, ...OURS.commands };

/** Commands by their path segment (the simulator's router). */
export const COMMANDS_BY_NAME: ReadonlyMap<string, Command> = new Map(
  Object.values(COMMANDS).map((c) => [c.name, c]),
);

export function commandPath(connectorName: string, command: Command): string {
  return `${buildPath('/papi/4/connectors/{connectorName}', { connectorName })}/${command.name}`;
}

const F = OURS.fields;
const quote = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** One form field name: the document index, then Exalead's three fields and ours. */
const FIELD_NAME = new RegExp(
  `^PAPI_(\\d+):(?:(uri)|(${quote(F.stamp)})|(${quote(F.field)})|meta:(.+)|${quote(F.directive)}(.+)|part_bytes:(.+)|${quote(F.partDirective)}([^:]+):(.+))$`,
);
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
    if (doc.stamp !== undefined) form.append(`${p}${F.stamp}`, doc.stamp);
    for (const [name, value] of Object.entries(doc.metas ?? {}))
      for (const v of values(value)) form.append(`${p}meta:${name}`, v);
    for (const [name, value] of Object.entries(doc.directives ?? {}))
      for (const v of values(value)) form.append(`${p}${F.directive}${name}`, v);
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
        for (const v of values(value)) form.append(`${p}${F.partDirective}${name}:${d}`, v);
    }
    for (const field of fieldsList?.[k] ?? []) form.append(`${p}${F.field}`, field);
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
    const match = FIELD_NAME.exec(key);
    if (!match) continue;
    const [, k, uri, stamp, field, meta, directive, part, partName, partDirective] = match;
    const e = entry(Number(k));
    const text = typeof value === 'string' ? value : '';
    if (uri !== undefined) e.doc.uri = text;
    else if (stamp !== undefined) e.doc.stamp = text;
    else if (field !== undefined) e.fields.push(text);
    else if (meta !== undefined) push(e.doc.metas, meta, text);
    else if (directive !== undefined) push(e.doc.directives, directive, text);
    else if (part !== undefined && typeof value !== 'string') {
      e.doc.parts.push({
        name: part,
        content: new Uint8Array(await value.arrayBuffer()),
        ...(value.type ? { mimeHint: value.type } : {}),
      });
    } else if (partName !== undefined && partDirective !== undefined) {
      const directives = e.partDirectives.get(partName) ?? {};
      push(directives, partDirective, text);
      e.partDirectives.set(partName, directives);
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

/**
 * Exalead's checkpoint line: `urlencode(name) SP escape(value)`, where only CR and LF are escaped,
 * as `\r` and `\n`; a backslash is not doubled. `urlencode` is form encoding (a space is `+`).
 */
export const checkpointLine = (c: CheckpointInfo): string =>
  `${new URLSearchParams([['', c.name]]).toString().slice(1)} ${c.value.replace(/\r/g, '\\r').replace(/\n/g, '\\n')}`;

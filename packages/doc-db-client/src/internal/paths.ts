import { validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';

/** CouchDB's database name rule. */
export const DB_NAME_PATTERN: RegExp = /^[a-z][a-z0-9_$()+/-]*$/;

const DbName = v.pipe(
  v.string('must be a string'),
  v.regex(
    DB_NAME_PATTERN,
    'must start with a lowercase letter and contain only a-z, 0-9 and _ $ ( ) + - /',
  ),
  v.maxLength(238, 'must be at most 238 characters'),
);
const DocId = v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty'));
const OrdinaryDocId = v.pipe(
  DocId,
  v.check(
    (s) => !s.startsWith('_'),
    'must not start with "_" (use the design or local document methods)',
  ),
);
const PartitionKey = v.pipe(
  DocId,
  v.check((s) => !s.startsWith('_') && !s.includes(':'), 'must not start with "_" or contain ":"'),
);

/*
 * Every call checks its names, so the schemas above are built once, and a plain check that
 * accepts exactly what they accept runs first; valibot runs only to describe a value it refuses.
 */
const isDbName = (db: unknown): db is string =>
  typeof db === 'string' && db.length <= 238 && DB_NAME_PATTERN.test(db);
const isOrdinaryId = (id: unknown): id is string =>
  typeof id === 'string' && id !== '' && id[0] !== '_';

/** `/{db}` with the name checked and encoded (a `/` in a name is sent as `%2F`). */
export function dbPath(db: unknown): string {
  return `/${encodeURIComponent(isDbName(db) ? db : validateInput(DbName, db, 'db'))}`;
}

/**
 * `/{db}/{docId}` for an ordinary document: ids starting with `_` are refused here, since
 * `_design/` and `_local/` documents have their own methods and anything else is reserved.
 */
export function docPath(db: unknown, docId: unknown, subject = 'docId'): string {
  const id = isOrdinaryId(docId) ? docId : validateInput(OrdinaryDocId, docId, subject);
  return `${dbPath(db)}/${encodeURIComponent(id)}`;
}

/** `/{db}/_design/{ddoc}`; `ddoc` may be given with or without the `_design/` prefix. */
export function designPath(db: unknown, ddoc: unknown): string {
  const id = validateInput(DocId, ddoc, 'ddoc').replace(/^_design\//, '');
  return `${dbPath(db)}/_design/${encodeURIComponent(id)}`;
}

/** `/{db}/_local/{id}`; `id` may be given with or without the `_local/` prefix. */
export function localPath(db: unknown, docId: unknown): string {
  const id = validateInput(DocId, docId, 'docId').replace(/^_local\//, '');
  return `${dbPath(db)}/_local/${encodeURIComponent(id)}`;
}

/** `/{db}/_partition/{key}`. */
export function partitionPath(db: unknown, partitionKey: unknown): string {
  const key = validateInput(PartitionKey, partitionKey, 'partitionKey');
  return `${dbPath(db)}/_partition/${encodeURIComponent(key)}`;
}

/** Query values CouchDB expects JSON-encoded (keys, start and end keys). */
export function jsonParam(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

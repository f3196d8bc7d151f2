import { buildPath, pathSegment, validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';
import type { Rule } from './rules.js';

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
  return buildPath('/{db}', { db: isDbName(db) ? db : validateInput(DbName, db, 'db') });
}

/**
 * `/{db}/{docId}` for an ordinary document: ids starting with `_` are refused here, since
 * `_design/` and `_local/` documents have their own methods and anything else is reserved.
 */
export function docPath(db: unknown, docId: unknown, subject = 'docId'): string {
  const id = isOrdinaryId(docId) ? docId : validateInput(OrdinaryDocId, docId, subject);
  return `${dbPath(db)}/${pathSegment(id, subject)}`;
}

/** The design document's name without `_design/`, which the path templates write themselves. */
function designName(ddoc: unknown): string {
  return validateInput(DocId, ddoc, 'ddoc').replace(/^_design\//, '');
}

/** `/{db}/_design/{ddoc}`; `ddoc` may be given with or without the `_design/` prefix. */
export function designPath(db: unknown, ddoc: unknown): string {
  return dbPath(db) + buildPath('/_design/{ddoc}', { ddoc: designName(ddoc) });
}

/** `/{db}/_local/{id}`; `id` may be given with or without the `_local/` prefix. */
export function localPath(db: unknown, docId: unknown): string {
  const docIdWithout = validateInput(DocId, docId, 'docId').replace(/^_local\//, '');
  return dbPath(db) + buildPath('/_local/{docId}', { docId: docIdWithout });
}

/** `/{db}/_partition/{partitionKey}`. */
export function partitionPath(db: unknown, partitionKey: unknown): string {
  const key = validateInput(PartitionKey, partitionKey, 'partitionKey');
  return dbPath(db) + buildPath('/_partition/{partitionKey}', { partitionKey: key });
}

/** `/{db}[/_partition/{key}]/_design/{ddoc}/{kind}/{name}` for a view or a search index. */
export function designFunctionPath(
  p: { db: unknown; partitionKey?: unknown; ddoc: unknown },
  kind: '_view' | '_search',
  field: 'view' | 'index',
  name: unknown,
): string {
  const scope = p.partitionKey === undefined ? dbPath(p.db) : partitionPath(p.db, p.partitionKey);
  return (
    scope +
    buildPath(`/_design/{ddoc}/${kind}/{${field}}`, { ddoc: designName(p.ddoc), [field]: name })
  );
}

/** `/{db}/_index/_design/{ddoc}/{type}/{index}`. */
export function indexPath(db: unknown, ddoc: unknown, type: unknown, index: unknown): string {
  return (
    dbPath(db) +
    buildPath('/_index/_design/{ddoc}/{type}/{index}', { ddoc: designName(ddoc), type, index })
  );
}

/**
 * `/{db}/{docId}/{attachmentName}`: the name is one segment, a `/` in it sent as `%2F` (CouchDB
 * splits the path before decoding, so `a%2Fb` names the attachment `a/b`).
 */
export function attachmentPath(db: unknown, docId: unknown, attachmentName: unknown): string {
  return docPath(db, docId) + buildPath('/{attachmentName}', { attachmentName });
}

/** Query values CouchDB expects JSON-encoded (keys, start and end keys). */
export function jsonParam(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

/** The rules of the names above, for the params checks of every method. */
export const dbName: Rule = { schema: DbName, test: isDbName };
export const docId: Rule = { schema: OrdinaryDocId, test: isOrdinaryId };
/** A design or local document id, a view or index name: any non-empty string. */
export const anyName: Rule = { schema: DocId, test: (x) => typeof x === 'string' && x !== '' };
export const partitionKey: Rule = {
  schema: PartitionKey,
  test: (x) => typeof x === 'string' && x !== '' && x[0] !== '_' && !x.includes(':'),
};

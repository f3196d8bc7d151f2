import { CouchHttpError, isObject } from '../routes/http-io.js';
import { type AttachmentInput, parseAttachments } from './attachments.js';
import type { CouchDatabase } from './couch-store.js';
import { parseRev } from './rev-tree.js';

/** A document body as couch_doc:from_json_obj_validate reads it. */
export interface DocInput {
  id: string | undefined;
  /** `_rev`, normalised. */
  rev: string | undefined;
  /** `_revisions`: the history a replicated revision brings (ids newest first). */
  revisions: { start: number; ids: string[] } | undefined;
  deleted: boolean;
  /** The members CouchDB stores as the body (no `_` members). */
  body: Record<string, unknown>;
  /** `_attachments`: new data and stubs. */
  attachments: Record<string, AttachmentInput> | undefined;
}

/** Special members CouchDB accepts on a write (the read-only ones are ignored). */
const REPLICATION_FIELDS = new Set([
  '_replication_state',
  '_replication_state_time',
  '_replication_state_reason',
  '_replication_id',
  '_replication_stats',
]);
const SPECIAL = new Set([
  '_id',
  '_rev',
  '_deleted',
  '_revisions',
  '_attachments',
  '_revs_info',
  '_conflicts',
  '_deleted_conflicts',
  '_local_seq',
]);

const bad = (error: string, reason: string) => new CouchHttpError(400, error, reason);

/** couch_doc:validate_docid: a non-empty string, `_` only for design and local documents. */
export function checkDocId(id: unknown, db?: CouchDatabase): string {
  if (typeof id !== 'string') throw bad('illegal_docid', 'Document id must be a string');
  if (id === '') throw bad('illegal_docid', 'Document id must not be empty');
  if (id.startsWith('_') && !id.startsWith('_design/') && !id.startsWith('_local/'))
    throw bad('illegal_docid', 'Only reserved document ids may start with underscore.');
  if (db?.partitioned && !id.startsWith('_design/') && !id.startsWith('_local/')) {
    const colon = id.indexOf(':');
    if (colon <= 0 || colon === id.length - 1)
      throw bad('illegal_docid', 'Doc id must be of form partition:id');
    if (id.startsWith('_'))
      throw bad('illegal_docid', 'Only reserved document ids may start with underscore.');
  }
  return id;
}

function readRevisions(value: unknown): DocInput['revisions'] {
  if (!isObject(value) || !Number.isInteger(value.start) || !Array.isArray(value.ids))
    throw bad('doc_validation', '_revisions must be an object with start and ids');
  const start = value.start as number;
  const ids = value.ids.map((id) => {
    if (typeof id !== 'string') throw bad('doc_validation', "RevId isn't a string");
    return parseRev(`1-${id}`).hash;
  });
  if (ids.length === 0 || start < ids.length)
    throw bad('doc_validation', "RevId isn't a valid hexadecimal");
  return { start, ids };
}

/** Reads and checks a document body; `_id` is checked even where the path names the document. */
export function parseDocument(json: unknown, db?: CouchDatabase): DocInput {
  if (!isObject(json)) throw bad('bad_request', 'Document must be a JSON object');
  const input: DocInput = {
    id: undefined,
    rev: undefined,
    revisions: undefined,
    deleted: false,
    body: {},
    attachments: undefined,
  };
  for (const key in json) {
    const value = json[key];
    if (key.charCodeAt(0) !== 95 /* _ */) {
      input.body[key] = value;
      continue;
    }
    if (REPLICATION_FIELDS.has(key)) {
      // couch_doc keeps these in the body of any document (the replicator writes them).
      input.body[key] = value;
      continue;
    }
    if (!SPECIAL.has(key)) throw bad('doc_validation', `Bad special document member: ${key}`);
    if (key === '_id') input.id = checkDocId(value, db);
    else if (key === '_rev') {
      const rev = parseRev(value);
      input.rev = `${rev.pos}-${rev.hash}`;
    } else if (key === '_deleted') input.deleted = value === true;
    else if (key === '_revisions') input.revisions = readRevisions(value);
    else if (key === '_attachments') {
      if (!isObject(value)) throw bad('doc_validation', '_attachments must be an object');
      input.attachments = parseAttachments(value);
    }
  }
  return input;
}

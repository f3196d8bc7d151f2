import { buildPath } from '@connectorkit/http-core';
import * as v from 'valibot';
import type { CallOptions } from '../internal/context.js';
import { callOptions, type OperationContext } from '../internal/context.js';
import { checkDocument } from '../internal/documents-input.js';
import { documentRequest, JSON_TYPE } from '../internal/json-body.js';
import { docId } from '../internal/paths.js';
import {
  checked,
  flag,
  isRecord,
  optional,
  type Rule,
  type Rules,
  rev,
} from '../internal/rules.js';
import type { Document } from '../schemas/common.js';
import { DocumentReadSchema } from '../schemas/responses.js';
import { type Conditional, READ_OPTIONS, type ReadOptions, readParams } from './documents.js';
import {
  batch,
  CONDITIONAL,
  conditional,
  headRev,
  oneOfParams,
  type WriteResult,
  writeSchema,
} from './shared.js';

/** One end of a replication: a database URL, or `{ url, auth?, headers? }`. */
export type ReplicationDatabase =
  | string
  | {
      url: string;
      auth?: { basic?: { username: string; password: string }; iam?: { api_key: string } };
      headers?: Record<string, string>;
    };

/**
 * A `_replicator` document, as CouchDB stores it (`create_target`, `doc_ids` ...). The Cloudant
 * SDK's model names (`createTarget`, `docIds`, `sinceSeq` ..., `auth.iam.apiKey`) are accepted and
 * sent under CouchDB's names.
 */
export interface ReplicationDocument extends Document {
  source: ReplicationDatabase;
  target: ReplicationDatabase;
  continuous?: boolean;
  create_target?: boolean;
  doc_ids?: string[];
  selector?: Record<string, unknown>;
  filter?: string;
  cancel?: boolean;
}

type ReplicationParams = CallOptions & { docId: string };

/**
 * Replication documents in `/_replicator`: writing one starts a replication, deleting it stops it.
 */
export interface ReplicationOperations {
  /** POST `/_replicator`: creates a replication document (the scheduler starts its job). */
  postReplicator<
    P extends CallOptions & { replicationDocument: ReplicationDocument; batch?: 'ok' },
  >(params: P): Promise<WriteResult<P>>;
  /**
   * GET `/_replicator/{docId}`: the replication document with its `_id` and `_rev` (the
   * replicator adds `_replication_state` and related fields when its job completes or fails).
   * Takes a document read's options, `openRevs` aside.
   * @throws {NotFoundError} when there is no such replication document
   */
  getReplicationDocument<T extends Document = ReplicationDocument>(
    params: ReplicationParams & Omit<ReadOptions, 'openRevs'>,
  ): Promise<T>;
  /** PUT `/_replicator/{docId}`; give `rev` (or `_rev`, or `ifMatch`) to update. */
  putReplicationDocument<
    P extends ReplicationParams & {
      replicationDocument: ReplicationDocument;
      rev?: string;
      ifMatch?: string;
      batch?: 'ok';
      newEdits?: boolean;
    },
  >(params: P): Promise<WriteResult<P>>;
  /** DELETE `/_replicator/{docId}` (cancels its replication); `rev` or `ifMatch` is required. */
  deleteReplicationDocument<
    P extends ReplicationParams & { rev?: string; ifMatch?: string; batch?: 'ok' },
  >(params: P): Promise<WriteResult<P>>;
  /** HEAD: the replication document's current revision, or `undefined` when there is none. */
  headReplicationDocument(params: ReplicationParams & Conditional): Promise<string | undefined>;
}

const isEnd = (x: unknown) =>
  (typeof x === 'string' && x !== '') || (isRecord(x) && typeof x.url === 'string' && x.url !== '');
const End = v.custom(isEnd, 'must be a database URL or { url, auth?, headers? }');
const replicationDocument: Rule = {
  schema: v.pipe(
    v.custom<Record<string, unknown>>(isRecord, 'must be an object'),
    v.looseObject({ source: End, target: End }),
  ),
  test: (x) => isRecord(x) && isEnd(x.source) && isEnd(x.target),
};

// The Cloudant SDK's names for the fields CouchDB spells with underscores.
const SDK_NAMES = new Set(
  'checkpointInterval connectionTimeout createTarget createTargetParams docIds httpConnections queryParams retriesPerRequest sinceSeq socketOptions sourceProxy targetProxy useBulkGet useCheckpoints userCtx winningRevsOnly workerBatchSize workerProcesses'.split(
    ' ',
  ),
);
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** `auth.iam.apiKey` as CouchDB's `api_key`. */
function endOf(end: unknown): unknown {
  const iam =
    isRecord(end) && isRecord(end.auth) && isRecord(end.auth.iam) ? end.auth.iam : undefined;
  if (!iam || iam.apiKey === undefined) return end;
  const { apiKey, ...rest } = iam;
  const auth = end as { auth: Record<string, unknown> };
  return { ...auth, auth: { ...auth.auth, iam: { ...rest, api_key: apiKey } } };
}

/** The document under CouchDB's names (copied only when it uses the SDK's). */
export function replicationJson(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in doc) out[SDK_NAMES.has(key) ? snake(key) : key] = doc[key];
  out.source = endOf(doc.source);
  out.target = endOf(doc.target);
  return out;
}

const decoded = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** The credentials a replication document carries, redacted from this call's errors and logs. */
export function replicationSecrets(doc: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const end of [doc.source, doc.target]) {
    const url = typeof end === 'string' ? end : isRecord(end) ? end.url : undefined;
    if (typeof url === 'string' && URL.canParse(url)) {
      const password = new URL(url).password;
      if (password) found.push(password, decoded(password));
    }
    if (!isRecord(end)) continue;
    const auth = isRecord(end.auth) ? end.auth : {};
    const basic = isRecord(auth.basic) ? auth.basic : {};
    const iam = isRecord(auth.iam) ? auth.iam : {};
    for (const value of [
      basic.password,
      iam.api_key,
      iam.apiKey,
      ...Object.values(isRecord(end.headers) ? end.headers : {}),
    ])
      if (typeof value === 'string') found.push(value);
  }
  return found;
}

const PATH = (id: string) => buildPath('/_replicator/{docId}', { docId: id });
const DOC: Rules = { docId };
const { openRevs: _, ...READ } = READ_OPTIONS;
const WRITE: Rules = { replicationDocument, batch };
const PUT: Rules = {
  ...DOC,
  ...WRITE,
  rev: optional(rev),
  ifMatch: CONDITIONAL.ifMatch as Rule,
  newEdits: optional(flag),
};
const DELETE: Rules = { ...DOC, ...CONDITIONAL, rev: optional(rev), batch };

type Params<K extends keyof ReplicationOperations> = Parameters<ReplicationOperations[K]>[0];

export function replicationOperations(context: OperationContext): ReplicationOperations {
  const { http } = context;
  const write = (p: CallOptions & { replicationDocument: ReplicationDocument }) => {
    const doc = checkDocument(p.replicationDocument, 'replicationDocument') as Record<
      string,
      unknown
    >;
    return {
      ...documentRequest(replicationJson(doc), context.limits, 'replicationDocument'),
      ...callOptions(p, context, JSON_TYPE),
      secrets: replicationSecrets(doc),
    };
  };
  return {
    postReplicator: checked('postReplicator', WRITE, (p: Params<'postReplicator'>) =>
      http.post('/_replicator', {
        ...write(p),
        searchParams: { batch: p.batch },
        // Without an _id, each attempt would create another replication.
        idempotent: typeof p.replicationDocument._id === 'string',
        schema: writeSchema(p),
      }),
    ) as ReplicationOperations['postReplicator'],
    getReplicationDocument: checked(
      'getReplicationDocument',
      { ...DOC, ...READ },
      (p: Params<'getReplicationDocument'>) =>
        http.get(PATH(p.docId), {
          ...callOptions(p, context, conditional(p)),
          searchParams: readParams(p),
          schema: DocumentReadSchema,
        }),
    ) as ReplicationOperations['getReplicationDocument'],
    putReplicationDocument: checked(
      'putReplicationDocument',
      PUT,
      (p: Params<'putReplicationDocument'>) => {
        const options = write(p);
        return http.put(PATH(p.docId), {
          ...options,
          searchParams: { rev: p.rev, batch: p.batch, new_edits: p.newEdits },
          headers: { ...options.headers, 'if-match': p.ifMatch },
          schema: writeSchema(p),
        });
      },
    ) as ReplicationOperations['putReplicationDocument'],
    deleteReplicationDocument: checked(
      'deleteReplicationDocument',
      DELETE,
      (p: Params<'deleteReplicationDocument'>) => {
        oneOfParams('deleteReplicationDocument', p, ['rev', 'ifMatch'], false);
        return http.delete(PATH(p.docId), {
          ...callOptions(p, context, conditional(p)),
          searchParams: { rev: p.rev, batch: p.batch },
          schema: writeSchema(p),
        });
      },
    ) as ReplicationOperations['deleteReplicationDocument'],
    headReplicationDocument: checked(
      'headReplicationDocument',
      { ...DOC, ifNoneMatch: CONDITIONAL.ifNoneMatch as Rule },
      (p: Params<'headReplicationDocument'>) =>
        headRev(http, PATH(p.docId), { ...callOptions(p, context), headers: conditional(p) }),
    ),
  };
}

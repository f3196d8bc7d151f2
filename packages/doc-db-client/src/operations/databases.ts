import { buildPath } from '@connectorkit/http-core';
import * as v from 'valibot';
import { type CallOptions, callOptions, type OperationContext } from '../internal/context.js';
import { JSON_TYPE, jsonRequest } from '../internal/json-body.js';
import { anyName, dbName, dbPath } from '../internal/paths.js';
import {
  checked,
  flag,
  object,
  optional,
  type Rules,
  refuse,
  shaped,
  whole,
} from '../internal/rules.js';
import { jsonObject, type Ok, OkSchema } from '../schemas/common.js';
import {
  type DatabaseInformation,
  DatabaseInformationSchema,
  type Security,
  SecuritySchema,
} from '../schemas/responses.js';

export interface DbParams extends CallOptions {
  db: string;
}

/** Databases: create, delete, information, security, revision limit and shards. */
export interface DatabaseOperations {
  /** PUT `/{db}`; `partitioned: true` creates a partitioned database. 412 when it exists. */
  putDatabase(params: DbParams & { partitioned?: boolean; q?: number }): Promise<Ok>;
  /** DELETE `/{db}`. */
  deleteDatabase(params: DbParams): Promise<Ok>;
  /** GET `/{db}`: counts, `update_seq`, sizes, props. */
  getDatabaseInformation(params: DbParams): Promise<DatabaseInformation>;
  /** HEAD `/{db}`: whether the database exists. */
  headDatabase(params: DbParams): Promise<boolean>;
  /**
   * GET `/{db}/_security`: the database's `admins` and `members` (CouchDB 3 gives a new database
   * `{ admins: { roles: ['_admin'] }, members: { roles: ['_admin'] } }`); Cloudant adds `cloudant`.
   * @throws {NotFoundError} when the database does not exist
   * @throws {UnauthorizedError} when the credentials are missing or wrong
   * @throws {ForbiddenError} when the user may not read the database
   */
  getSecurity(params: DbParams): Promise<Security>;
  /**
   * PUT `/{db}/_security`: the whole object as `security`, or its members as the Cloudant SDK
   * gives them (`admins`, `members`, `cloudant`, `couchdbAuthOnly`).
   */
  putSecurity(params: DbParams & (SecurityObject | SecurityMembers)): Promise<Ok>;
  /** GET `/{db}/_revs_limit`. */
  getRevsLimit(params: DbParams): Promise<number>;
  /** PUT `/{db}/_revs_limit`. */
  putRevsLimit(params: DbParams & { limit: number }): Promise<Ok>;
  /** POST `/{db}/_ensure_full_commit` (a no-op on CouchDB 3, kept for older servers). */
  postEnsureFullCommit(params: DbParams): Promise<Ok>;
  /** GET `/{db}/_shards`: each shard range and the nodes holding it. */
  getShardsInformation(params: DbParams): Promise<ShardsInformation>;
  /** GET `/{db}/_shards/{docId}`: the range and nodes of the shard holding a document id. */
  getDocumentShardsInfo(params: DbParams & { docId: string }): Promise<DocumentShardInfo>;
}

type SecurityObject = {
  security: Security;
  admins?: never;
  members?: never;
  cloudant?: never;
  couchdbAuthOnly?: never;
};
/** A security object's members, as the Cloudant SDK's `putSecurity` takes them. */
export interface SecurityMembers {
  security?: never;
  admins?: { names?: string[]; roles?: string[] };
  members?: { names?: string[]; roles?: string[] };
  /** Cloudant: API keys and users with their roles (`{ nobody: ['_reader'] }`). */
  cloudant?: Record<string, string[]>;
  /** Cloudant: only CouchDB (not IAM) credentials. */
  couchdbAuthOnly?: boolean;
}

export const ShardsInformationSchema = jsonObject({
  shards: v.record(v.string(), v.array(v.string())),
});
/** GET `/{db}/_shards`: each shard range (`00000000-7fffffff` ...) and the nodes that hold it. */
export type ShardsInformation = v.InferOutput<typeof ShardsInformationSchema>;
export const DocumentShardInfoSchema = jsonObject({
  range: v.string(),
  nodes: v.array(v.string()),
});
/** GET `/{db}/_shards/{docId}`: the `range` of the shard holding a document id, and its `nodes`. */
export type DocumentShardInfo = v.InferOutput<typeof DocumentShardInfoSchema>;

const SecurityGroup = shaped(
  jsonObject({
    names: v.optional(v.array(v.string('must be a string'), 'must be an array of names')),
    roles: v.optional(v.array(v.string('must be a string'), 'must be an array of roles')),
  }),
);
/** Cloudant's `cloudant` member: users and API keys with their roles. */
export const cloudantPermissions = shaped(
  v.pipe(
    object.schema,
    v.record(v.string(), v.array(v.string('must be a string'), 'must be an array of roles')),
  ),
);
/** The security members the Cloudant SDK takes one by one. */
export const SECURITY_MEMBERS: Rules = {
  admins: optional(SecurityGroup),
  members: optional(SecurityGroup),
  cloudant: optional(cloudantPermissions),
  couchdbAuthOnly: optional(flag),
};

/** The body of a security write from the SDK's members (`couchdbAuthOnly` as `couchdb_auth_only`). */
export function securityBody(p: SecurityMembers): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (p.admins) body.admins = p.admins;
  if (p.members) body.members = p.members;
  if (p.cloudant) body.cloudant = p.cloudant;
  if (p.couchdbAuthOnly !== undefined) body.couchdb_auth_only = p.couchdbAuthOnly;
  return body;
}

/** Every method's params carry `db`. */
export const DB: Rules = { db: dbName };
const PUT_DATABASE: Rules = { ...DB, partitioned: optional(flag), q: optional(whole(1)) };
const PUT_SECURITY: Rules = {
  ...DB,
  security: optional(shaped(SecuritySchema)),
  ...SECURITY_MEMBERS,
};
const PUT_REVS_LIMIT: Rules = { ...DB, limit: whole(1) };
const RevsLimitSchema = v.pipe(v.number(), v.safeInteger());

export function databaseOperations(context: OperationContext): DatabaseOperations {
  const { http } = context;
  return {
    putDatabase: checked('putDatabase', PUT_DATABASE, (p) =>
      http.put(dbPath(p.db), {
        ...callOptions(p, context),
        searchParams: { partitioned: p.partitioned, q: p.q },
        schema: OkSchema,
      }),
    ),
    deleteDatabase: checked('deleteDatabase', DB, (p) =>
      http.delete(dbPath(p.db), { ...callOptions(p, context), schema: OkSchema }),
    ),
    getDatabaseInformation: checked('getDatabaseInformation', DB, (p) =>
      http.get(dbPath(p.db), { ...callOptions(p, context), schema: DatabaseInformationSchema }),
    ),
    headDatabase: checked('headDatabase', DB, async (p) => {
      const { status } = await http.head(dbPath(p.db), {
        ...callOptions(p, context),
        okStatuses: [404],
      });
      return status === 200;
    }),
    getSecurity: checked('getSecurity', DB, (p) =>
      http.get(`${dbPath(p.db)}/_security`, {
        ...callOptions(p, context),
        schema: SecuritySchema,
      }),
    ),
    putSecurity: checked('putSecurity', PUT_SECURITY, (p) => {
      const members = securityBody(p as SecurityMembers);
      const named = Object.keys(SECURITY_MEMBERS).find(
        (k) => (p as unknown as Record<string, unknown>)[k] !== undefined,
      );
      if (p.security !== undefined && named !== undefined)
        refuse('putSecurity params', [{ path: named, message: 'must not be given with security' }]);
      return http.put(`${dbPath(p.db)}/_security`, {
        ...jsonRequest(p.security ?? members, context.limits, 'putSecurity params', 'security'),
        ...callOptions(p, context, JSON_TYPE),
        schema: OkSchema,
      });
    }),
    getRevsLimit: checked('getRevsLimit', DB, (p) =>
      http.get(`${dbPath(p.db)}/_revs_limit`, {
        ...callOptions(p, context),
        schema: RevsLimitSchema,
      }),
    ),
    putRevsLimit: checked('putRevsLimit', PUT_REVS_LIMIT, (p) =>
      http.put(`${dbPath(p.db)}/_revs_limit`, {
        ...callOptions(p, context),
        json: p.limit,
        schema: OkSchema,
      }),
    ),
    postEnsureFullCommit: checked('postEnsureFullCommit', DB, (p) =>
      http.post(`${dbPath(p.db)}/_ensure_full_commit`, {
        ...callOptions(p, context),
        json: {},
        idempotent: true,
        schema: OkSchema,
      }),
    ),
    getShardsInformation: checked('getShardsInformation', DB, (p) =>
      http.get(`${dbPath(p.db)}/_shards`, {
        ...callOptions(p, context),
        schema: ShardsInformationSchema,
      }),
    ),
    getDocumentShardsInfo: checked('getDocumentShardsInfo', { ...DB, docId: anyName }, (p) =>
      http.get(dbPath(p.db) + buildPath('/_shards/{docId}', { docId: p.docId }), {
        ...callOptions(p, context),
        schema: DocumentShardInfoSchema,
      }),
    ),
  };
}

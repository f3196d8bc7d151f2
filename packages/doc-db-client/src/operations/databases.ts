import * as v from 'valibot';
import { type CallOptions, callOptions, type OperationContext } from '../internal/context.js';
import { jsonRequest } from '../internal/json-body.js';
import { dbName, dbPath } from '../internal/paths.js';
import { checked, flag, optional, type Rules, shaped, whole } from '../internal/rules.js';
import { type Ok, OkSchema } from '../schemas/common.js';
import {
  type DatabaseInformation,
  DatabaseInformationSchema,
  type Security,
  SecuritySchema,
} from '../schemas/responses.js';

export interface DbParams extends CallOptions {
  db: string;
}

export interface DatabaseOperations {
  /** PUT `/{db}`; `partitioned: true` creates a partitioned database. 412 when it exists. */
  putDatabase(params: DbParams & { partitioned?: boolean; q?: number }): Promise<Ok>;
  /** DELETE `/{db}`. */
  deleteDatabase(params: DbParams): Promise<Ok>;
  /** GET `/{db}`: counts, `update_seq`, sizes, props. */
  getDatabaseInformation(params: DbParams): Promise<DatabaseInformation>;
  /** HEAD `/{db}`: whether the database exists. */
  headDatabase(params: DbParams): Promise<boolean>;
  getSecurity(params: DbParams): Promise<Security>;
  putSecurity(params: DbParams & { security: Security }): Promise<Ok>;
  /** GET `/{db}/_revs_limit`. */
  getRevsLimit(params: DbParams): Promise<number>;
  /** PUT `/{db}/_revs_limit`. */
  putRevsLimit(params: DbParams & { limit: number }): Promise<Ok>;
  /** POST `/{db}/_ensure_full_commit` (a no-op on CouchDB 3, kept for older servers). */
  postEnsureFullCommit(params: DbParams): Promise<Ok>;
}

/** Every method's params carry `db`. */
export const DB: Rules = { db: dbName };
const PUT_DATABASE: Rules = { ...DB, partitioned: optional(flag), q: optional(whole(1)) };
const PUT_SECURITY: Rules = { ...DB, security: shaped(SecuritySchema) };
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
    putSecurity: checked('putSecurity', PUT_SECURITY, (p) =>
      http.put(`${dbPath(p.db)}/_security`, {
        ...callOptions(p, context),
        ...jsonRequest(p.security, context.limits, 'putSecurity params', 'security'),
        schema: OkSchema,
      }),
    ),
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
  };
}

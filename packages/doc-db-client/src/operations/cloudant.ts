import { buildPath } from '@connectorkit/http-core';
import * as v from 'valibot';
import { type CallOptions, callOptions, type OperationContext } from '../internal/context.js';
import { JSON_TYPE, jsonRequest } from '../internal/json-body.js';
import {
  checked,
  checkedOptional,
  flag,
  optional,
  type Rules,
  shaped,
  strings,
  whole,
} from '../internal/rules.js';
import { jsonObject, type Ok, OkSchema } from '../schemas/common.js';
import {
  cloudantPermissions,
  DB,
  type DbParams,
  SECURITY_MEMBERS,
  type SecurityMembers,
  securityBody,
} from './databases.js';
import { checkAnswer } from './shared.js';

const ApiKeysSchema = jsonObject({ ok: v.boolean(), key: v.string(), password: v.string() });
/**
 * POST `/_api/v2/api_keys`: the new API `key` and its `password` (a secret: keep it out of logs).
 */
export type ApiKeys = v.InferOutput<typeof ApiKeysSchema>;
const CorsSchema = jsonObject({
  allow_credentials: v.boolean(),
  enable_cors: v.boolean(),
  origins: v.array(v.string()),
});
/**
 * GET `/_api/v2/user/config/cors`: whether CORS is on, whether credentials are allowed, and the
 * `origins`.
 */
export type CorsInformation = v.InferOutput<typeof CorsSchema>;
const Throughput = jsonObject({
  blocks: v.optional(v.number()),
  query: v.number(),
  read: v.number(),
  write: v.number(),
});
const CapacityThroughputSchema = jsonObject({
  current: jsonObject({ throughput: Throughput }),
  target: v.optional(jsonObject({ throughput: Throughput })),
});
/**
 * GET `/_api/v2/user/capacity/throughput`: the `current` (and `target`) provisioned throughput, in
 * blocks and per-second query, read and write capacity.
 */
export type CapacityThroughputInformation = v.InferOutput<typeof CapacityThroughputSchema>;
const DatabasesCount = jsonObject({ total: v.number() });
const CapacityDatabasesSchema = jsonObject({ current: jsonObject({ databases: DatabasesCount }) });
const CurrentDatabasesSchema = jsonObject({ databases: DatabasesCount });
const CurrentThroughputSchema = jsonObject({
  throughput: jsonObject({ query: v.number(), read: v.number(), write: v.number() }),
});
const ActivityTrackerSchema = jsonObject({ types: v.array(v.string()) });

type None = CallOptions;
/** Activity Tracker event types Cloudant sends. */
type EventType = 'management' | 'data';

/** IBM Cloudant's account API (`/_api/v2/...`): not in Apache CouchDB. */
export interface CloudantOperations {
  /** POST `/_api/v2/api_keys`: a new API key and its password (legacy Cloudant access control). */
  postApiKeys(params?: None): Promise<ApiKeys>;
  /** PUT `/_api/v2/db/{db}/_security`: the database's Cloudant permissions (`cloudant` required). */
  putCloudantSecurityConfiguration(
    params: DbParams & SecurityMembers & { cloudant: Record<string, string[]> },
  ): Promise<Ok>;
  /** GET `/_api/v2/user/config/cors`. */
  getCorsInformation(params?: None): Promise<CorsInformation>;
  /** PUT `/_api/v2/user/config/cors`. */
  putCorsConfiguration(
    params: None & { origins: string[]; allowCredentials?: boolean; enableCors?: boolean },
  ): Promise<Ok>;
  /** GET `/_api/v2/user/capacity/throughput`: the provisioned throughput (current and target). */
  getCapacityThroughputInformation(params?: None): Promise<CapacityThroughputInformation>;
  /** PUT `/_api/v2/user/capacity/throughput`: sets the number of throughput blocks. */
  putCapacityThroughputConfiguration(
    params: None & { blocks: number },
  ): Promise<CapacityThroughputInformation>;
  /** GET `/_api/v2/user/capacity/databases`: how many databases the plan allows. */
  getCapacityDatabasesInformation(
    params?: None,
  ): Promise<v.InferOutput<typeof CapacityDatabasesSchema>>;
  /** GET `/_api/v2/user/current/databases`: how many databases there are. */
  getCurrentDatabasesInformation(
    params?: None,
  ): Promise<v.InferOutput<typeof CurrentDatabasesSchema>>;
  /** GET `/_api/v2/user/current/throughput`: the operations used in the current second. */
  getCurrentThroughputInformation(
    params?: None,
  ): Promise<v.InferOutput<typeof CurrentThroughputSchema>>;
  /** GET `/_api/v2/user/activity_tracker/events`: the event types sent to Activity Tracker. */
  getActivityTrackerEvents(params?: None): Promise<{ types: string[] }>;
  /** POST `/_api/v2/user/activity_tracker/events`. */
  postActivityTrackerEvents(params: None & { types: EventType[] }): Promise<Ok>;
}

const NONE: Rules = {};
const CORS: Rules = {
  origins: strings,
  allowCredentials: optional(flag),
  enableCors: optional(flag),
};
const EVENTS: Rules = {
  types: shaped(
    v.pipe(
      v.array(
        v.picklist(['management', 'data'], 'must be "management" or "data"'),
        'must be an array of event types',
      ),
      v.nonEmpty('must not be empty'),
    ),
  ),
};
const SECURITY: Rules = { ...DB, ...SECURITY_MEMBERS, cloudant: cloudantPermissions };
const USER = '/_api/v2/user';

export function cloudantOperations(context: OperationContext): CloudantOperations {
  const { http } = context;
  const validate = http.options.validateResponses !== false;
  const get = <T>(method: string, path: string, schema: v.GenericSchema<unknown, T>) =>
    checkedOptional(method, NONE, (p: None) =>
      http.get(path, { ...callOptions(p, context), schema }),
    );
  const body = (method: string, value: unknown) =>
    jsonRequest(value, context.limits, `${method} params`, '');
  return {
    postApiKeys: checkedOptional('postApiKeys', NONE, async (p: None) => {
      // Read without a schema: a refused answer must not carry the new password in its `data`.
      const answer = await http.post('/_api/v2/api_keys', { ...callOptions(p, context) });
      return checkAnswer(
        ApiKeysSchema,
        answer,
        'POST',
        `${http.options.baseUrl ?? ''}/_api/v2/api_keys`,
        validate,
      );
    }),
    putCloudantSecurityConfiguration: checked(
      'putCloudantSecurityConfiguration',
      SECURITY,
      (p: DbParams & SecurityMembers) =>
        http.put(buildPath('/_api/v2/db/{db}/_security', { db: p.db }), {
          ...body('putCloudantSecurityConfiguration', securityBody(p)),
          ...callOptions(p, context, JSON_TYPE),
          schema: OkSchema,
        }),
    ),
    getCorsInformation: get('getCorsInformation', `${USER}/config/cors`, CorsSchema),
    putCorsConfiguration: checked(
      'putCorsConfiguration',
      CORS,
      (p: Parameters<CloudantOperations['putCorsConfiguration']>[0]) =>
        http.put(`${USER}/config/cors`, {
          ...body('putCorsConfiguration', {
            origins: p.origins,
            allow_credentials: p.allowCredentials,
            enable_cors: p.enableCors,
          }),
          ...callOptions(p, context, JSON_TYPE),
          schema: OkSchema,
        }),
    ),
    getCapacityThroughputInformation: get(
      'getCapacityThroughputInformation',
      `${USER}/capacity/throughput`,
      CapacityThroughputSchema,
    ),
    putCapacityThroughputConfiguration: checked(
      'putCapacityThroughputConfiguration',
      { blocks: whole(1) },
      (p: None & { blocks: number }) =>
        http.put(`${USER}/capacity/throughput`, {
          ...callOptions(p, context),
          json: { blocks: p.blocks },
          schema: CapacityThroughputSchema,
        }),
    ),
    getCapacityDatabasesInformation: get(
      'getCapacityDatabasesInformation',
      `${USER}/capacity/databases`,
      CapacityDatabasesSchema,
    ),
    getCurrentDatabasesInformation: get(
      'getCurrentDatabasesInformation',
      `${USER}/current/databases`,
      CurrentDatabasesSchema,
    ),
    getCurrentThroughputInformation: get(
      'getCurrentThroughputInformation',
      `${USER}/current/throughput`,
      CurrentThroughputSchema,
    ),
    getActivityTrackerEvents: get(
      'getActivityTrackerEvents',
      `${USER}/activity_tracker/events`,
      ActivityTrackerSchema,
    ),
    postActivityTrackerEvents: checked(
      'postActivityTrackerEvents',
      EVENTS,
      (p: None & { types: EventType[] }) =>
        http.post(`${USER}/activity_tracker/events`, {
          ...callOptions(p, context),
          json: { types: p.types },
          idempotent: true,
          schema: OkSchema,
        }),
    ),
  };
}

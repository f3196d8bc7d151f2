import * as v from 'valibot';
import { type CallOptions, callOptions, type OperationContext } from '../internal/context.js';
import { JSON_TYPE, jsonRequest } from '../internal/json-body.js';
import {
  checked,
  checkedOptional,
  flag,
  optional,
  type Rules,
  strings,
  text,
  whole,
} from '../internal/rules.js';
import { jsonObject } from '../schemas/common.js';
import {
  type DatabaseInformation,
  DatabaseInformationSchema,
  type ServerInformation,
  ServerInformationSchema,
  type SessionInformation,
  SessionInformationSchema,
} from '../schemas/responses.js';

/**
 * Server-wide calls: information, `_up`, `_uuids`, `_all_dbs`, `_dbs_info`, tasks, membership and
 * the session.
 */
export interface ServerOperations {
  /** GET `/`: vendor, version and features. */
  getServerInformation(params?: CallOptions): Promise<ServerInformation>;
  /** GET `/_up`: `{ status: 'ok' }` when the node serves requests. */
  getUpInformation(params?: CallOptions): Promise<{ status: string; seeds?: unknown }>;
  /** HEAD `/_up`: true when the node serves requests (false for 404, maintenance mode). */
  headUpInformation(params?: CallOptions): Promise<boolean>;
  /** GET `/_uuids`. */
  getUuids(params?: CallOptions & { count?: number }): Promise<{ uuids: string[] }>;
  /** GET `/_all_dbs`. */
  getAllDbs(
    params?: CallOptions & {
      limit?: number;
      skip?: number;
      startKey?: string;
      endKey?: string;
      descending?: boolean;
    },
  ): Promise<string[]>;
  /** POST `/_dbs_info` for several databases at once. */
  postDbsInfo(
    params: CallOptions & { keys: string[] },
  ): Promise<{ key: string; info?: DatabaseInformation | undefined; error?: string | undefined }[]>;
  /** GET `/_active_tasks`. */
  getActiveTasks(params?: CallOptions): Promise<Record<string, unknown>[]>;
  /** GET `/_membership`. */
  getMembershipInformation(
    params?: CallOptions,
  ): Promise<{ all_nodes: string[]; cluster_nodes: string[] }>;
  /** GET `/_session`: who the credentials are. */
  getSessionInformation(params?: CallOptions): Promise<SessionInformation>;
}

const UpSchema = jsonObject({ status: v.string() });
const UuidsSchema = jsonObject({ uuids: v.array(v.string()) });
const ActiveTasksSchema = v.array(jsonObject({ type: v.string() }));
const MembershipSchema = jsonObject({
  all_nodes: v.array(v.string()),
  cluster_nodes: v.array(v.string()),
});
const DbsInfoSchema = v.array(
  jsonObject({
    key: v.string(),
    info: v.optional(DatabaseInformationSchema),
    error: v.optional(v.string()),
  }),
);

const NONE: Rules = {};
const GET_UUIDS: Rules = { count: optional(whole(1)) };
const GET_ALL_DBS: Rules = {
  limit: optional(whole(0)),
  skip: optional(whole(0)),
  startKey: optional(text),
  endKey: optional(text),
  descending: optional(flag),
};
const POST_DBS_INFO: Rules = { keys: strings };

type Params<K extends keyof ServerOperations> = NonNullable<Parameters<ServerOperations[K]>[0]>;

export function serverOperations(context: OperationContext): ServerOperations {
  const { http } = context;
  const plain = <T>(method: string, path: string, schema: v.GenericSchema<unknown, T>) =>
    checkedOptional(method, NONE, (p: CallOptions) =>
      http.get(path, { ...callOptions(p, context), schema }),
    );
  return {
    getServerInformation: plain('getServerInformation', '/', ServerInformationSchema),
    getUpInformation: plain('getUpInformation', '/_up', UpSchema),
    headUpInformation: checkedOptional('headUpInformation', NONE, async (p: CallOptions) => {
      const { status } = await http.head('/_up', { ...callOptions(p, context), okStatuses: [404] });
      return status === 200;
    }),
    getUuids: checkedOptional('getUuids', GET_UUIDS, (p: Params<'getUuids'>) =>
      http.get('/_uuids', {
        ...callOptions(p, context),
        searchParams: { count: p.count },
        schema: UuidsSchema,
      }),
    ),
    getAllDbs: checkedOptional('getAllDbs', GET_ALL_DBS, (p: Params<'getAllDbs'>) =>
      http.get('/_all_dbs', {
        ...callOptions(p, context),
        searchParams: {
          limit: p.limit,
          skip: p.skip,
          descending: p.descending,
          start_key: p.startKey === undefined ? undefined : JSON.stringify(p.startKey),
          end_key: p.endKey === undefined ? undefined : JSON.stringify(p.endKey),
        },
        schema: v.array(v.string()),
      }),
    ),
    postDbsInfo: checked('postDbsInfo', POST_DBS_INFO, (p: Params<'postDbsInfo'>) =>
      http.post('/_dbs_info', {
        ...jsonRequest({ keys: p.keys }, context.limits, 'postDbsInfo params', 'keys', p.keys),
        ...callOptions(p, context, JSON_TYPE),
        idempotent: true,
        schema: DbsInfoSchema,
      }),
    ),
    getActiveTasks: plain('getActiveTasks', '/_active_tasks', ActiveTasksSchema),
    getMembershipInformation: plain('getMembershipInformation', '/_membership', MembershipSchema),
    getSessionInformation: plain('getSessionInformation', '/_session', SessionInformationSchema),
  };
}

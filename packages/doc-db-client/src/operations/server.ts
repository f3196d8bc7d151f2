import * as v from 'valibot';
import { type CallOptions, callOptions, type OperationContext } from '../internal/context.js';
import {
  type DatabaseInformation,
  DatabaseInformationSchema,
  type ServerInformation,
  ServerInformationSchema,
  type SessionInformation,
  SessionInformationSchema,
} from '../schemas/responses.js';

export interface ServerOperations {
  /** GET `/`: vendor, version and features. */
  getServerInformation(params?: CallOptions): Promise<ServerInformation>;
  /** GET `/_up`: `{ status: 'ok' }` when the node serves requests. */
  getUpInformation(params?: CallOptions): Promise<{ status: string; seeds?: unknown }>;
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

const UpSchema = v.looseObject({ status: v.string() });
const UuidsSchema = v.object({ uuids: v.array(v.string()) });
const DbsInfoSchema = v.array(
  v.looseObject({
    key: v.string(),
    info: v.optional(DatabaseInformationSchema),
    error: v.optional(v.string()),
  }),
);

export function serverOperations(context: OperationContext): ServerOperations {
  const { http } = context;
  return {
    getServerInformation: (p = {}) =>
      http.get('/', { ...callOptions(p, context), schema: ServerInformationSchema }),
    getUpInformation: (p = {}) =>
      http.get('/_up', { ...callOptions(p, context), schema: UpSchema }),
    getUuids: (p = {}) =>
      http.get('/_uuids', {
        ...callOptions(p, context),
        searchParams: { count: p.count },
        schema: UuidsSchema,
      }),
    getAllDbs: (p = {}) =>
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
    postDbsInfo: (p) =>
      http.post('/_dbs_info', {
        ...callOptions(p, context),
        json: { keys: p.keys },
        idempotent: true,
        schema: DbsInfoSchema,
      }),
    getActiveTasks: (p = {}) =>
      http.get('/_active_tasks', {
        ...callOptions(p, context),
        schema: v.array(v.record(v.string(), v.unknown())),
      }),
    getMembershipInformation: (p = {}) =>
      http.get('/_membership', {
        ...callOptions(p, context),
        schema: v.looseObject({
          all_nodes: v.array(v.string()),
          cluster_nodes: v.array(v.string()),
        }),
      }),
    getSessionInformation: (p = {}) =>
      http.get('/_session', { ...callOptions(p, context), schema: SessionInformationSchema }),
  };
}

import { buildPath } from '@connectorkit/http-core';
import * as v from 'valibot';
import { type CallOptions, callOptions, type OperationContext } from '../internal/context.js';
import { docId } from '../internal/paths.js';
import {
  checked,
  checkedOptional,
  name,
  optional,
  type Rules,
  shaped,
  whole,
} from '../internal/rules.js';
import { AnyObjectSchema, jsonObject } from '../schemas/common.js';
import { headers } from './shared.js';

const when = v.optional(v.nullable(v.string()));
/** A replication document as the scheduler sees it: its job's state and progress. */
export const SchedulerDocumentSchema = jsonObject({
  database: v.string(),
  doc_id: v.string(),
  id: v.nullable(v.string()),
  state: v.string(),
  info: v.nullable(AnyObjectSchema),
  error_count: v.number(),
  node: v.optional(v.string()),
  source: v.optional(v.string()),
  target: v.optional(v.string()),
  start_time: when,
  last_updated: when,
});
/**
 * A replication document as the scheduler reports it: `database`, `doc_id`, the job `id`,
 * `state` (`running`, `completed`, `failed` ...), `info`, `error_count` and times.
 */
export type SchedulerDocument = v.InferOutput<typeof SchedulerDocumentSchema>;
export const SchedulerDocsSchema = jsonObject({
  total_rows: v.number(),
  offset: v.optional(v.number()),
  docs: v.array(SchedulerDocumentSchema),
});
/** GET `/_scheduler/docs`: `total_rows` and the replication documents' `docs`. */
export type SchedulerDocs = v.InferOutput<typeof SchedulerDocsSchema>;
/** A replication job the scheduler runs now. */
export const SchedulerJobSchema = jsonObject({
  id: v.string(),
  database: v.nullable(v.string()),
  doc_id: v.nullable(v.string()),
  pid: v.nullable(v.string()),
  source: v.string(),
  target: v.string(),
  user: v.nullable(v.string()),
  node: v.string(),
  start_time: v.string(),
  info: v.nullable(AnyObjectSchema),
  history: v.array(
    jsonObject({ timestamp: v.string(), type: v.string(), reason: v.optional(v.string()) }),
  ),
});
/** A running replication job: its `id`, `source`, `target`, `node`, `start_time` and `history`. */
export type SchedulerJob = v.InferOutput<typeof SchedulerJobSchema>;
export const SchedulerJobsSchema = jsonObject({
  total_rows: v.number(),
  offset: v.optional(v.number()),
  jobs: v.array(SchedulerJobSchema),
});
/** GET `/_scheduler/jobs`: `total_rows` and the running `jobs`. */
export type SchedulerJobs = v.InferOutput<typeof SchedulerJobsSchema>;

type Page = CallOptions & { limit?: number; skip?: number };
const STATES = [
  'initializing',
  'error',
  'pending',
  'running',
  'crashing',
  'completed',
  'failed',
] as const;

/**
 * The replication scheduler (`/_scheduler`): the state of replication documents and running jobs.
 */
export interface SchedulerOperations {
  /** GET `/_scheduler/docs`: every replication document's state (`states` filters them). */
  getSchedulerDocs(
    params?: Page & {
      states?: (typeof STATES)[number][];
    },
  ): Promise<SchedulerDocs>;
  /** GET `/_scheduler/docs/_replicator/{docId}`. */
  getSchedulerDocument(params: CallOptions & { docId: string }): Promise<SchedulerDocument>;
  /** HEAD: whether the scheduler knows the replication document. */
  headSchedulerDocument(params: CallOptions & { docId: string }): Promise<boolean>;
  /** GET `/_scheduler/jobs`: the replications running now. */
  getSchedulerJobs(params?: Page): Promise<SchedulerJobs>;
  /** GET `/_scheduler/jobs/{jobId}`. */
  getSchedulerJob(params: CallOptions & { jobId: string }): Promise<SchedulerJob>;
  /** HEAD: whether the job runs. */
  headSchedulerJob(params: CallOptions & { jobId: string }): Promise<boolean>;
}

const PAGE: Rules = { limit: optional(whole(0)), skip: optional(whole(0)) };
const DOC: Rules = { docId };
const JOB: Rules = { jobId: name };
const docPath = (id: string) => buildPath('/_scheduler/docs/_replicator/{docId}', { docId: id });
const jobPath = (id: string) => buildPath('/_scheduler/jobs/{jobId}', { jobId: id });

type Params<K extends keyof SchedulerOperations> = NonNullable<
  Parameters<SchedulerOperations[K]>[0]
>;

export function schedulerOperations(context: OperationContext): SchedulerOperations {
  const { http } = context;
  const exists = async (path: string, p: CallOptions) =>
    (await headers(http, path, callOptions(p, context))) !== undefined;
  return {
    getSchedulerDocs: checkedOptional(
      'getSchedulerDocs',
      {
        ...PAGE,
        states: optional(
          shaped(
            v.array(
              v.picklist(STATES, `must be one of ${STATES.join(', ')}`),
              'must be an array of states',
            ),
          ),
        ),
      },
      (p: Params<'getSchedulerDocs'>) =>
        http.get('/_scheduler/docs', {
          ...callOptions(p, context),
          searchParams: { limit: p.limit, skip: p.skip, states: p.states?.join(',') },
          schema: SchedulerDocsSchema,
        }),
    ),
    getSchedulerDocument: checked(
      'getSchedulerDocument',
      DOC,
      (p: Params<'getSchedulerDocument'>) =>
        http.get(docPath(p.docId), { ...callOptions(p, context), schema: SchedulerDocumentSchema }),
    ),
    headSchedulerDocument: checked(
      'headSchedulerDocument',
      DOC,
      (p: Params<'headSchedulerDocument'>) => exists(docPath(p.docId), p),
    ),
    getSchedulerJobs: checkedOptional('getSchedulerJobs', PAGE, (p: Params<'getSchedulerJobs'>) =>
      http.get('/_scheduler/jobs', {
        ...callOptions(p, context),
        searchParams: { limit: p.limit, skip: p.skip },
        schema: SchedulerJobsSchema,
      }),
    ),
    getSchedulerJob: checked('getSchedulerJob', JOB, (p: Params<'getSchedulerJob'>) =>
      http.get(jobPath(p.jobId), { ...callOptions(p, context), schema: SchedulerJobSchema }),
    ),
    headSchedulerJob: checked('headSchedulerJob', JOB, (p: Params<'headSchedulerJob'>) =>
      exists(jobPath(p.jobId), p),
    ),
  };
}

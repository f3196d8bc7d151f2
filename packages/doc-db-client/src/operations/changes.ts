import { callOptions, type OperationContext } from '../internal/context.js';
import { dbPath } from '../internal/paths.js';
import type { Seq } from '../schemas/common.js';
import {
  type ChangesResult,
  type ChangesResultItem,
  ChangesResultSchema,
} from '../schemas/responses.js';
import type { DbParams } from './databases.js';

export interface PostChangesParams extends DbParams {
  feed?: 'normal' | 'longpoll' | 'continuous' | 'eventsource';
  /** A sequence as the server gave it (sent back unchanged), `0` or `'now'`. */
  since?: Seq | 'now';
  limit?: number;
  /** Server-side wait of a longpoll or continuous feed, in ms. */
  timeout?: number;
  /** Newline heartbeats every N ms (or CouchDB's default with `true`). */
  heartbeat?: number | boolean;
  includeDocs?: boolean;
  seqInterval?: number;
  descending?: boolean;
  conflicts?: boolean;
  attachments?: boolean;
  attEncodingInfo?: boolean;
  style?: 'main_only' | 'all_docs';
  filter?: string;
  /** With `filter: '_selector'`: a Mango selector, sent in the body. */
  selector?: Record<string, unknown>;
  /** Only these documents (sent in the body; `filter: '_doc_ids'` is set for you). */
  docIds?: string[];
  view?: string;
  lastEventId?: string;
  fields?: string[];
}

export interface ChangesOperations {
  /** POST `/{db}/_changes` (normal or longpoll feed) parsed. Safe to retry. */
  postChanges(params: PostChangesParams): Promise<ChangesResult>;
  /** The same request, the body unparsed (any feed type). */
  postChangesAsStream(params: PostChangesParams): Promise<ReadableStream<Uint8Array>>;
  /** GET `/{db}/_changes` (no selector or doc ids), parsed. */
  getChanges(
    params: Omit<PostChangesParams, 'selector' | 'docIds' | 'fields'>,
  ): Promise<ChangesResult>;
  /**
   * A `continuous` feed as rows, one per change, until the server ends it (its `timeout`) or the
   * signal aborts. The closing `last_seq` line ends the iteration.
   */
  streamChanges(
    params: PostChangesParams,
  ): AsyncIterable<ChangesResultItem | { last_seq: Seq; pending?: number }>;
}

function query(p: PostChangesParams): Record<string, string | number | boolean | undefined> {
  const since =
    p.since === undefined
      ? undefined
      : typeof p.since === 'string' || typeof p.since === 'number'
        ? p.since
        : JSON.stringify(p.since);
  const filter = p.filter ?? (p.docIds ? '_doc_ids' : undefined);
  return {
    feed: p.feed,
    since,
    limit: p.limit,
    timeout: p.timeout,
    heartbeat: p.heartbeat,
    include_docs: p.includeDocs,
    seq_interval: p.seqInterval,
    descending: p.descending,
    conflicts: p.conflicts,
    attachments: p.attachments,
    att_encoding_info: p.attEncodingInfo,
    style: p.style,
    filter,
    view: p.view,
  };
}

function body(p: PostChangesParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.selector) out.selector = p.selector;
  if (p.docIds) out.doc_ids = p.docIds;
  if (p.fields) out.fields = p.fields;
  return out;
}

export function changesOperations(context: OperationContext): ChangesOperations {
  const { http } = context;
  const request = (p: PostChangesParams) => ({
    ...callOptions(p, context),
    searchParams: query(p),
    json: body(p),
    idempotent: true,
    ...(p.lastEventId ? { headers: { 'last-event-id': p.lastEventId } } : {}),
  });
  const path = (p: PostChangesParams) => `${dbPath(p.db)}/_changes`;
  return {
    postChanges: (p) => http.post(path(p), { ...request(p), schema: ChangesResultSchema }),
    postChangesAsStream: async (p) =>
      (await http.request(path(p), { ...request(p), method: 'POST' })).stream(),
    getChanges: (p) =>
      http.get(path(p), {
        ...callOptions(p, context),
        searchParams: query(p),
        ...(p.lastEventId ? { headers: { 'last-event-id': p.lastEventId } } : {}),
        schema: ChangesResultSchema,
      }),
    async *streamChanges(p) {
      const response = await http.request(path(p), {
        ...request({ ...p, feed: 'continuous' }),
        method: 'POST',
      });
      const decoder = new TextDecoder();
      let buffered = '';
      for await (const chunk of response.stream() as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          newline = buffered.indexOf('\n');
          if (!line) continue; // heartbeat
          const row = JSON.parse(line) as ChangesResultItem | { last_seq: Seq; pending?: number };
          yield row;
          if ('last_seq' in row) return;
        }
      }
    },
  };
}

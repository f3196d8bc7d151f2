import { ResponseValidationError, redactUrl, toProblems } from '@connectorkit/http-core';
import * as v from 'valibot';
import { callOptions, type OperationContext } from '../internal/context.js';
import { type DocDbLimits, JSON_TYPE, jsonRequest, toJson } from '../internal/json-body.js';
import { dbPath } from '../internal/paths.js';
import {
  CALL_RULES,
  checked,
  checkParams,
  flag,
  headerText,
  isQueryText,
  name,
  object,
  oneOf,
  optional,
  type Rule,
  type Rules,
  strings,
  whole,
} from '../internal/rules.js';
import { isJsonObject, type Seq } from '../schemas/common.js';
import {
  type ChangesResult,
  type ChangesResultItem,
  ChangesResultItemSchema,
  ChangesResultSchema,
  LastSeqSchema,
} from '../schemas/responses.js';
import { DB, type DbParams } from './databases.js';

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

/**
 * A database's `_changes` feed: a normal or longpoll answer, a raw stream, or a `continuous` feed
 * as rows.
 */
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
   * signal aborts. The closing `last_seq` line ends the iteration; a row of the wrong shape, or a
   * feed that ends without that line, is a ResponseValidationError.
   */
  streamChanges(
    params: PostChangesParams,
  ): AsyncIterable<ChangesResultItem | { last_seq: Seq; pending?: number }>;
}

const isWhole = (x: unknown, min: number) => Number.isSafeInteger(x) && (x as number) >= min;
export const since: Rule = {
  schema: v.union(
    [name.schema, whole(0).schema, v.array(v.unknown())],
    'must be "now", 0 or a sequence the feed gave (a string, a whole number or an array)',
  ),
  test: (x) => (isQueryText(x) && x !== '') || isWhole(x, 0) || Array.isArray(x),
};
export const heartbeat: Rule = {
  schema: v.union([flag.schema, whole(1).schema], 'must be true, false or a whole number of ms'),
  test: (x) => typeof x === 'boolean' || isWhole(x, 1),
};
export const CHANGES: Rules = {
  ...DB,
  // Parsed as one JSON answer: a continuous or eventsource feed is read with the methods below.
  feed: optional(oneOf(['normal', 'longpoll'])),
  since: optional(since),
  limit: optional(whole(0)),
  timeout: optional(whole(0)),
  heartbeat: optional(heartbeat),
  includeDocs: optional(flag),
  seqInterval: optional(whole(1)),
  descending: optional(flag),
  conflicts: optional(flag),
  attachments: optional(flag),
  attEncodingInfo: optional(flag),
  style: optional(oneOf(['main_only', 'all_docs'])),
  filter: optional(name),
  selector: optional(object),
  docIds: optional(strings),
  view: optional(name),
  lastEventId: optional(headerText),
  fields: optional(strings),
};

const CHANGES_AS_STREAM: Rules = {
  ...CHANGES,
  feed: optional(oneOf(['normal', 'longpoll', 'continuous', 'eventsource'])),
};
const STREAM_CHANGES: Rules = {
  ...CALL_RULES,
  ...CHANGES,
  feed: optional(oneOf(['continuous'])),
};

function query(
  method: string,
  p: PostChangesParams,
): Record<string, string | number | boolean | undefined> {
  const since =
    p.since === undefined
      ? undefined
      : typeof p.since === 'string' || typeof p.since === 'number'
        ? p.since
        : toJson(p.since, `${method} params`, 'since');
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

function body(method: string, p: PostChangesParams, limits: DocDbLimits): string {
  const out: Record<string, unknown> = {};
  if (p.selector) out.selector = p.selector;
  if (p.docIds) out.doc_ids = p.docIds;
  if (p.fields) out.fields = p.fields;
  return jsonRequest(out, limits, `${method} params`, '', p).body;
}

type FeedRow = ChangesResultItem | { last_seq: Seq; pending?: number };

/**
 * Reads one line of a continuous feed: a change, or the closing `last_seq`. A line that is not
 * JSON, or (with validation on) not of either shape, is a ResponseValidationError naming the row.
 * The line itself stays out of the error: it is the server's text, not the caller's.
 */
function rowReader(
  url: string,
  validate: boolean,
): ((line: string) => FeedRow) & { cutShort(): ResponseValidationError } {
  let index = 0;
  const fail = (message: string) =>
    new ResponseValidationError({
      method: 'POST',
      url: redactUrl(url),
      issues: [{ path: `row ${index}`, message }],
      data: undefined,
    });
  const read = (line: string): FeedRow => {
    index++;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw fail('is not JSON');
    }
    if (!validate) return row as FeedRow;
    const last = isJsonObject(row) && 'last_seq' in row;
    const result = v.safeParse(last ? LastSeqSchema : ChangesResultItemSchema, row);
    if (!result.success) {
      throw fail(
        toProblems(result.issues)
          .map((i) => `${i.path || 'row'}: ${i.message}`)
          .join('; '),
      );
    }
    return row as FeedRow;
  };
  return Object.assign(read, {
    cutShort: () => {
      index++;
      return fail('missing: the feed ended without its last_seq line');
    },
  });
}

type GetChangesParams = Parameters<ChangesOperations['getChanges']>[0];

/** The request options of a POST `/{db}/_changes` (query, selector/ids body, call options). */
export function changesRequest(context: OperationContext, method: string, p: PostChangesParams) {
  return {
    ...callOptions(p, context, { ...JSON_TYPE, 'last-event-id': p.lastEventId }),
    searchParams: query(method, p),
    body: body(method, p, context.limits),
    idempotent: true,
  };
}

/** `/{db}/_changes`. */
export const changesPath = (p: PostChangesParams): string => `${dbPath(p.db)}/_changes`;

export function changesOperations(context: OperationContext): ChangesOperations {
  const { http } = context;
  const validate = http.options.validateResponses !== false;
  const request = (method: string, p: PostChangesParams) => changesRequest(context, method, p);
  const path = changesPath;
  return {
    postChanges: checked('postChanges', CHANGES, (p: PostChangesParams) =>
      http.post(path(p), { ...request('postChanges', p), schema: ChangesResultSchema }),
    ),
    postChangesAsStream: checked(
      'postChangesAsStream',
      CHANGES_AS_STREAM,
      async (p: PostChangesParams) =>
        (
          await http.request(path(p), { ...request('postChangesAsStream', p), method: 'POST' })
        ).stream(),
    ),
    getChanges: checked('getChanges', CHANGES, (p: GetChangesParams) =>
      http.get(path(p), {
        ...callOptions(p, context, { 'last-event-id': p.lastEventId }),
        searchParams: query('getChanges', p),
        schema: ChangesResultSchema,
      }),
    ),
    async *streamChanges(p) {
      checkParams('streamChanges', p, STREAM_CHANGES);
      const response = await http.request(path(p), {
        ...request('streamChanges', { ...p, feed: 'continuous' }),
        method: 'POST',
      });
      const read = rowReader(`${http.options.baseUrl ?? ''}${path(p)}`, validate);
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
          const row = read(line);
          yield row;
          if ('last_seq' in row) return;
        }
      }
      const rest = buffered.trim();
      if (rest) {
        const row = read(rest);
        yield row;
        if ('last_seq' in row) return;
      }
      // The server closes a continuous feed after its last_seq line; without one it was cut short.
      throw read.cutShort();
    },
  };
}

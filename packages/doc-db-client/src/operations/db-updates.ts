import * as v from 'valibot';
import { type CallOptions, callOptions, type OperationContext } from '../internal/context.js';
import { toJson } from '../internal/json-body.js';
import { checkedOptional, flag, oneOf, optional, type Rules, whole } from '../internal/rules.js';
import { isJsonObject, jsonObject, type Seq, SeqSchema } from '../schemas/common.js';
import { heartbeat, since } from './changes.js';
import { checkAnswer } from './shared.js';

export const DbUpdatesSchema = jsonObject({
  results: v.array(
    jsonObject({ db_name: v.string(), type: v.string(), seq: v.optional(v.nullable(SeqSchema)) }),
  ),
  last_seq: SeqSchema,
});
/** `_db_updates`: per database, its latest event (`created`, `updated`, `deleted`). */
export type DbUpdates = v.InferOutput<typeof DbUpdatesSchema>;

export interface DbUpdatesParams extends CallOptions {
  /**
   * `normal` and `longpoll` answer one JSON object; `continuous` and `eventsource` are read to
   * their end (the server's `timeout`) and their lines gathered into the same shape.
   */
  feed?: 'normal' | 'longpoll' | 'continuous' | 'eventsource';
  since?: Seq | 'now';
  limit?: number;
  /** Server-side wait of a longpoll or continuous feed, in ms. */
  timeout?: number;
  heartbeat?: number | boolean;
  descending?: boolean;
}

/** The server's `_db_updates` feed: which databases were created, updated or deleted. */
export interface DbUpdatesOperations {
  /** GET `/_db_updates` (CouchDB; not on IBM Cloudant): every database's latest event. */
  getDbUpdates(params?: DbUpdatesParams): Promise<DbUpdates>;
}

const DB_UPDATES: Rules = {
  feed: optional(oneOf(['normal', 'longpoll', 'continuous', 'eventsource'])),
  since: optional(since),
  limit: optional(whole(0)),
  timeout: optional(whole(0)),
  heartbeat: optional(heartbeat),
  descending: optional(flag),
};

const parsed = (line: string): unknown => {
  try {
    return JSON.parse(line);
  } catch {
    // Not JSON: kept as null, which the answer's schema names (`results.3`).
    return null;
  }
};

/**
 * The rows of a `continuous` feed (JSON lines, closed by `{"last_seq"}`) or an `eventsource` one
 * (`data:` lines; its `last_seq` is the last event's seq, or `since` without any).
 */
function gather(text: string, eventsource: boolean, from: unknown): Record<string, unknown> {
  const results: unknown[] = [];
  let last: unknown;
  for (const raw of text.split('\n')) {
    const line = eventsource ? (raw.startsWith('data:') ? raw.slice(5) : '') : raw;
    if (line.trim() === '') continue;
    const row = parsed(line);
    if (isJsonObject(row) && 'last_seq' in row) last = row.last_seq;
    else results.push(row);
  }
  if (eventsource) {
    const end = results.at(-1);
    last = isJsonObject(end) ? end.seq : (from ?? 0);
  }
  return last === undefined ? { results } : { results, last_seq: last };
}

export function dbUpdatesOperations(context: OperationContext): DbUpdatesOperations {
  const { http } = context;
  const validate = http.options.validateResponses !== false;
  return {
    getDbUpdates: checkedOptional('getDbUpdates', DB_UPDATES, async (p: DbUpdatesParams) => {
      const request = {
        ...callOptions(p, context),
        searchParams: {
          feed: p.feed,
          since: Array.isArray(p.since) ? toJson(p.since, 'getDbUpdates params', 'since') : p.since,
          limit: p.limit,
          timeout: p.timeout,
          heartbeat: p.heartbeat,
          descending: p.descending,
        },
      };
      if (p.feed !== 'continuous' && p.feed !== 'eventsource')
        return http.get('/_db_updates', { ...request, schema: DbUpdatesSchema });
      const text = await (await http.request('/_db_updates', request)).text();
      return checkAnswer(
        DbUpdatesSchema,
        gather(text, p.feed === 'eventsource', p.since),
        'GET',
        `${http.options.baseUrl ?? ''}/_db_updates`,
        validate,
      );
    }),
  };
}

import type { DocDbClient, PostChangesParams, Seq } from '@connectorkit/doc-db-client';
import type { Clock, RandomSource, Sleeper } from '@connectorkit/http-core';
import { InputValidationError, toProblems, type ValidationProblem } from '@connectorkit/http-core';
import * as v from 'valibot';
import type { CheckpointStore } from './checkpoint-store.js';

/** The `_changes` options a follower passes through (the rest it sets itself). */
export type FollowerChangesOptions = Pick<
  PostChangesParams,
  | 'includeDocs'
  | 'seqInterval'
  | 'style'
  | 'conflicts'
  | 'attachments'
  | 'attEncodingInfo'
  | 'filter'
  | 'selector'
  | 'docIds'
  | 'fields'
>;

export interface ChangesFollowerOptions extends FollowerChangesOptions {
  client: DocDbClient;
  db: string;
  /** Where to start. @default 'now' for start(), 0 for startOneOff(); a checkpoint, when present, wins */
  since?: Seq | 'now';
  /** End after this many changes (duplicates count), in either mode. */
  limit?: number;
  /**
   * How long transient errors are suppressed since the last success, in ms. `0` never
   * suppresses. @default Infinity (forever)
   */
  errorTolerance?: number;
  /** Where processed sequences are saved, and read back on start. */
  checkpoint?: CheckpointStore;
  /**
   * Changes per request, used as given. @default adaptive: 10 000 (or about 5 MiB of documents
   * with `includeDocs`) first, then as many rows as fit in 5 MiB at the last response's bytes per
   * row, at most 10 000
   */
  batchSize?: number;
  /** Server-side wait of each longpoll, in ms. @default 57 000 */
  longpollTimeoutMs?: number;
  /** Client-side bound on each request beyond the server wait, in ms. @default 10 000 */
  requestMarginMs?: number;
  /** Injectable time, sleep and randomness (tests). */
  now?: Clock;
  sleep?: Sleeper;
  random?: RandomSource;
}

/** The smallest client response timeout a follower accepts (a longpoll waits 57 s). */
export const MIN_CLIENT_TIMEOUT_MS = 60_000;
/**
 * The server-side wait of each longpoll `_changes` request, in ms, when `longpollTimeoutMs` is not
 * given: 3 s under {@link MIN_CLIENT_TIMEOUT_MS}, so the server answers before the client gives up.
 */
export const DEFAULT_LONGPOLL_TIMEOUT_MS = 57_000;
/**
 * The most changes asked for in one `_changes` request (its `limit`) when `batchSize` is not given:
 * the first request without `includeDocs` uses it as is, and the adaptive size never goes above it.
 */
export const DEFAULT_BATCH_SIZE = 10_000;

const REJECTED: Record<string, string> = {
  descending: 'a follower reads forward only; remove it',
  feed: 'the follower sets it: use start() for a continuous follow (longpoll) or startOneOff() for a one-off read',
  heartbeat: 'the follower bounds each request itself; remove it',
  lastEventId: 'use since instead',
  timeout: 'the follower sets the server wait; use longpollTimeoutMs to change it',
};

const wholeNumber = (min: number, rule: string) =>
  v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(min, rule));
const flag = v.optional(v.boolean('must be true or false'));
const fn = v.custom<(...args: never[]) => unknown>(
  (f) => typeof f === 'function',
  'must be a function',
);
const strings = v.optional(v.array(v.string('must be a string'), 'must be an array of strings'));
const seq = v.union(
  [v.string(), v.pipe(v.number(), v.integer(), v.minValue(0))],
  'must be a sequence from the feed (a string or a whole number, 0 or more)',
);
const clientShape = v.custom<DocDbClient>(
  (c) =>
    typeof c === 'object' &&
    c !== null &&
    typeof (c as DocDbClient).readChangesBatch === 'function' &&
    typeof (c as DocDbClient).getDatabaseInformation === 'function' &&
    typeof (c as DocDbClient).http === 'object',
  'must be a client made by createDocDbClient',
);
const checkpointShape = v.custom<CheckpointStore>(
  (c) =>
    typeof c === 'object' &&
    c !== null &&
    typeof (c as CheckpointStore).load === 'function' &&
    typeof (c as CheckpointStore).save === 'function',
  'must have load() and save() methods',
);

/** The options' types and ranges, checked when the follower is made. */
const FollowerOptionsSchema = v.looseObject(
  {
    client: clientShape,
    db: v.pipe(v.string('must be a database name'), v.nonEmpty('must be a database name')),
    since: v.optional(
      v.union([v.literal('now'), seq], 'must be "now" or a sequence from the feed'),
    ),
    limit: v.optional(wholeNumber(1, 'must be 1 or more')),
    errorTolerance: v.optional(
      v.pipe(v.number('must be a number of ms'), v.minValue(0, 'must be 0 or more')),
    ),
    checkpoint: v.optional(checkpointShape),
    batchSize: v.optional(wholeNumber(1, 'must be 1 or more')),
    longpollTimeoutMs: v.optional(wholeNumber(1, 'must be 1 ms or more')),
    requestMarginMs: v.optional(wholeNumber(0, 'must be 0 ms or more')),
    now: v.optional(fn),
    sleep: v.optional(fn),
    random: v.optional(fn),
    includeDocs: flag,
    conflicts: flag,
    attachments: flag,
    attEncodingInfo: flag,
    seqInterval: v.optional(wholeNumber(1, 'must be 1 or more')),
    style: v.optional(v.picklist(['main_only', 'all_docs'], 'must be "main_only" or "all_docs"')),
    docIds: strings,
    fields: strings,
  },
  'must be an object',
);

/**
 * Checks the options before anything is sent; every problem is reported at once, with what to use
 * instead.
 * @throws {InputValidationError}
 */
export function checkFollowerOptions(options: ChangesFollowerOptions): void {
  const parsed = v.safeParse(FollowerOptionsSchema, options);
  const problems: ValidationProblem[] = parsed.success ? [] : toProblems(parsed.issues);
  if (typeof options !== 'object' || options === null)
    throw new InputValidationError({ subject: 'ChangesFollower options', issues: problems });
  for (const [key, instead] of Object.entries(REJECTED)) {
    if (key in options)
      problems.push({ path: key, message: `is not accepted by a follower: ${instead}` });
  }
  if (options.filter !== undefined && options.filter !== '_selector') {
    problems.push({
      path: 'filter',
      message:
        'only "_selector" is accepted: express the filter as a Mango selector (filter: "_selector", selector: {...})',
    });
  }
  if (
    options.filter === '_selector' &&
    (typeof options.selector !== 'object' ||
      options.selector === null ||
      Array.isArray(options.selector))
  ) {
    problems.push({
      path: 'selector',
      message: 'is required with filter "_selector", as an object',
    });
  }
  const timeout = v.is(clientShape, options.client) ? options.client.responseTimeoutMs : undefined;
  if (timeout !== undefined && timeout !== false && timeout < MIN_CLIENT_TIMEOUT_MS) {
    problems.push({
      path: 'client',
      message: `has a response timeout of ${timeout} ms; a follower needs at least ${MIN_CLIENT_TIMEOUT_MS} ms (a longpoll waits ${DEFAULT_LONGPOLL_TIMEOUT_MS} ms): create the client with timeout >= ${MIN_CLIENT_TIMEOUT_MS}`,
    });
  }
  if (problems.length > 0)
    throw new InputValidationError({ subject: 'ChangesFollower options', issues: problems });
}

import type { Schema } from '@connectorkit/http-core';
import * as v from 'valibot';
import type { WireMessage } from '../ams-message.js';
import type { AmsUserJson } from '../ams-user.js';
import type { Offsets } from './offsets.js';
import type { AmsProjectInfo } from './projects.js';
import type { AmsSubscriptionInfo } from './subscriptions.js';
import type { AmsTopicInfo } from './topics.js';

/*
 * What every AMS answer must look like before a value reaches the caller (reference §5, §6):
 * the fields this package reads are checked, others are kept as sent. Arrays Go may write as
 * `null` (ACLs, roles) read as empty.
 */

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** An object (neither an array nor null) with at least these fields. */
const object = <const T extends v.ObjectEntries>(entries: T) =>
  v.pipe(v.custom<Record<string, unknown>>(isObject, 'must be an object'), v.looseObject(entries));

const text = v.string('must be a string');
const optionalText = v.exactOptional(text);
const count = v.pipe(
  v.number('must be a number'),
  v.integer('must be a whole number'),
  v.minValue(0, 'must be 0 or more'),
);
const list = <T extends v.GenericSchema>(item: T) =>
  v.nullish(v.array(item, 'must be an array'), () => [] as v.InferOutput<T>[]);
const strings = list(text);

/** A listing's answer: its items under `K`, and the paging fields (reference §7). */
type Page<K extends string, T> = { [P in K]: T[] } & { nextPageToken: string; totalSize: number };

/** The paging fields of a listing. */
const paging = { nextPageToken: v.nullish(text, ''), totalSize: v.nullish(count, 0) };

/** Routes that answer with an empty body (delete, modify*), or `{}` (ack). */
export const EmptyWire: Schema<unknown> = v.union(
  [v.undefined(), object({})],
  'must be empty or an object (this call returns nothing)',
);

/** Any JSON object (status, version, metrics): returned as the service sent it. */
export const AnyObjectWire: Schema<Record<string, unknown>> = object({});
export const StatusWire: Schema<Record<string, unknown>> = object({ status: text });

const Topic = object({
  name: text,
  created_on: optionalText,
  schema: optionalText,
});
export const TopicWire: Schema<AmsTopicInfo> = Topic;
export const TopicPageWire: Schema<Page<'topics', AmsTopicInfo>> = object({
  topics: list(Topic),
  ...paging,
});

const Subscription = object({
  name: text,
  topic: text,
  ackDeadlineSeconds: count,
  pushConfig: v.exactOptional(object({})),
  createdOn: optionalText,
});
export const SubscriptionWire: Schema<AmsSubscriptionInfo> = Subscription;
export const SubscriptionPageWire: Schema<Page<'subscriptions', AmsSubscriptionInfo>> = object({
  subscriptions: list(Subscription),
  ...paging,
});

export const AclWire: Schema<{ authorized_users: string[] }> = object({
  authorized_users: strings,
});
export const OffsetsWire: Schema<Offsets> = object({ max: count, min: count, current: count });
export const OffsetWire: Schema<{ offset: number }> = object({ offset: count });
const Publish = object({ messageIds: v.array(text, 'must be an array') });
/** The answer to a publish of `count` messages: one id per message, in order. */
export const publishWire = (count: number): Schema<{ messageIds: string[] }> =>
  v.pipe(
    Publish,
    v.check(
      (answer) => answer.messageIds.length === count,
      `must hold one id per message sent (${count})`,
    ),
  );

const MessageWire = object({
  data: v.optional(text, ''),
  attributes: v.nullish(
    v.pipe(
      v.custom<Record<string, unknown>>(isObject, 'must be an object'),
      v.record(v.string(), text),
    ),
    () => ({}),
  ),
  messageId: optionalText,
  publishTime: optionalText,
});
export const PullWire: Schema<{
  receivedMessages: { ackId: string; message: WireMessage }[];
}> = object({
  receivedMessages: v.array(object({ ackId: text, message: MessageWire }), 'must be an array'),
});

const UserProjectWire = object({
  project: text,
  roles: strings,
  topics: strings,
  subscriptions: strings,
});
const User = object({
  uuid: optionalText,
  name: text,
  projects: list(UserProjectWire),
  first_name: optionalText,
  last_name: optionalText,
  organization: optionalText,
  description: optionalText,
  token: optionalText,
  email: optionalText,
  service_roles: strings,
  created_on: optionalText,
  modified_on: optionalText,
  created_by: optionalText,
});
export const UserWire: Schema<AmsUserJson> = User;
export const UserPageWire: Schema<Page<'users', AmsUserJson>> = object({
  users: list(User),
  ...paging,
});

export const ProjectWire: Schema<AmsProjectInfo> = object({
  name: text,
  description: optionalText,
  created_on: optionalText,
  modified_on: optionalText,
  created_by: optionalText,
});

/** A field of the error envelope: kept when of its type, else read as absent. */
const maybe = <T extends v.GenericSchema>(schema: T) =>
  v.fallback(v.optional(schema), undefined) as v.OptionalSchema<T, undefined>;

/**
 * AMS's error body, `{"error":{"code":404,"message":"Topic doesn't exist","status":"NOT_FOUND"}}`
 * (reference §4); anything else (a balancer's HTML page, a plain-text 404) is no envelope.
 */
/** The envelope's fields, each absent when missing or not of its type. */
export interface AmsErrorBodyOutput {
  error: { code?: number | undefined; message?: string | undefined; status?: string | undefined };
}
export const AmsErrorBody: v.GenericSchema<unknown, AmsErrorBodyOutput> = v.object({
  error: v.object({
    code: maybe(v.number()),
    message: maybe(v.string()),
    status: maybe(v.string()),
  }),
});

import * as v from 'valibot';
import { AmsMessage } from '../ams-message.js';
import { AmsUser } from '../ams-user.js';
import {
  callEntries,
  date,
  flag,
  isHttpsUrl,
  MAX_TIMER_MS,
  NAME_PATTERN,
  name,
  names,
  options,
  strings,
  text,
  whole,
} from './input-rules.js';

/* The arguments of the client's methods (besides names, see names.ts), by method. */

const N = NAME_PATTERN.source.slice(1, -1);
const ACK_ID = new RegExp(`^projects/${N}/subscriptions/${N}:\\d+$`);
const SCHEMA_NAME = new RegExp(`^/?projects/${N}/schemas/${N}$`);

/** 0..600 s: AMS refuses other ack deadlines (reference §10). */
export const AckDeadlineSchema: v.GenericSchema<number> = whole(0, 600);
export const OffsetSchema: v.GenericSchema<number> = whole(0);
export const TimeSchema: v.GenericSchema<Date> = date;
export const UsersSchema: v.GenericSchema<string[]> = names;
export const TextSchema: v.GenericSchema<string> = text;
export const WhichOffsetSchema: v.GenericSchema<string> = v.picklist(
  ['max', 'min', 'current'],
  'must be "max", "min" or "current"',
);

/** `projects/{p}/subscriptions/{s}:{offset}`, as pulled (reference §6). */
export const AckIdsSchema: v.GenericSchema<string[]> = v.pipe(
  v.array(v.string('must be a string'), 'must be an array of ackIds'),
  v.nonEmpty('must hold at least one ackId'),
  v.check(
    (ids) => ids.every((id) => ACK_ID.test(id)),
    'every ackId must read projects/{project}/subscriptions/{subscription}:{offset}',
  ),
);

/** The ackIds of one subscription: `{prefix}{offset}` where prefix names it. */
export const ackIdsOf = (prefix: string): v.GenericSchema<string[]> =>
  v.pipe(
    AckIdsSchema,
    v.check(
      (ids) => ids.every((id) => id.startsWith(prefix)),
      `every ackId must belong to the subscription (${prefix.slice(0, -1)})`,
    ),
  );

/** One message, or (for an array) a non-empty array of them. */
export const MessageSchema: v.GenericSchema<unknown> = v.instance(
  AmsMessage,
  'must be an AmsMessage or a non-empty array of AmsMessage',
);
export const MessageListSchema: v.GenericSchema<unknown> = v.pipe(
  v.array(v.instance(AmsMessage, 'must be an AmsMessage')),
  v.nonEmpty('must hold at least one message'),
);

export const PageOptionsSchema: v.GenericSchema<unknown> = options({
  ...callEntries,
  pageSize: v.optional(whole(0)),
  pageToken: v.optional(text),
});

export const CreateTopicOptionsSchema: v.GenericSchema<unknown> = options({
  ...callEntries,
  schema: v.optional(
    v.pipe(text, v.regex(SCHEMA_NAME, 'must read projects/{project}/schemas/{schema}')),
  ),
});

const pushEntries: v.ObjectEntries = {
  pushEndpoint: v.optional(v.pipe(text, v.check(isHttpsUrl, 'must be an https:// URL'))),
  retryPolicyType: v.optional(
    v.picklist(['linear', 'slowstart'], 'must be "linear" or "slowstart"'),
  ),
  retryPolicyPeriod: v.optional(whole(1, MAX_TIMER_MS)),
  maxMessages: v.optional(whole(1)),
  authorizationHeader: v.optional(
    v.picklist(['autogen', 'disabled'], 'must be "autogen" or "disabled"'),
  ),
  base64Decode: v.optional(flag),
};

export const PushConfigOptionsSchema: v.GenericSchema<unknown> = options({
  ...callEntries,
  ...pushEntries,
});
export const CreateSubOptionsSchema: v.GenericSchema<unknown> = options({
  ...callEntries,
  ...pushEntries,
  ackDeadlineSeconds: v.optional(AckDeadlineSchema),
});

const pullEntries: v.ObjectEntries = {
  ...callEntries,
  num: v.optional(whole(1)),
  returnImmediately: v.optional(flag),
};
export const PullOptionsSchema: v.GenericSchema<unknown> = options(pullEntries);
export const PullackOptionsSchema: v.GenericSchema<unknown> = options({
  ...pullEntries,
  maxResets: v.optional(whole(0)),
});

export const PulloptKeySchema: v.GenericSchema<string> = v.picklist(
  ['maxMessages', 'returnImmediately'],
  'must be "maxMessages" or "returnImmediately"',
);
export const PulloptValueSchemas: Record<'maxMessages' | 'returnImmediately', v.GenericSchema> = {
  maxMessages: v.union(
    [whole(1), v.pipe(v.string(), v.regex(/^[1-9]\d{0,15}$/))],
    'must be a whole number from 1 (a number or its digits)',
  ),
  returnImmediately: v.union(
    [flag, v.picklist(['true', 'false'])],
    'must be true or false (or "true" or "false")',
  ),
};

export const ListUsersOptionsSchema: v.GenericSchema<unknown> = options({
  ...callEntries,
  details: v.optional(flag),
  pageSize: v.optional(whole(0)),
  pageToken: v.optional(text),
  project: v.optional(name),
});

const membership = v.looseObject(
  { project: name, roles: strings },
  'must be an object { project, roles }',
);
export const UpdateUserOptionsSchema: v.GenericSchema<unknown> = options({
  ...callEntries,
  firstName: v.optional(text),
  lastName: v.optional(text),
  description: v.optional(text),
  organization: v.optional(text),
  username: v.optional(name),
  email: v.optional(text),
  serviceRoles: v.optional(strings),
  projects: v.optional(v.array(membership, 'must be an array of { project, roles }')),
});

/** A user to create: an AmsUser whose fields (mutable) still hold what AMS takes. */
export const UserInputSchema: v.GenericSchema<unknown> = v.pipe(
  v.custom<Record<string, unknown>>((x) => x instanceof AmsUser, 'must be an AmsUser'),
  v.looseObject({
    projects: v.array(membership, 'must be an array of { project, roles }'),
    email: text,
    firstName: text,
    lastName: text,
    organization: text,
    description: text,
    serviceRoles: strings,
  }),
);

export const ProjectChangesSchema: v.GenericSchema<unknown> = v.pipe(
  v.custom<Record<string, unknown>>(
    (x) => typeof x === 'object' && x !== null && !Array.isArray(x),
    'must be an object { description?, name? }',
  ),
  v.looseObject({ description: v.optional(text), name: v.optional(name) }),
);

export const MemberOptionsSchema: v.GenericSchema<unknown> = options({
  ...callEntries,
  project: v.optional(name),
  roles: v.optional(strings),
  email: v.optional(text),
});

export const UsageOptionsSchema: v.GenericSchema<unknown> = options({
  ...callEntries,
  projects: v.optional(names),
  startDate: v.optional(date),
  endDate: v.optional(date),
});

export const SubscriptionOptionsSchema: v.GenericSchema<unknown> = options({
  ...callEntries,
  ackDeadlineSeconds: v.optional(AckDeadlineSchema),
});

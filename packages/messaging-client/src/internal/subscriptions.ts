import { buildPath } from '@connectorkit/http-core';
import { isAmsServiceException } from '../errors.js';
import { type AmsCore, type CallOptions, requestOnly } from './ams-core.js';
import {
  AckDeadlineSchema,
  CreateSubOptionsSchema,
  PageOptionsSchema,
  PushConfigOptionsSchema,
  UsersSchema,
} from './call-schemas.js';
import { check, checkCall } from './input-rules.js';
import { earlierAttemptLanded, unlessDeleted } from './lost-answer.js';
import { resolveName } from './names.js';
import { type AmsPage, type PageOptions, pageParams } from './paging.js';
import { topicPath } from './topics.js';
import { AclWire, EmptyWire, SubscriptionPageWire, SubscriptionWire } from './wire-schemas.js';

/** A subscription as AMS returns it. */
export interface AmsSubscriptionInfo {
  name: string;
  topic: string;
  ackDeadlineSeconds: number;
  pushConfig?: Record<string, unknown>;
  createdOn?: string;
}

/**
 * A push configuration (`pushConfig` of AMS, `type: 'http_endpoint'`): AMS POSTs each message to
 * `pushEndpoint` instead of waiting for pulls. Without `pushEndpoint`, push is off.
 */
export interface PushConfigOptions {
  /** An https URL; omit to turn push off. */
  pushEndpoint?: string;
  /** How AMS spaces its retries of a failed push. @default 'linear' */
  retryPolicyType?: 'linear' | 'slowstart';
  /** Milliseconds. @default 300 */
  retryPolicyPeriod?: number;
  /** Messages per push. @default 1 */
  maxMessages?: number;
  /** `autogen`: AMS sends a generated `Authorization` header with each push. @default 'autogen' */
  authorizationHeader?: 'autogen' | 'disabled';
  /** Whether AMS decodes the base64 `data` before pushing it. @default not sent (AMS's default) */
  base64Decode?: boolean;
}

/** Options of {@link ArgoMessagingService.createSub}: the ack deadline and any push config. */
export interface CreateSubOptions extends CallOptions, PushConfigOptions {
  /** Seconds between a pull and the latest accepted ack (AMS stores 10 for 0). @default 10 */
  ackDeadlineSeconds?: number;
}

export function pushConfigBody(o: PushConfigOptions): Record<string, unknown> {
  if (!o.pushEndpoint) return {};
  return {
    type: 'http_endpoint',
    pushEndpoint: o.pushEndpoint,
    maxMessages: o.maxMessages ?? 1,
    authorizationHeader: { type: o.authorizationHeader ?? 'autogen' },
    retryPolicy: { type: o.retryPolicyType ?? 'linear', period: o.retryPolicyPeriod ?? 300 },
    ...(o.base64Decode !== undefined ? { base64Decode: o.base64Decode } : {}),
  };
}

/** `/projects/{p}/subscriptions/{s}` of a short or full subscription name. */
export function subPath(core: AmsCore, sub: string): string {
  const { project, name } = resolveName('subscriptions', sub, core.project);
  return (
    core.projectPath(project) + buildPath('/subscriptions/{subscription}', { subscription: name })
  );
}

export async function createSub(
  core: AmsCore,
  sub: string,
  topic: string,
  options: CreateSubOptions = {},
): Promise<AmsSubscriptionInfo> {
  const path = subPath(core, sub);
  const t = resolveName('topics', topic, core.project);
  check(CreateSubOptionsSchema, options, 'createSub options');
  const push = pushConfigBody(options);
  const topicName = `projects/${t.project}/topics/${t.name}`;
  try {
    return await core.call('sub_create', path, SubscriptionWire, {
      method: 'PUT',
      body: {
        topic: topicName,
        ackDeadlineSeconds: options.ackDeadlineSeconds ?? 10,
        ...(Object.keys(push).length > 0 ? { pushConfig: push } : {}),
      },
      options,
    });
  } catch (error) {
    if (!earlierAttemptLanded(error, 409)) throw error;
    const made = await getSub(core, sub, requestOnly(options));
    if (made.topic.replace(/^\//, '') !== topicName) throw error;
    return made;
  }
}

export async function getSub(
  core: AmsCore,
  sub: string,
  options: CallOptions = {},
): Promise<AmsSubscriptionInfo> {
  checkCall(options, 'getSub');
  return core.call('sub_get', subPath(core, sub), SubscriptionWire, { options });
}

export async function deleteSub(
  core: AmsCore,
  sub: string,
  options: CallOptions = {},
): Promise<void> {
  const path = subPath(core, sub);
  checkCall(options, 'deleteSub');
  await core
    .call('sub_delete', path, EmptyWire, { method: 'DELETE', options })
    .catch(unlessDeleted);
}

export async function listSubs(
  core: AmsCore,
  options: PageOptions = {},
): Promise<AmsPage<AmsSubscriptionInfo>> {
  check(PageOptionsSchema, options, 'listSubs options');
  const page = await core.call(
    'sub_list',
    `${core.projectPath()}/subscriptions`,
    SubscriptionPageWire,
    { searchParams: pageParams(options), options },
  );
  return {
    items: page.subscriptions,
    nextPageToken: page.nextPageToken,
    totalSize: page.totalSize,
  };
}

export async function* iterSubs(
  core: AmsCore,
  topic?: string,
  options: PageOptions = {},
): AsyncGenerator<AmsSubscriptionInfo> {
  const full = topic === undefined ? undefined : topicPath(core, topic);
  check(PageOptionsSchema, options, 'iterSubs options');
  let pageToken = options.pageToken ?? '';
  do {
    const page = await listSubs(core, {
      ...options,
      pageSize: options.pageSize ?? 100,
      pageToken,
    });
    for (const s of page.items) if (full === undefined || s.topic === full) yield s;
    pageToken = page.nextPageToken;
  } while (pageToken);
}

export async function hasSub(
  core: AmsCore,
  sub: string,
  options: CallOptions = {},
): Promise<boolean> {
  subPath(core, sub);
  checkCall(options, 'hasSub');
  try {
    await getSub(core, sub, options);
    return true;
  } catch (error) {
    if (isAmsServiceException(error) && error.status === 404) return false;
    throw error;
  }
}

export async function pushconfigSub(
  core: AmsCore,
  sub: string,
  options: PushConfigOptions & CallOptions = {},
): Promise<AmsSubscriptionInfo> {
  const path = subPath(core, sub);
  check(PushConfigOptionsSchema, options, 'pushconfigSub options');
  await core.call('sub_pushconfig', `${path}:modifyPushConfig`, EmptyWire, {
    method: 'POST',
    body: { pushConfig: pushConfigBody(options) },
    options,
    idempotent: true,
  });
  return getSub(core, sub, options);
}

export async function modifyAckDeadline(
  core: AmsCore,
  sub: string,
  seconds: number,
  options: CallOptions = {},
): Promise<void> {
  const path = subPath(core, sub);
  check(AckDeadlineSchema, seconds, 'seconds');
  checkCall(options, 'modifyAckDeadline');
  await core.call('sub_mod_ack', `${path}:modifyAckDeadline`, EmptyWire, {
    method: 'POST',
    body: { ackDeadlineSeconds: seconds },
    options,
    idempotent: true,
  });
}

export async function getaclSub(
  core: AmsCore,
  sub: string,
  options: CallOptions = {},
): Promise<string[]> {
  const path = subPath(core, sub);
  checkCall(options, 'getaclSub');
  const acl = await core.call('sub_getacl', `${path}:acl`, AclWire, { options });
  return acl.authorized_users;
}

export async function modifyaclSub(
  core: AmsCore,
  sub: string,
  users: string[],
  options: CallOptions = {},
): Promise<void> {
  const path = subPath(core, sub);
  check(UsersSchema, users, 'users');
  checkCall(options, 'modifyaclSub');
  await core.call('sub_modifyacl', `${path}:modifyAcl`, EmptyWire, {
    method: 'POST',
    body: { authorized_users: users },
    options,
    idempotent: true,
  });
}

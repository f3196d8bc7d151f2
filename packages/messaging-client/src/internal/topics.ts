import { buildPath } from '@connectorkit/http-core';
import { isAmsServiceException } from '../errors.js';
import { type AmsCore, type CallOptions, requestOnly } from './ams-core.js';
import { CreateTopicOptionsSchema, PageOptionsSchema, UsersSchema } from './call-schemas.js';
import { check, checkCall } from './input-rules.js';
import { earlierAttemptLanded, unlessDeleted } from './lost-answer.js';
import { resolveName } from './names.js';
import { type AmsPage, type PageOptions, pageParams } from './paging.js';
import { AclWire, EmptyWire, TopicPageWire, TopicWire } from './wire-schemas.js';

/** A topic as AMS returns it (`name` with its leading slash). */
export interface AmsTopicInfo {
  name: string;
  created_on?: string;
  schema?: string;
}

/** `/projects/{p}/topics/{t}` of a short or full topic name. */
export function topicPath(core: AmsCore, topic: string): string {
  const { project, name } = resolveName('topics', topic, core.project);
  return core.projectPath(project) + buildPath('/topics/{topic}', { topic: name });
}

export async function createTopic(
  core: AmsCore,
  topic: string,
  options: CallOptions & { schema?: string } = {},
): Promise<AmsTopicInfo> {
  const path = topicPath(core, topic);
  check(CreateTopicOptionsSchema, options, 'createTopic options');
  try {
    return await core.call('topic_create', path, TopicWire, {
      method: 'PUT',
      ...(options.schema ? { body: { schema: options.schema } } : {}),
      options,
    });
  } catch (error) {
    if (!earlierAttemptLanded(error, 409)) throw error;
    return getTopic(core, topic, requestOnly(options));
  }
}

export async function getTopic(
  core: AmsCore,
  topic: string,
  options: CallOptions = {},
): Promise<AmsTopicInfo> {
  checkCall(options, 'getTopic');
  return core.call('topic_get', topicPath(core, topic), TopicWire, { options });
}

export async function deleteTopic(
  core: AmsCore,
  topic: string,
  options: CallOptions = {},
): Promise<void> {
  const path = topicPath(core, topic);
  checkCall(options, 'deleteTopic');
  await core
    .call('topic_delete', path, EmptyWire, { method: 'DELETE', options })
    .catch(unlessDeleted);
}

export async function listTopics(
  core: AmsCore,
  options: PageOptions = {},
): Promise<AmsPage<AmsTopicInfo>> {
  check(PageOptionsSchema, options, 'listTopics options');
  const page = await core.call('topic_list', `${core.projectPath()}/topics`, TopicPageWire, {
    searchParams: pageParams(options),
    options,
  });
  return { items: page.topics, nextPageToken: page.nextPageToken, totalSize: page.totalSize };
}

export async function* iterTopics(
  core: AmsCore,
  options: PageOptions = {},
): AsyncGenerator<AmsTopicInfo> {
  check(PageOptionsSchema, options, 'iterTopics options');
  let pageToken = options.pageToken ?? '';
  do {
    const page = await listTopics(core, {
      ...options,
      pageSize: options.pageSize ?? 100,
      pageToken,
    });
    yield* page.items;
    pageToken = page.nextPageToken;
  } while (pageToken);
}

export async function hasTopic(
  core: AmsCore,
  topic: string,
  options: CallOptions = {},
): Promise<boolean> {
  topicPath(core, topic);
  checkCall(options, 'hasTopic');
  try {
    await getTopic(core, topic, options);
    return true;
  } catch (error) {
    if (isAmsServiceException(error) && error.status === 404) return false;
    throw error;
  }
}

export async function getaclTopic(
  core: AmsCore,
  topic: string,
  options: CallOptions = {},
): Promise<string[]> {
  const path = topicPath(core, topic);
  checkCall(options, 'getaclTopic');
  const acl = await core.call('topic_getacl', `${path}:acl`, AclWire, { options });
  return acl.authorized_users;
}

export async function modifyaclTopic(
  core: AmsCore,
  topic: string,
  users: string[],
  options: CallOptions = {},
): Promise<void> {
  const path = topicPath(core, topic);
  check(UsersSchema, users, 'users');
  checkCall(options, 'modifyaclTopic');
  await core.call('topic_modifyacl', `${path}:modifyAcl`, EmptyWire, {
    method: 'POST',
    body: { authorized_users: users },
    options,
    idempotent: true,
  });
}

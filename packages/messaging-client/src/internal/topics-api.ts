import { buildPath } from '@connectorkit/http-core';
import { isAmsServiceException } from '../errors.js';
import { AmsCore, type CallOptions, requestOnly } from './ams-core.js';
import { CreateTopicOptionsSchema, PageOptionsSchema, UsersSchema } from './call-schemas.js';
import { check, checkCall } from './input-rules.js';
import { earlierAttemptLanded, unlessDeleted } from './lost-answer.js';
import { resolveName } from './names.js';
import { AclWire, EmptyWire, TopicPageWire, TopicWire } from './wire-schemas.js';

/** A topic as AMS returns it (`name` with its leading slash). */
export interface AmsTopicInfo {
  name: string;
  created_on?: string;
  schema?: string;
}

/** One page of a listing. */
export interface AmsPage<T> {
  items: T[];
  nextPageToken: string;
  totalSize: number;
}

/** Paging of a listing: `pageSize` items from `pageToken` (the previous page's `nextPageToken`). */
export interface PageOptions extends CallOptions {
  /** @default 0 (everything) */
  pageSize?: number;
  pageToken?: string;
}

export function pageParams(options: PageOptions): Record<string, string> {
  const params: Record<string, string> = {};
  if (options.pageSize !== undefined) params.pageSize = String(options.pageSize);
  if (options.pageToken) params.pageToken = options.pageToken;
  return params;
}

/** Topic calls: create, get, delete, list, has, ACLs. */
export class AmsTopicsApi extends AmsCore {
  /** @internal */
  protected topicPath(topic: string): string {
    const { project, name } = resolveName('topics', topic, this.project);
    return this.projectPath(project) + buildPath('/topics/{topic}', { topic: name });
  }

  /**
   * PUT `/projects/{p}/topics/{t}`, with `{ schema: 'projects/P/schemas/S' }` when `schema` is
   * given: resolves with the new topic. A retried create whose first attempt landed resolves with
   * the topic.
   * @throws {AmsServiceException} 409 `Topic already exists`
   */
  async createTopic(
    topic: string,
    options: CallOptions & { schema?: string } = {},
  ): Promise<AmsTopicInfo> {
    const path = this.topicPath(topic);
    check(CreateTopicOptionsSchema, options, 'createTopic options');
    try {
      return await this.call('topic_create', path, TopicWire, {
        method: 'PUT',
        ...(options.schema ? { body: { schema: options.schema } } : {}),
        options,
      });
    } catch (error) {
      if (!earlierAttemptLanded(error, 409)) throw error;
      return this.getTopic(topic, requestOnly(options));
    }
  }

  /**
   * GET `/projects/{p}/topics/{t}`: the topic's full `name`, `created_on` and `schema`.
   * @throws {AmsServiceException} 404 `Topic doesn't exist`
   */
  async getTopic(topic: string, options: CallOptions = {}): Promise<AmsTopicInfo> {
    checkCall(options, 'getTopic');
    return this.call('topic_get', this.topicPath(topic), TopicWire, { options });
  }

  /**
   * DELETE `/projects/{p}/topics/{t}`. Its subscriptions stay; pulling from them then fails with
   * 409. A retried delete whose first attempt landed resolves.
   * @throws {AmsServiceException} 404 `Topic doesn't exist`
   */
  async deleteTopic(topic: string, options: CallOptions = {}): Promise<void> {
    const path = this.topicPath(topic);
    checkCall(options, 'deleteTopic');
    await this.call('topic_delete', path, EmptyWire, {
      method: 'DELETE',
      options,
    }).catch(unlessDeleted);
  }

  /** One page of topics (newest first); `pageSize` 0 = all. */
  async listTopics(options: PageOptions = {}): Promise<AmsPage<AmsTopicInfo>> {
    check(PageOptionsSchema, options, 'listTopics options');
    const page = await this.call('topic_list', `${this.projectPath()}/topics`, TopicPageWire, {
      searchParams: pageParams(options),
      options,
    });
    return { items: page.topics, nextPageToken: page.nextPageToken, totalSize: page.totalSize };
  }

  /** Every topic, page after page. */
  async *iterTopics(options: PageOptions = {}): AsyncGenerator<AmsTopicInfo> {
    check(PageOptionsSchema, options, 'iterTopics options');
    let pageToken = options.pageToken ?? '';
    do {
      const page = await this.listTopics({
        ...options,
        pageSize: options.pageSize ?? 100,
        pageToken,
      });
      yield* page.items;
      pageToken = page.nextPageToken;
    } while (pageToken);
  }

  /** True when the topic exists; false on 404; other errors are thrown. */
  async hasTopic(topic: string, options: CallOptions = {}): Promise<boolean> {
    this.topicPath(topic);
    checkCall(options, 'hasTopic');
    try {
      await this.getTopic(topic, options);
      return true;
    } catch (error) {
      if (isAmsServiceException(error) && error.status === 404) return false;
      throw error;
    }
  }

  /**
   * GET `…/topics/{t}:acl`: the names of the users allowed to publish to it when they are only
   * `publisher` in the project.
   */
  async getaclTopic(topic: string, options: CallOptions = {}): Promise<string[]> {
    const path = this.topicPath(topic);
    checkCall(options, 'getaclTopic');
    const acl = await this.call('topic_getacl', `${path}:acl`, AclWire, {
      options,
    });
    return acl.authorized_users;
  }

  /**
   * POST `…/topics/{t}:modifyAcl`: replaces the topic's ACL with `users`.
   * @throws {AmsServiceException} 404 `User(s): a,b do not exist`
   */
  async modifyaclTopic(topic: string, users: string[], options: CallOptions = {}): Promise<void> {
    const path = this.topicPath(topic);
    check(UsersSchema, users, 'users');
    checkCall(options, 'modifyaclTopic');
    await this.call('topic_modifyacl', `${path}:modifyAcl`, EmptyWire, {
      method: 'POST',
      body: { authorized_users: users },
      options,
      idempotent: true,
    });
  }
}

import { AmsCore, type CallOptions } from './ams-core.js';
import type { AmsPage, PageOptions } from './paging.js';
import type { AmsTopicInfo } from './topics.js';
import * as topics from './topics.js';

export { type AmsPage, type PageOptions, pageParams } from './paging.js';
export type { AmsTopicInfo } from './topics.js';

/** Topic calls: create, get, delete, list, has, ACLs. */
export class AmsTopicsApi extends AmsCore {
  /** @internal */
  protected topicPath(topic: string): string {
    return topics.topicPath(this, topic);
  }

  /**
   * PUT `/projects/{p}/topics/{t}`, with `{ schema: 'projects/P/schemas/S' }` when `schema` is
   * given: resolves with the new topic. A retried create whose first attempt landed resolves with
   * the topic.
   * @throws {AmsServiceException} 409 `Topic already exists`
   */
  createTopic(topic: string, options?: CallOptions & { schema?: string }): Promise<AmsTopicInfo> {
    return topics.createTopic(this, topic, options);
  }

  /**
   * GET `/projects/{p}/topics/{t}`: the topic's full `name`, `created_on` and `schema`.
   * @throws {AmsServiceException} 404 `Topic doesn't exist`
   */
  getTopic(topic: string, options?: CallOptions): Promise<AmsTopicInfo> {
    return topics.getTopic(this, topic, options);
  }

  /**
   * DELETE `/projects/{p}/topics/{t}`. Its subscriptions stay; pulling from them then fails with
   * 409. A retried delete whose first attempt landed resolves.
   * @throws {AmsServiceException} 404 `Topic doesn't exist`
   */
  deleteTopic(topic: string, options?: CallOptions): Promise<void> {
    return topics.deleteTopic(this, topic, options);
  }

  /** One page of topics (newest first); `pageSize` 0 = all. */
  listTopics(options?: PageOptions): Promise<AmsPage<AmsTopicInfo>> {
    return topics.listTopics(this, options);
  }

  /** Every topic, page after page. */
  iterTopics(options?: PageOptions): AsyncGenerator<AmsTopicInfo> {
    return topics.iterTopics(this, options);
  }

  /** True when the topic exists; false on 404; other errors are thrown. */
  hasTopic(topic: string, options?: CallOptions): Promise<boolean> {
    return topics.hasTopic(this, topic, options);
  }

  /**
   * GET `…/topics/{t}:acl`: the names of the users allowed to publish to it when they are only
   * `publisher` in the project.
   */
  getaclTopic(topic: string, options?: CallOptions): Promise<string[]> {
    return topics.getaclTopic(this, topic, options);
  }

  /**
   * POST `…/topics/{t}:modifyAcl`: replaces the topic's ACL with `users`.
   * @throws {AmsServiceException} 404 `User(s): a,b do not exist`
   */
  modifyaclTopic(topic: string, users: string[], options?: CallOptions): Promise<void> {
    return topics.modifyaclTopic(this, topic, users, options);
  }
}

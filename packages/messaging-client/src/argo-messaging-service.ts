import type { AmsMessage } from './ams-message.js';
import { AmsSubscription } from './ams-subscription.js';
import { AmsTopic } from './ams-topic.js';
import type { AmsUserPage, AmsUser as AmsUserType } from './ams-user.js';
import type { ArgoMessagingServiceOptions } from './argo-messaging-service-options.js';
import { isAmsServiceException } from './errors.js';
import { AmsCore, type CallOptions, type PullOption } from './internal/ams-core.js';
import {
  type AmsPublisher,
  createBatchingPublisher,
  type PublisherOptions,
} from './internal/batching-publisher.js';
import { SubscriptionOptionsSchema } from './internal/call-schemas.js';
import { type FromEnvironmentOptions, optionsFromEnvironment } from './internal/environment.js';
import { check, checkCall } from './internal/input-rules.js';
import type { PullackOptions, PullOptions, ReceivedMessage } from './internal/messages.js';
import * as msgs from './internal/messages.js';
import { resolveName } from './internal/names.js';
import type { Offsets } from './internal/offsets.js';
import * as offsets from './internal/offsets.js';
import type { UsageOptions } from './internal/operations.js';
import * as operations from './internal/operations.js';
import type { AmsPage, PageOptions } from './internal/paging.js';
import type { AmsProjectInfo } from './internal/projects.js';
import * as projects from './internal/projects.js';
import type { AmsMethod, AmsRequestOptions } from './internal/raw-request.js';
import type {
  AmsSubscriptionInfo,
  CreateSubOptions,
  PushConfigOptions,
} from './internal/subscriptions.js';
import * as subs from './internal/subscriptions.js';
import type { AmsTopicInfo } from './internal/topics.js';
import * as topics from './internal/topics.js';
import type { ListUsersOptions, UpdateUserOptions } from './internal/users.js';
import * as users from './internal/users.js';
import {
  type SubscribeOptions,
  SubscribeOptionsSchema,
  type Subscriber,
  subscribe,
} from './subscribe.js';

/**
 * The ARGO Messaging Service client: every call of argo-ams-library, camelCased and async, plus a
 * consume loop, a batching publisher and seeking.
 * @example
 * const ams = new ArgoMessagingService({ endpoint: 'msg.argo.grnet.gr', token, project: 'P' });
 * await ams.publish('orders', new AmsMessage({ data: 'hello' }));
 */
export class ArgoMessagingService {
  readonly project: string;
  readonly endpoint: string;
  /** The largest message `publish` and the publisher send, as counted by `AmsMessage.wireSize`. */
  readonly maxMessageBytes: number;

  readonly #core: AmsCore;

  constructor(options: ArgoMessagingServiceOptions) {
    this.#core = new AmsCore(options);
    this.project = this.#core.project;
    this.endpoint = this.#core.endpoint;
    this.maxMessageBytes = this.#core.maxMessageBytes;
  }

  /**
   * A client from the environment: `AMS_ENDPOINT` (the `endpoint`), `AMS_PROJECT` and `AMS_TOKEN`,
   * with `options` laid over them (`env` instead of `process.env`; no token needed with `cert`,
   * `auth` or `http`).
   * @throws {ConfigError} naming every variable that is missing
   * @example
   * const ams = ArgoMessagingService.fromEnvironment({ retry: 5 });
   */
  static fromEnvironment(options?: FromEnvironmentOptions): ArgoMessagingService {
    return new ArgoMessagingService(optionsFromEnvironment(options));
  }

  /**
   * Replaces the token (argo-ams-library's `assign_token`): every attempt from now on sends it in
   * `x-api-key`, whether the client was made with a token or a certificate. The old token stays
   * redacted from errors and logs.
   */
  assignToken(token: string): void {
    this.#core.assignToken(token);
  }

  /**
   * A call to a route the client does not wrap (argo-ams-library's `do_get`, `do_post`, ...):
   * `route` is the path after `/v1`, with `{name}` placeholders filled from `params` (`{project}`
   * defaults to the client's). Checked before any request, retried, answered and redacted like
   * every other call; the answer is checked against `schema` when given.
   * @example
   * const schema = await ams.request('GET', '/projects/{project}/schemas/{schema}', {
   *   params: { schema: 'orders' },
   * });
   */
  request<T = unknown>(
    method: AmsMethod,
    route: string,
    options?: AmsRequestOptions<T>,
  ): Promise<T> {
    return this.#core.request(method, route, options);
  }

  /**
   * PUT `/projects/{p}/topics/{t}`, with `{ schema: 'projects/P/schemas/S' }` when `schema` is
   * given: resolves with the new topic. A retried create whose first attempt landed resolves with
   * the topic.
   * @throws {AmsServiceException} 409 `Topic already exists`
   */
  createTopic(topic: string, options?: CallOptions & { schema?: string }): Promise<AmsTopicInfo> {
    return topics.createTopic(this.#core, topic, options);
  }

  /**
   * GET `/projects/{p}/topics/{t}`: the topic's full `name`, `created_on` and `schema`.
   * @throws {AmsServiceException} 404 `Topic doesn't exist`
   */
  getTopic(topic: string, options?: CallOptions): Promise<AmsTopicInfo> {
    return topics.getTopic(this.#core, topic, options);
  }

  /**
   * DELETE `/projects/{p}/topics/{t}`. Its subscriptions stay; pulling from them then fails with
   * 409. A retried delete whose first attempt landed resolves.
   * @throws {AmsServiceException} 404 `Topic doesn't exist`
   */
  deleteTopic(topic: string, options?: CallOptions): Promise<void> {
    return topics.deleteTopic(this.#core, topic, options);
  }

  /** One page of topics (newest first); `pageSize` 0 = all. */
  listTopics(options?: PageOptions): Promise<AmsPage<AmsTopicInfo>> {
    return topics.listTopics(this.#core, options);
  }

  /** Every topic, page after page. */
  iterTopics(options?: PageOptions): AsyncGenerator<AmsTopicInfo> {
    return topics.iterTopics(this.#core, options);
  }

  /** True when the topic exists; false on 404; other errors are thrown. */
  hasTopic(topic: string, options?: CallOptions): Promise<boolean> {
    return topics.hasTopic(this.#core, topic, options);
  }

  /**
   * GET `…/topics/{t}:acl`: the names of the users allowed to publish to it when they are only
   * `publisher` in the project.
   */
  getaclTopic(topic: string, options?: CallOptions): Promise<string[]> {
    return topics.getaclTopic(this.#core, topic, options);
  }

  /**
   * POST `…/topics/{t}:modifyAcl`: replaces the topic's ACL with `users`.
   * @throws {AmsServiceException} 404 `User(s): a,b do not exist`
   */
  modifyaclTopic(topic: string, users: string[], options?: CallOptions): Promise<void> {
    return topics.modifyaclTopic(this.#core, topic, users, options);
  }

  /** Creates a pull (or, with `pushEndpoint`, push) subscription on `topic`. */
  createSub(sub: string, topic: string, options?: CreateSubOptions): Promise<AmsSubscriptionInfo> {
    return subs.createSub(this.#core, sub, topic, options);
  }

  /**
   * GET `/projects/{p}/subscriptions/{s}`: the subscription's topic, ack deadline and push config.
   * @throws {AmsServiceException} 404 `Subscription doesn't exist`
   */
  getSub(sub: string, options?: CallOptions): Promise<AmsSubscriptionInfo> {
    return subs.getSub(this.#core, sub, options);
  }

  /**
   * DELETE `/projects/{p}/subscriptions/{s}`. A retried delete whose first attempt landed resolves.
   * @throws {AmsServiceException} 404 `Subscription doesn't exist`
   */
  deleteSub(sub: string, options?: CallOptions): Promise<void> {
    return subs.deleteSub(this.#core, sub, options);
  }

  /**
   * GET `/projects/{p}/subscriptions?pageSize&pageToken`: one page of the client project's
   * subscriptions, newest first (`pageSize` 0 = all); `nextPageToken` is `''` on the last page.
   */
  listSubs(options?: PageOptions): Promise<AmsPage<AmsSubscriptionInfo>> {
    return subs.listSubs(this.#core, options);
  }

  /** Every subscription (of `topic`, when given), page after page. */
  iterSubs(topic?: string, options?: PageOptions): AsyncGenerator<AmsSubscriptionInfo> {
    return subs.iterSubs(this.#core, topic, options);
  }

  /** True when the subscription exists; false on 404; other errors are thrown. */
  hasSub(sub: string, options?: CallOptions): Promise<boolean> {
    return subs.hasSub(this.#core, sub, options);
  }

  /** Sets (or, without `pushEndpoint`, clears) the push configuration; returns the subscription. */
  pushconfigSub(
    sub: string,
    options?: PushConfigOptions & CallOptions,
  ): Promise<AmsSubscriptionInfo> {
    return subs.pushconfigSub(this.#core, sub, options);
  }

  /** Changes the subscription-wide ack deadline (0..600 s). */
  modifyAckDeadline(sub: string, seconds: number, options?: CallOptions): Promise<void> {
    return subs.modifyAckDeadline(this.#core, sub, seconds, options);
  }

  /**
   * GET `…/subscriptions/{s}:acl`: the names of the users allowed to pull from it when they are
   * only `consumer` in the project.
   */
  getaclSub(sub: string, options?: CallOptions): Promise<string[]> {
    return subs.getaclSub(this.#core, sub, options);
  }

  /**
   * POST `…/subscriptions/{s}:modifyAcl`: replaces the subscription's ACL with `users`.
   * @throws {AmsServiceException} 404 `User(s): a,b do not exist`
   */
  modifyaclSub(sub: string, users: string[], options?: CallOptions): Promise<void> {
    return subs.modifyaclSub(this.#core, sub, users, options);
  }

  /** `{max, min, current}`, or one of them. */
  getoffsetsSub(sub: string, options?: CallOptions): Promise<Offsets>;
  getoffsetsSub(
    sub: string,
    which: 'max' | 'min' | 'current',
    options?: CallOptions,
  ): Promise<number>;
  getoffsetsSub(
    sub: string,
    which?: 'max' | 'min' | 'current' | CallOptions,
    options?: CallOptions,
  ): Promise<Offsets | number> {
    return offsets.getoffsetsSub(this.#core, sub, which, options);
  }

  /** Moves the cursor to `offset` (0 included, unlike the seed); outstanding ackIds stop working. */
  modifyoffsetSub(sub: string, offset: number, options?: CallOptions): Promise<void> {
    return offsets.modifyoffsetSub(this.#core, sub, offset, options);
  }

  /** The first offset published at or after `time` (sent as UTC `…sssZ`). */
  timeToOffsetSub(sub: string, time: Date, options?: CallOptions): Promise<number> {
    return offsets.timeToOffsetSub(this.#core, sub, time, options);
  }

  /** Stores a default pull option (as a string, as AMS wants it). */
  setPullopt(key: PullOption, value: string | number | boolean): void {
    msgs.setPullopt(this.#core, key, value);
  }

  /**
   * A default pull option as stored (a string, as AMS wants it): `maxMessages` (`'1'` until
   * changed) or `returnImmediately` (`'true'` until changed).
   * @throws {InputValidationError} when `key` is neither
   */
  getPullopt(key: PullOption): string {
    return msgs.getPullopt(this.#core, key);
  }

  /** Publishes one or many messages; resolves with their ids. Retried per the seed's knobs. */
  publish(
    topic: string,
    messages: AmsMessage | AmsMessage[],
    options?: CallOptions,
  ): Promise<string[]> {
    return msgs.publish(this.#core, topic, messages, options);
  }

  /** Pulls from the committed cursor: the same messages come again until acked. */
  pullSub(sub: string, options?: PullOptions): Promise<ReceivedMessage[]> {
    return msgs.pullSub(this.#core, sub, options);
  }

  /**
   * Acks cumulatively up to the highest ackId. A retried ack that gets `500 no ack pending` or
   * `wrong ack` checks the offsets: if the cursor moved past the ids, an earlier attempt landed.
   */
  ackSub(sub: string, ackIds: string[], options?: CallOptions): Promise<true> {
    return msgs.ackSub(this.#core, sub, ackIds, options);
  }

  /**
   * Pulls, acks, and returns the messages once acked (at most once). After a failed ack it pulls
   * again (a fresh deadline), at most `maxResets` times; 401/403/404 are thrown at once.
   */
  pullackSub(sub: string, options?: PullackOptions): Promise<AmsMessage[]> {
    return msgs.pullackSub(this.#core, sub, options);
  }

  /** Moves the cursor to the first message published at or after `time` (the end if none). */
  seekToTime(sub: string, time: Date, options?: CallOptions): Promise<number> {
    return offsets.seekToTime(this.#core, sub, time, options);
  }

  /** Moves the cursor to the oldest retained message. */
  seekToStart(sub: string, options?: CallOptions): Promise<number> {
    return offsets.seekToStart(this.#core, sub, options);
  }

  /** Moves the cursor past the last message. */
  seekToEnd(sub: string, options?: CallOptions): Promise<number> {
    return offsets.seekToEnd(this.#core, sub, options);
  }

  /**
   * POST `/users/{user.name}` with `user.toJson()` (service admin): resolves with the user AMS
   * made, its `uuid` and `token` included. Not retried after a lost answer.
   * @throws {AmsServiceException} 409 when the name is taken, 403 without the rights
   */
  createUser(user: AmsUserType, options?: CallOptions): Promise<AmsUserType> {
    return users.createUser(this.#core, user, options);
  }

  /**
   * GET `/users/{name}`: the user with their projects and roles (and token, for a service admin).
   * @throws {AmsServiceException} 404 when no user has that name
   */
  getUser(name: string, options?: CallOptions): Promise<AmsUserType> {
    return users.getUser(this.#core, name, options);
  }

  /**
   * GET `/users:byToken/{token}`: the user that token belongs to. The token is redacted from errors
   * and logs like the client's own.
   * @throws {AmsServiceException} 404 when no user has that token
   */
  getUserByToken(token: string, options?: CallOptions): Promise<AmsUserType> {
    return users.getUserByToken(this.#core, token, options);
  }

  /**
   * GET `/users:byUUID/{uuid}`: the user with that `uuid`.
   * @throws {AmsServiceException} 404 when no user has that uuid
   */
  getUserByUuid(uuid: string, options?: CallOptions): Promise<AmsUserType> {
    return users.getUserByUuid(this.#core, uuid, options);
  }

  /** The caller's own user. */
  getUserProfile(options?: CallOptions): Promise<AmsUserType> {
    return users.getUserProfile(this.#core, options);
  }

  /** One page of users (sends `pageToken` and `details=true`, which the seed gets wrong). */
  listUsers(options?: ListUsersOptions): Promise<AmsUserPage> {
    return users.listUsers(this.#core, options);
  }

  /** Every user, page after page. */
  iterUsers(options?: ListUsersOptions): AsyncGenerator<AmsUserType> {
    return users.iterUsers(this.#core, options);
  }

  /** Changes only the fields given (the seed crashes without roles and projects). */
  updateUser(name: string, options?: UpdateUserOptions): Promise<AmsUserType> {
    return users.updateUser(this.#core, name, options);
  }

  /**
   * DELETE `/users/{name}`. A retried delete whose first attempt landed resolves.
   * @throws {AmsServiceException} 404 when no user has that name
   */
  deleteUser(name: string, options?: CallOptions): Promise<void> {
    return users.deleteUser(this.#core, name, options);
  }

  /** Issues a new token for the user; the old one stops working. */
  refreshUserToken(name: string, options?: CallOptions): Promise<AmsUserType> {
    return users.refreshUserToken(this.#core, name, options);
  }

  /**
   * POST `/projects/{name}` with `{ description }` (service admin): resolves with the project.
   * Not retried after a lost answer.
   * @throws {AmsServiceException} 409 when the project exists
   */
  createProject(
    name: string,
    description?: string,
    options?: CallOptions,
  ): Promise<AmsProjectInfo> {
    return projects.createProject(this.#core, name, description, options);
  }

  /**
   * GET `/projects/{name}`: the project's description and creation details.
   * @throws {AmsServiceException} 404 `project doesn't exist`
   */
  getProject(name: string, options?: CallOptions): Promise<AmsProjectInfo> {
    return projects.getProject(this.#core, name, options);
  }

  /**
   * PUT `/projects/{name}` with the `description` and/or new `name` given; resolves with the
   * project as changed. A rename is not retried after a lost answer.
   * @throws {AmsServiceException} 404 `project doesn't exist`
   */
  updateProject(
    name: string,
    changes: { description?: string; name?: string },
    options?: CallOptions,
  ): Promise<AmsProjectInfo> {
    return projects.updateProject(this.#core, name, changes, options);
  }

  /**
   * DELETE `/projects/{name}` (service admin). A retried delete whose first attempt landed
   * resolves.
   * @throws {AmsServiceException} 404 `project doesn't exist`
   */
  deleteProject(name: string, options?: CallOptions): Promise<void> {
    return projects.deleteProject(this.#core, name, options);
  }

  /** Adds an existing user to the project with `roles`. */
  addProjectMember(
    user: string,
    options?: CallOptions & { project?: string; roles?: string[] },
  ): Promise<AmsUserType> {
    return projects.addProjectMember(this.#core, user, options);
  }

  /** Creates a new user directly as a member of the project. */
  createProjectMember(
    user: string,
    options?: CallOptions & { project?: string; roles?: string[]; email?: string },
  ): Promise<AmsUserType> {
    return projects.createProjectMember(this.#core, user, options);
  }

  /**
   * GET `/projects/{project}/members/{user}`: the member with their roles (`project` defaults to
   * the client's). A project admin does not see the member's token.
   * @throws {AmsServiceException} 404 when the user is not a member
   */
  getProjectMember(
    user: string,
    options?: CallOptions & { project?: string },
  ): Promise<AmsUserType> {
    return projects.getProjectMember(this.#core, user, options);
  }

  /**
   * POST `/projects/{project}/members/{user}:remove`: takes the user out of the project (`project`
   * defaults to the client's); the user still exists. Not retried after a lost answer.
   */
  removeProjectMember(user: string, options?: CallOptions & { project?: string }): Promise<void> {
    return projects.removeProjectMember(this.#core, user, options);
  }

  /**
   * GET `/status`: `{ status: 'ok' }` (or `'warning'`), with `push_servers` or
   * `push_functionality: 'disabled'`. AMS answers it without checking the token.
   */
  status(options?: CallOptions): Promise<Record<string, unknown>> {
    return operations.status(this.#core, options);
  }

  /**
   * GET `/version`: the build (`build_time`, `golang`, `os`, `hostname`, ...); `release` only for
   * admins. AMS answers it without checking the token.
   */
  version(options?: CallOptions): Promise<Record<string, unknown>> {
    return operations.version(this.#core, options);
  }

  /** GET `/metrics`: the service's operational metrics (service admin). */
  metrics(options?: CallOptions): Promise<Record<string, unknown>> {
    return operations.metrics(this.#core, options);
  }

  /**
   * GET `/metrics/va_metrics?start_date&end_date&projects`: message counts per project
   * (`projects: [{ project, message_count, average_daily_messages }]`) and in total.
   */
  vaMetrics(options?: UsageOptions): Promise<Record<string, unknown>> {
    return operations.vaMetrics(this.#core, options);
  }

  /**
   * GET `/users/usageReport?start_date&end_date&projects`: the counts of
   * {@link ArgoMessagingService.vaMetrics} and the operational metrics, for the projects the
   * caller administers.
   */
  usageReport(options?: UsageOptions): Promise<Record<string, unknown>> {
    return operations.usageReport(this.#core, options);
  }

  /** Gets the topic, or creates it. */
  async topic(name: string, options: CallOptions = {}): Promise<AmsTopic> {
    const { project, name: short } = resolveName('topics', name, this.project);
    checkCall(options, 'topic');
    try {
      await this.getTopic(name, options);
    } catch (error) {
      if (!(isAmsServiceException(error) && error.status === 404)) throw error;
      await this.createTopic(name, options).catch((e: unknown) => {
        if (!(isAmsServiceException(e) && e.status === 409)) throw e;
      });
    }
    return new AmsTopic(this, project, short);
  }

  /** Gets the subscription, or creates it on `topic`. */
  async subscription(
    name: string,
    topic: string,
    options: CallOptions & { ackDeadlineSeconds?: number } = {},
  ): Promise<AmsSubscription> {
    resolveName('subscriptions', name, this.project);
    resolveName('topics', topic, this.project);
    check(SubscriptionOptionsSchema, options, 'subscription options');
    try {
      return new AmsSubscription(this, await this.getSub(name, options));
    } catch (error) {
      if (!(isAmsServiceException(error) && error.status === 404)) throw error;
    }
    try {
      return new AmsSubscription(this, await this.createSub(name, topic, options));
    } catch (error) {
      if (!(isAmsServiceException(error) && error.status === 409)) throw error;
      return new AmsSubscription(this, await this.getSub(name, options));
    }
  }

  /** A batching publisher (count, bytes, delay); each `publish` resolves to its message id. */
  publisher(topic: string, options: PublisherOptions & CallOptions = {}): AmsPublisher {
    resolveName('topics', topic, this.project);
    return createBatchingPublisher(
      (wires) => msgs.publishWire(this.#core, topic, wires, options),
      options,
      this.maxMessageBytes,
    );
  }

  /** Starts the consume loop (see {@link subscribe}). */
  subscribe(
    sub: string,
    handler: (message: AmsMessage) => unknown,
    options: SubscribeOptions = {},
  ): Subscriber {
    resolveName('subscriptions', sub, this.project);
    check(SubscribeOptionsSchema, options, 'subscribe options');
    return subscribe(this, sub, handler, { warn: this.#core.warn, ...options });
  }
}

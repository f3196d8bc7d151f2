import type { AmsMessage } from './ams-message.js';
import type { AmsSubscription } from './ams-subscription.js';
import type { ArgoMessagingService } from './argo-messaging-service.js';
import type { CallOptions } from './internal/ams-core.js';
import type { AmsPublisher, PublisherOptions } from './internal/batching-publisher.js';
import { ClientSchema, check } from './internal/input-rules.js';
import { checkName } from './internal/names.js';
import type { AmsSubscriptionInfo } from './internal/subscriptions.js';

/** A topic bound to its client (argo-ams-library's `AmsTopic`). */
export class AmsTopic {
  /** Short name. */
  readonly name: string;
  /** `/projects/P/topics/T`. */
  readonly fullname: string;
  readonly project: string;
  readonly #ams: ArgoMessagingService;

  constructor(ams: ArgoMessagingService, project: string, name: string) {
    check(ClientSchema, ams, 'ams');
    checkName(project, 'project');
    checkName(name, 'topic');
    this.#ams = ams;
    this.project = project;
    this.name = name;
    this.fullname = `/projects/${project}/topics/${name}`;
  }

  /**
   * POST `/projects/{p}/topics/{t}:publish`: resolves with one id per message, in order (each its
   * offset in the topic). Retried (the client's `retry`, or this call's `retry` knobs) on network
   * errors, 408, 429 and 502–504, so a message may be stored twice (at least once).
   * @throws {AmsMessageException} before any request, for a message larger than the client's
   * `maxMessageBytes`
   */
  publish(messages: AmsMessage | AmsMessage[], options?: CallOptions): Promise<string[]> {
    return this.#ams.publish(this.fullname, messages, options);
  }

  /** A batching publisher for this topic. */
  publisher(options?: PublisherOptions): AmsPublisher {
    return this.#ams.publisher(this.fullname, options);
  }

  /** Gets the subscription, or creates it on this topic. */
  subscription(
    name: string,
    options: CallOptions & { ackDeadlineSeconds?: number } = {},
  ): Promise<AmsSubscription> {
    return this.#ams.subscription(name, this.fullname, options);
  }

  /**
   * The subscriptions on this topic: lists those of the client's project (GET
   * `/projects/{p}/subscriptions`, pages of 100) and yields the ones whose `topic` is this one.
   */
  iterSubs(): AsyncGenerator<AmsSubscriptionInfo> {
    return this.#ams.iterSubs(this.fullname);
  }

  /** The ACL, or, with `users`, replaces it first. */
  async acl(users?: string[], options?: CallOptions): Promise<string[]> {
    if (users !== undefined) await this.#ams.modifyaclTopic(this.fullname, users, options);
    return this.#ams.getaclTopic(this.fullname, options);
  }

  /**
   * DELETE `/projects/{p}/topics/{t}`. Its subscriptions stay; pulling from them then fails with
   * 409. A retried delete whose first attempt landed resolves.
   * @throws {AmsServiceException} 404 when the topic does not exist
   */
  delete(options?: CallOptions): Promise<void> {
    return this.#ams.deleteTopic(this.fullname, options);
  }
}

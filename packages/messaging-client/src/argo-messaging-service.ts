import type { AmsMessage } from './ams-message.js';
import { AmsSubscription } from './ams-subscription.js';
import { AmsTopic } from './ams-topic.js';
import { isAmsServiceException } from './errors.js';
import { AmsAdminApi } from './internal/admin-api.js';
import type { CallOptions } from './internal/ams-core.js';
import {
  type AmsPublisher,
  createBatchingPublisher,
  type PublisherOptions,
} from './internal/batching-publisher.js';
import { SubscriptionOptionsSchema } from './internal/call-schemas.js';
import { check, checkCall } from './internal/input-rules.js';
import { resolveName } from './internal/names.js';
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
export class ArgoMessagingService extends AmsAdminApi {
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
      (wires) => this.publishWire(topic, wires, options),
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
    return subscribe(this, sub, handler, { warn: this.warn, ...options });
  }
}

import { validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';
import type { AmsMessage } from './ams-message.js';
import type { ArgoMessagingService } from './argo-messaging-service.js';
import type { CallOptions } from './internal/ams-core.js';
import {
  ClientSchema,
  callEntries,
  check,
  options as optionsOf,
  SubscriptionNameSchema,
  whole,
} from './internal/input-rules.js';
import type { PullackOptions, PullOptions, ReceivedMessage } from './internal/messages-api.js';
import type {
  AmsSubscriptionInfo,
  Offsets,
  PushConfigOptions,
} from './internal/subscriptions-api.js';
import { SubscriptionWire } from './internal/wire-schemas.js';
import type { SubscribeOptions, Subscriber } from './subscribe.js';

const OffsetsOptionsSchema = optionsOf({
  ...callEntries,
  moveTo: v.optional(whole(0)),
  offset: v.optional(
    v.picklist(['all', 'max', 'min', 'current'], 'must be "all", "max", "min" or "current"'),
  ),
});

/** Options of {@link AmsSubscription.offsets}. */
export interface OffsetsOptions extends CallOptions {
  /** Moves the cursor there first (0 included, unlike the seed). */
  moveTo?: number;
  /** One offset instead of all three, as the seed's `offsets(offset=...)`. @default 'all' */
  offset?: 'all' | 'max' | 'min' | 'current';
}

/** A subscription bound to its client (argo-ams-library's `AmsSubscription`). */
export class AmsSubscription {
  readonly name: string;
  /** `/projects/P/subscriptions/S`. */
  readonly fullname: string;
  /** The topic's full name. */
  readonly topic: string;
  readonly ackDeadlineSeconds: number;
  readonly pushEndpoint: string;
  readonly #ams: ArgoMessagingService;

  constructor(ams: ArgoMessagingService, info: AmsSubscriptionInfo) {
    check(ClientSchema, ams, 'ams');
    validateInput(SubscriptionWire, info, 'subscription info');
    check(SubscriptionNameSchema, info.name, 'subscription info.name');
    this.#ams = ams;
    this.fullname = info.name.startsWith('/') ? info.name : `/${info.name}`;
    this.name = this.fullname.slice(this.fullname.lastIndexOf('/') + 1);
    this.topic = info.topic;
    this.ackDeadlineSeconds = info.ackDeadlineSeconds;
    const endpoint = info.pushConfig?.pushEndpoint;
    this.pushEndpoint = typeof endpoint === 'string' ? endpoint : '';
  }

  pull(options?: PullOptions): Promise<ReceivedMessage[]> {
    return this.#ams.pullSub(this.fullname, options);
  }

  ack(ackIds: string[], options?: CallOptions): Promise<true> {
    return this.#ams.ackSub(this.fullname, ackIds, options);
  }

  pullack(options?: PullackOptions): Promise<AmsMessage[]> {
    return this.#ams.pullackSub(this.fullname, options);
  }

  /**
   * The offsets `{ max, min, current }`, or with `offset` just that one number; with `moveTo`
   * (0 included), moves the cursor first.
   */
  offsets(options: OffsetsOptions & { offset: 'max' | 'min' | 'current' }): Promise<number>;
  offsets(options?: OffsetsOptions & { offset?: 'all' }): Promise<Offsets>;
  async offsets(options: OffsetsOptions = {}): Promise<Offsets | number> {
    check(OffsetsOptionsSchema, options, 'offsets options');
    if (options.moveTo !== undefined)
      await this.#ams.modifyoffsetSub(this.fullname, options.moveTo, options);
    const all = await this.#ams.getoffsetsSub(this.fullname, options);
    return options.offset === undefined || options.offset === 'all' ? all : all[options.offset];
  }

  pushconfig(options?: PushConfigOptions & CallOptions): Promise<AmsSubscriptionInfo> {
    return this.#ams.pushconfigSub(this.fullname, options);
  }

  timeToOffset(time: Date, options?: CallOptions): Promise<number> {
    return this.#ams.timeToOffsetSub(this.fullname, time, options);
  }

  async acl(users?: string[], options?: CallOptions): Promise<string[]> {
    if (users !== undefined) await this.#ams.modifyaclSub(this.fullname, users, options);
    return this.#ams.getaclSub(this.fullname, options);
  }

  /** Starts the consume loop on this subscription. */
  subscribe(handler: (message: AmsMessage) => unknown, options?: SubscribeOptions): Subscriber {
    return this.#ams.subscribe(this.fullname, handler, options);
  }

  delete(options?: CallOptions): Promise<void> {
    return this.#ams.deleteSub(this.fullname, options);
  }
}

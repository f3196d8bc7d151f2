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
import type { PullackOptions, PullOptions, ReceivedMessage } from './internal/messages.js';
import type { Offsets } from './internal/offsets.js';
import type { AmsSubscriptionInfo, PushConfigOptions } from './internal/subscriptions.js';
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

  /**
   * POST `/projects/{p}/subscriptions/{s}:pull`: messages with their ackIds, read from the
   * committed cursor, so the same ones come again until acked; `[]` when there are none (see
   * {@link ArgoMessagingService.pullSub}).
   */
  pull(options?: PullOptions): Promise<ReceivedMessage[]> {
    return this.#ams.pullSub(this.fullname, options);
  }

  /**
   * POST `…:acknowledge`: acks cumulatively, up to the highest of `ackIds` (see
   * {@link ArgoMessagingService.ackSub}).
   * @throws {AmsTimeoutException} 408 `ack timeout`: the deadline passed since the last pull; the
   * messages come again
   * @throws {InputValidationError} when `ackIds` is empty or holds an id of another subscription
   */
  ack(ackIds: string[], options?: CallOptions): Promise<true> {
    return this.#ams.ackSub(this.fullname, ackIds, options);
  }

  /**
   * Pulls, acks, and resolves with the messages once acked (at most once); pulls again after a
   * failed ack, at most `maxResets` times (see {@link ArgoMessagingService.pullackSub}).
   */
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

  /**
   * POST `…:modifyPushConfig`: sets the push configuration, or, without `pushEndpoint`, turns push
   * off; resolves with the subscription as AMS then returns it.
   */
  pushconfig(options?: PushConfigOptions & CallOptions): Promise<AmsSubscriptionInfo> {
    return this.#ams.pushconfigSub(this.fullname, options);
  }

  /**
   * GET `…:timeToOffset?time=`: the first offset published at or after `time` (sent as UTC
   * `YYYY-MM-DDTHH:MM:SS.mmmZ`). Does not move the cursor (see `offsets({ moveTo })`).
   * @throws {AmsServiceException} 409 when nothing was published at or after `time`
   */
  timeToOffset(time: Date, options?: CallOptions): Promise<number> {
    return this.#ams.timeToOffsetSub(this.fullname, time, options);
  }

  /**
   * GET `…:acl`: the users allowed to pull when only `consumer`; with `users`, POST `…:modifyAcl`
   * replaces the list first.
   * @throws {AmsServiceException} 404 when one of `users` does not exist
   */
  async acl(users?: string[], options?: CallOptions): Promise<string[]> {
    if (users !== undefined) await this.#ams.modifyaclSub(this.fullname, users, options);
    return this.#ams.getaclSub(this.fullname, options);
  }

  /** Starts the consume loop on this subscription. */
  subscribe(handler: (message: AmsMessage) => unknown, options?: SubscribeOptions): Subscriber {
    return this.#ams.subscribe(this.fullname, handler, options);
  }

  /**
   * DELETE `/projects/{p}/subscriptions/{s}`. A retried delete whose first attempt landed resolves.
   * @throws {AmsServiceException} 404 when the subscription does not exist
   */
  delete(options?: CallOptions): Promise<void> {
    return this.#ams.deleteSub(this.fullname, options);
  }
}

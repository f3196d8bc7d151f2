import type { CallOptions } from './ams-core.js';
import type { Offsets } from './offsets.js';
import * as offsets from './offsets.js';
import type { AmsPage, PageOptions } from './paging.js';
import type { AmsSubscriptionInfo, CreateSubOptions, PushConfigOptions } from './subscriptions.js';
import * as subs from './subscriptions.js';
import { AmsTopicsApi } from './topics-api.js';

export type { Offsets } from './offsets.js';
export type {
  AmsSubscriptionInfo,
  CreateSubOptions,
  PushConfigOptions,
} from './subscriptions.js';

/** Subscription calls: create, get, delete, list, push config, ACLs, offsets. */
export class AmsSubscriptionsApi extends AmsTopicsApi {
  /** @internal */
  protected subPath(sub: string): string {
    return subs.subPath(this, sub);
  }

  /** Creates a pull (or, with `pushEndpoint`, push) subscription on `topic`. */
  createSub(sub: string, topic: string, options?: CreateSubOptions): Promise<AmsSubscriptionInfo> {
    return subs.createSub(this, sub, topic, options);
  }

  /**
   * GET `/projects/{p}/subscriptions/{s}`: the subscription's topic, ack deadline and push config.
   * @throws {AmsServiceException} 404 `Subscription doesn't exist`
   */
  getSub(sub: string, options?: CallOptions): Promise<AmsSubscriptionInfo> {
    return subs.getSub(this, sub, options);
  }

  /**
   * DELETE `/projects/{p}/subscriptions/{s}`. A retried delete whose first attempt landed resolves.
   * @throws {AmsServiceException} 404 `Subscription doesn't exist`
   */
  deleteSub(sub: string, options?: CallOptions): Promise<void> {
    return subs.deleteSub(this, sub, options);
  }

  /**
   * GET `/projects/{p}/subscriptions?pageSize&pageToken`: one page of the client project's
   * subscriptions, newest first (`pageSize` 0 = all); `nextPageToken` is `''` on the last page.
   */
  listSubs(options?: PageOptions): Promise<AmsPage<AmsSubscriptionInfo>> {
    return subs.listSubs(this, options);
  }

  /** Every subscription (of `topic`, when given), page after page. */
  iterSubs(topic?: string, options?: PageOptions): AsyncGenerator<AmsSubscriptionInfo> {
    return subs.iterSubs(this, topic, options);
  }

  /** True when the subscription exists; false on 404; other errors are thrown. */
  hasSub(sub: string, options?: CallOptions): Promise<boolean> {
    return subs.hasSub(this, sub, options);
  }

  /** Sets (or, without `pushEndpoint`, clears) the push configuration; returns the subscription. */
  pushconfigSub(
    sub: string,
    options?: PushConfigOptions & CallOptions,
  ): Promise<AmsSubscriptionInfo> {
    return subs.pushconfigSub(this, sub, options);
  }

  /** Changes the subscription-wide ack deadline (0..600 s). */
  modifyAckDeadline(sub: string, seconds: number, options?: CallOptions): Promise<void> {
    return subs.modifyAckDeadline(this, sub, seconds, options);
  }

  /**
   * GET `…/subscriptions/{s}:acl`: the names of the users allowed to pull from it when they are
   * only `consumer` in the project.
   */
  getaclSub(sub: string, options?: CallOptions): Promise<string[]> {
    return subs.getaclSub(this, sub, options);
  }

  /**
   * POST `…/subscriptions/{s}:modifyAcl`: replaces the subscription's ACL with `users`.
   * @throws {AmsServiceException} 404 `User(s): a,b do not exist`
   */
  modifyaclSub(sub: string, users: string[], options?: CallOptions): Promise<void> {
    return subs.modifyaclSub(this, sub, users, options);
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
    return offsets.getoffsetsSub(this, sub, which, options);
  }

  /** Moves the cursor to `offset` (0 included, unlike the seed); outstanding ackIds stop working. */
  modifyoffsetSub(sub: string, offset: number, options?: CallOptions): Promise<void> {
    return offsets.modifyoffsetSub(this, sub, offset, options);
  }

  /** The first offset published at or after `time` (sent as UTC `…sssZ`). */
  timeToOffsetSub(sub: string, time: Date, options?: CallOptions): Promise<number> {
    return offsets.timeToOffsetSub(this, sub, time, options);
  }
}

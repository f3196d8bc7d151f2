import { buildPath } from '@connectorkit/http-core';
import { isAmsServiceException } from '../errors.js';
import { type CallOptions, requestOnly } from './ams-core.js';
import {
  AckDeadlineSchema,
  CreateSubOptionsSchema,
  OffsetSchema,
  PageOptionsSchema,
  PushConfigOptionsSchema,
  TimeSchema,
  UsersSchema,
  WhichOffsetSchema,
} from './call-schemas.js';
import { check, checkCall } from './input-rules.js';
import { earlierAttemptLanded, unlessDeleted } from './lost-answer.js';
import { resolveName } from './names.js';
import { type AmsPage, AmsTopicsApi, type PageOptions, pageParams } from './topics-api.js';
import {
  AclWire,
  EmptyWire,
  OffsetsWire,
  OffsetWire,
  SubscriptionPageWire,
  SubscriptionWire,
} from './wire-schemas.js';

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

/** A subscription's offsets in its topic, as GET `…:offsets` returns them. */
export interface Offsets {
  /** The next offset to be written (one past the newest message). */
  max: number;
  /** The oldest offset still retained (about 7 days). */
  min: number;
  /** The committed cursor: the next pull starts there. */
  current: number;
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

/** Subscription calls: create, get, delete, list, push config, ACLs, offsets. */
export class AmsSubscriptionsApi extends AmsTopicsApi {
  /** @internal */
  protected subPath(sub: string): string {
    const { project, name } = resolveName('subscriptions', sub, this.project);
    return (
      this.projectPath(project) + buildPath('/subscriptions/{subscription}', { subscription: name })
    );
  }

  /** Creates a pull (or, with `pushEndpoint`, push) subscription on `topic`. */
  async createSub(
    sub: string,
    topic: string,
    options: CreateSubOptions = {},
  ): Promise<AmsSubscriptionInfo> {
    const path = this.subPath(sub);
    const t = resolveName('topics', topic, this.project);
    check(CreateSubOptionsSchema, options, 'createSub options');
    const push = pushConfigBody(options);
    const topicName = `projects/${t.project}/topics/${t.name}`;
    try {
      return await this.call('sub_create', path, SubscriptionWire, {
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
      const made = await this.getSub(sub, requestOnly(options));
      if (made.topic.replace(/^\//, '') !== topicName) throw error;
      return made;
    }
  }

  /**
   * GET `/projects/{p}/subscriptions/{s}`: the subscription's topic, ack deadline and push config.
   * @throws {AmsServiceException} 404 `Subscription doesn't exist`
   */
  async getSub(sub: string, options: CallOptions = {}): Promise<AmsSubscriptionInfo> {
    checkCall(options, 'getSub');
    return this.call('sub_get', this.subPath(sub), SubscriptionWire, { options });
  }

  /**
   * DELETE `/projects/{p}/subscriptions/{s}`. A retried delete whose first attempt landed resolves.
   * @throws {AmsServiceException} 404 `Subscription doesn't exist`
   */
  async deleteSub(sub: string, options: CallOptions = {}): Promise<void> {
    const path = this.subPath(sub);
    checkCall(options, 'deleteSub');
    await this.call('sub_delete', path, EmptyWire, {
      method: 'DELETE',
      options,
    }).catch(unlessDeleted);
  }

  /**
   * GET `/projects/{p}/subscriptions?pageSize&pageToken`: one page of the client project's
   * subscriptions, newest first (`pageSize` 0 = all); `nextPageToken` is `''` on the last page.
   */
  async listSubs(options: PageOptions = {}): Promise<AmsPage<AmsSubscriptionInfo>> {
    check(PageOptionsSchema, options, 'listSubs options');
    const page = await this.call(
      'sub_list',
      `${this.projectPath()}/subscriptions`,
      SubscriptionPageWire,
      { searchParams: pageParams(options), options },
    );
    return {
      items: page.subscriptions,
      nextPageToken: page.nextPageToken,
      totalSize: page.totalSize,
    };
  }

  /** Every subscription (of `topic`, when given), page after page. */
  async *iterSubs(topic?: string, options: PageOptions = {}): AsyncGenerator<AmsSubscriptionInfo> {
    const full = topic === undefined ? undefined : this.topicPath(topic);
    check(PageOptionsSchema, options, 'iterSubs options');
    let pageToken = options.pageToken ?? '';
    do {
      const page = await this.listSubs({
        ...options,
        pageSize: options.pageSize ?? 100,
        pageToken,
      });
      for (const s of page.items) if (full === undefined || s.topic === full) yield s;
      pageToken = page.nextPageToken;
    } while (pageToken);
  }

  /** True when the subscription exists; false on 404; other errors are thrown. */
  async hasSub(sub: string, options: CallOptions = {}): Promise<boolean> {
    this.subPath(sub);
    checkCall(options, 'hasSub');
    try {
      await this.getSub(sub, options);
      return true;
    } catch (error) {
      if (isAmsServiceException(error) && error.status === 404) return false;
      throw error;
    }
  }

  /** Sets (or, without `pushEndpoint`, clears) the push configuration; returns the subscription. */
  async pushconfigSub(
    sub: string,
    options: PushConfigOptions & CallOptions = {},
  ): Promise<AmsSubscriptionInfo> {
    const path = this.subPath(sub);
    check(PushConfigOptionsSchema, options, 'pushconfigSub options');
    await this.call('sub_pushconfig', `${path}:modifyPushConfig`, EmptyWire, {
      method: 'POST',
      body: { pushConfig: pushConfigBody(options) },
      options,
      idempotent: true,
    });
    return this.getSub(sub, options);
  }

  /** Changes the subscription-wide ack deadline (0..600 s). */
  async modifyAckDeadline(sub: string, seconds: number, options: CallOptions = {}): Promise<void> {
    const path = this.subPath(sub);
    check(AckDeadlineSchema, seconds, 'seconds');
    checkCall(options, 'modifyAckDeadline');
    await this.call('sub_mod_ack', `${path}:modifyAckDeadline`, EmptyWire, {
      method: 'POST',
      body: { ackDeadlineSeconds: seconds },
      options,
      idempotent: true,
    });
  }

  /**
   * GET `…/subscriptions/{s}:acl`: the names of the users allowed to pull from it when they are
   * only `consumer` in the project.
   */
  async getaclSub(sub: string, options: CallOptions = {}): Promise<string[]> {
    const path = this.subPath(sub);
    checkCall(options, 'getaclSub');
    const acl = await this.call('sub_getacl', `${path}:acl`, AclWire, {
      options,
    });
    return acl.authorized_users;
  }

  /**
   * POST `…/subscriptions/{s}:modifyAcl`: replaces the subscription's ACL with `users`.
   * @throws {AmsServiceException} 404 `User(s): a,b do not exist`
   */
  async modifyaclSub(sub: string, users: string[], options: CallOptions = {}): Promise<void> {
    const path = this.subPath(sub);
    check(UsersSchema, users, 'users');
    checkCall(options, 'modifyaclSub');
    await this.call('sub_modifyacl', `${path}:modifyAcl`, EmptyWire, {
      method: 'POST',
      body: { authorized_users: users },
      options,
      idempotent: true,
    });
  }

  /** `{max, min, current}`, or one of them. */
  async getoffsetsSub(sub: string, options?: CallOptions): Promise<Offsets>;
  async getoffsetsSub(
    sub: string,
    which: 'max' | 'min' | 'current',
    options?: CallOptions,
  ): Promise<number>;
  async getoffsetsSub(
    sub: string,
    which?: 'max' | 'min' | 'current' | CallOptions,
    options: CallOptions = {},
  ): Promise<Offsets | number> {
    const path = this.subPath(sub);
    if (typeof which === 'string') check(WhichOffsetSchema, which, 'which');
    const opts = typeof which === 'string' ? options : which;
    checkCall(opts, 'getoffsetsSub');
    const offsets = await this.call('sub_offsets', `${path}:offsets`, OffsetsWire, {
      options: opts,
    });
    return typeof which === 'string' ? offsets[which] : offsets;
  }

  /** Moves the cursor to `offset` (0 included, unlike the seed); outstanding ackIds stop working. */
  async modifyoffsetSub(sub: string, offset: number, options: CallOptions = {}): Promise<void> {
    const path = this.subPath(sub);
    check(OffsetSchema, offset, 'offset');
    checkCall(options, 'modifyoffsetSub');
    await this.call('sub_mod_offset', `${path}:modifyOffset`, EmptyWire, {
      method: 'POST',
      body: { offset },
      options,
      idempotent: true,
    });
  }

  /** The first offset published at or after `time` (sent as UTC `…sssZ`). */
  async timeToOffsetSub(sub: string, time: Date, options: CallOptions = {}): Promise<number> {
    const path = this.subPath(sub);
    check(TimeSchema, time, 'time');
    checkCall(options, 'timeToOffsetSub');
    const result = await this.call('sub_timeToOffset', `${path}:timeToOffset`, OffsetWire, {
      searchParams: { time: time.toISOString() },
      options,
    });
    return result.offset;
  }
}

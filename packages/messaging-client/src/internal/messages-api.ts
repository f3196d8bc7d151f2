import { AmsMessage, type WireMessage } from '../ams-message.js';
import {
  AmsMessageException,
  isAmsException,
  isAmsMessageException,
  isAmsServiceException,
} from '../errors.js';
import { type CallOptions, requestOnly } from './ams-core.js';
import {
  ackIdsOf,
  MessageListSchema,
  MessageSchema,
  PullackOptionsSchema,
  PullOptionsSchema,
  PulloptKeySchema,
  PulloptValueSchemas,
  TimeSchema,
} from './call-schemas.js';
import { check, checkCall } from './input-rules.js';
import { resolveName } from './names.js';
import { AmsSubscriptionsApi } from './subscriptions-api.js';
import { EmptyWire, PullWire, publishWire } from './wire-schemas.js';

/** A pulled message with its ackId. */
export interface ReceivedMessage {
  ackId: string;
  message: AmsMessage;
}

/** Options of {@link ArgoMessagingService.pullSub} and {@link AmsSubscription.pull}. */
export interface PullOptions extends CallOptions {
  /** Messages at most. @default the `maxMessages` pull option ("1") */
  num?: number;
  /** @default true (the seed's false can block 300 s) */
  returnImmediately?: boolean;
}

/** Options of {@link ArgoMessagingService.pullackSub} and {@link AmsSubscription.pullack}. */
export interface PullackOptions extends PullOptions {
  /** Pull again after a failed ack at most this many times, then throw. @default 3 */
  maxResets?: number;
}

type PullOption = 'maxMessages' | 'returnImmediately';

/** The offset an ackId ends with. */
const offsetOf = (ackId: string): number => Number(ackId.slice(ackId.lastIndexOf(':') + 1));

/** The plain check of every ack: ids of this subscription, `{prefix}{offset}`. */
const isAckIdsOf = (ids: unknown, prefix: string): boolean =>
  Array.isArray(ids) &&
  ids.length > 0 &&
  ids.every(
    (id) =>
      typeof id === 'string' && id.startsWith(prefix) && /^\d+$/.test(id.slice(prefix.length)),
  );

/** Message calls: publish, pull, ack, pullack, and seeking. */
export class AmsMessagesApi extends AmsSubscriptionsApi {
  /** @internal */
  protected readonly pullopts: Record<PullOption, string> = {
    maxMessages: '1',
    returnImmediately: 'true',
  };

  /** Stores a default pull option (as a string, as AMS wants it). */
  setPullopt(key: PullOption, value: string | number | boolean): void {
    check(PulloptKeySchema, key, 'key');
    check(PulloptValueSchemas[key], value, key);
    this.pullopts[key] = String(value);
  }

  /**
   * A default pull option as stored (a string, as AMS wants it): `maxMessages` (`'1'` until
   * changed) or `returnImmediately` (`'true'` until changed).
   * @throws {InputValidationError} when `key` is neither
   */
  getPullopt(key: PullOption): string {
    check(PulloptKeySchema, key, 'key');
    return this.pullopts[key];
  }

  /** Publishes one or many messages; resolves with their ids. Retried per the seed's knobs. */
  async publish(
    topic: string,
    messages: AmsMessage | AmsMessage[],
    options: CallOptions = {},
  ): Promise<string[]> {
    this.topicPath(topic);
    const list = Array.isArray(messages) ? messages : [messages];
    if (!(list.length > 0 && list.every((m) => m instanceof AmsMessage))) {
      check(Array.isArray(messages) ? MessageListSchema : MessageSchema, messages, 'messages');
    }
    checkCall(options, 'publish');
    const limit = this.maxMessageBytes;
    const wires = list.map((m, i) => {
      try {
        return m.toWire(limit);
      } catch (error) {
        if (!isAmsMessageException(error) || list.length === 1) throw error;
        throw new AmsMessageException(
          `messages[${i}]: ${error.message}`,
          'messages',
          `messages.${i}`,
        );
      }
    });
    return this.publishWire(topic, wires, options);
  }

  /** @internal Publishes messages already in their wire form. */
  protected async publishWire(
    topic: string,
    wires: WireMessage[],
    options: CallOptions = {},
  ): Promise<string[]> {
    const body = { messages: wires };
    const retry = this.retryFor(options);
    const result = await this.call(
      'topic_publish',
      `${this.topicPath(topic)}:publish`,
      publishWire(wires.length),
      {
        method: 'POST',
        body,
        options,
        idempotent: true,
        ...(retry ? { retry } : {}),
      },
    );
    return result.messageIds;
  }

  /** Pulls from the committed cursor: the same messages come again until acked. */
  async pullSub(sub: string, options: PullOptions = {}): Promise<ReceivedMessage[]> {
    const path = this.subPath(sub);
    check(PullOptionsSchema, options, 'pullSub options');
    const retry = this.retryFor(options);
    const immediate =
      options.returnImmediately !== undefined
        ? String(options.returnImmediately)
        : this.pullopts.returnImmediately;
    const result = await this.call('sub_pull', `${path}:pull`, PullWire, {
      method: 'POST',
      body: {
        maxMessages: options.num !== undefined ? String(options.num) : this.pullopts.maxMessages,
        returnImmediately: immediate,
      },
      options,
      idempotent: true,
      ...(retry ? { retry } : {}),
      // The server may hold a "false" pull for up to 300 s: wait longer than that.
      ...(immediate === 'false' ? { timeout: 310_000 } : {}),
    });
    return result.receivedMessages.map((r) => ({
      ackId: r.ackId,
      message: AmsMessage.fromWire(r.message),
    }));
  }

  /**
   * Acks cumulatively up to the highest ackId. A retried ack that gets `500 no ack pending` or
   * `wrong ack` checks the offsets: if the cursor moved past the ids, an earlier attempt landed.
   */
  async ackSub(sub: string, ackIds: string[], options: CallOptions = {}): Promise<true> {
    const { project, name } = resolveName('subscriptions', sub, this.project);
    const path = this.subPath(sub);
    const prefix = `projects/${project}/subscriptions/${name}:`;
    if (!isAckIdsOf(ackIds, prefix)) check(ackIdsOf(prefix), ackIds, 'ackIds');
    checkCall(options, 'ackSub');
    try {
      await this.call('sub_ack', `${path}:acknowledge`, EmptyWire, {
        method: 'POST',
        body: { ackIds },
        options,
        idempotent: true,
        retry: { ...(this.retryFor(options) ?? this.retryBase), statusCodes: [429, 502, 503, 504] },
      });
      return true;
    } catch (error) {
      const highest = ackIds.reduce((max, id) => Math.max(max, offsetOf(id)), -1);
      if (isAmsServiceException(error) && error.status === 500 && error.retryCount > 0) {
        const offsets = await this.getoffsetsSub(sub, options);
        if (offsets.current > highest) return true;
      }
      throw error;
    }
  }

  /**
   * Pulls, acks, and returns the messages once acked (at most once). After a failed ack it pulls
   * again (a fresh deadline), at most `maxResets` times; 401/403/404 are thrown at once.
   */
  async pullackSub(sub: string, options: PullackOptions = {}): Promise<AmsMessage[]> {
    this.subPath(sub);
    check(PullackOptionsSchema, options, 'pullackSub options');
    const maxResets = options.maxResets ?? 3;
    for (let reset = 0; ; reset++) {
      const received = await this.pullSub(sub, options);
      if (received.length === 0) return [];
      try {
        await this.ackSub(
          sub,
          received.map((r) => r.ackId),
          requestOnly(options),
        );
        return received.map((r) => r.message);
      } catch (error) {
        const permanent =
          isAmsServiceException(error) && [400, 401, 403, 404].includes(error.status);
        if (!isAmsException(error) || permanent || reset >= maxResets) throw error;
        this.warn(`pullack: ack failed (${error.message}); pulling again`);
      }
    }
  }

  /** Moves the cursor to the first message published at or after `time` (the end if none). */
  async seekToTime(sub: string, time: Date, options: CallOptions = {}): Promise<number> {
    this.subPath(sub);
    check(TimeSchema, time, 'time');
    checkCall(options, 'seekToTime');
    const { min, max } = await this.getoffsetsSub(sub, options);
    let target: number;
    try {
      target = await this.timeToOffsetSub(sub, time, options);
    } catch (error) {
      if (!(isAmsServiceException(error) && error.status === 409)) throw error;
      target = max;
    }
    const clamped = Math.min(max, Math.max(min, target));
    await this.modifyoffsetSub(sub, clamped, options);
    return clamped;
  }

  /** Moves the cursor to the oldest retained message. */
  async seekToStart(sub: string, options: CallOptions = {}): Promise<number> {
    this.subPath(sub);
    checkCall(options, 'seekToStart');
    const { min } = await this.getoffsetsSub(sub, options);
    await this.modifyoffsetSub(sub, min, options);
    return min;
  }

  /** Moves the cursor past the last message. */
  async seekToEnd(sub: string, options: CallOptions = {}): Promise<number> {
    this.subPath(sub);
    checkCall(options, 'seekToEnd');
    const { max } = await this.getoffsetsSub(sub, options);
    await this.modifyoffsetSub(sub, max, options);
    return max;
  }
}

import type { AmsMessage, WireMessage } from '../ams-message.js';
import type { CallOptions, PullOption } from './ams-core.js';
import type { PullackOptions, PullOptions, ReceivedMessage } from './messages.js';
import * as msgs from './messages.js';
import * as offsets from './offsets.js';
import { AmsSubscriptionsApi } from './subscriptions-api.js';

export type { PullackOptions, PullOptions, ReceivedMessage } from './messages.js';

/** Message calls: publish, pull, ack, pullack, and seeking. */
export class AmsMessagesApi extends AmsSubscriptionsApi {
  /** Stores a default pull option (as a string, as AMS wants it). */
  setPullopt(key: PullOption, value: string | number | boolean): void {
    msgs.setPullopt(this, key, value);
  }

  /**
   * A default pull option as stored (a string, as AMS wants it): `maxMessages` (`'1'` until
   * changed) or `returnImmediately` (`'true'` until changed).
   * @throws {InputValidationError} when `key` is neither
   */
  getPullopt(key: PullOption): string {
    return msgs.getPullopt(this, key);
  }

  /** Publishes one or many messages; resolves with their ids. Retried per the seed's knobs. */
  publish(
    topic: string,
    messages: AmsMessage | AmsMessage[],
    options?: CallOptions,
  ): Promise<string[]> {
    return msgs.publish(this, topic, messages, options);
  }

  /** @internal Publishes messages already in their wire form. */
  protected publishWire(
    topic: string,
    wires: WireMessage[],
    options?: CallOptions,
  ): Promise<string[]> {
    return msgs.publishWire(this, topic, wires, options);
  }

  /** Pulls from the committed cursor: the same messages come again until acked. */
  pullSub(sub: string, options?: PullOptions): Promise<ReceivedMessage[]> {
    return msgs.pullSub(this, sub, options);
  }

  /**
   * Acks cumulatively up to the highest ackId. A retried ack that gets `500 no ack pending` or
   * `wrong ack` checks the offsets: if the cursor moved past the ids, an earlier attempt landed.
   */
  ackSub(sub: string, ackIds: string[], options?: CallOptions): Promise<true> {
    return msgs.ackSub(this, sub, ackIds, options);
  }

  /**
   * Pulls, acks, and returns the messages once acked (at most once). After a failed ack it pulls
   * again (a fresh deadline), at most `maxResets` times; 401/403/404 are thrown at once.
   */
  pullackSub(sub: string, options?: PullackOptions): Promise<AmsMessage[]> {
    return msgs.pullackSub(this, sub, options);
  }

  /** Moves the cursor to the first message published at or after `time` (the end if none). */
  seekToTime(sub: string, time: Date, options?: CallOptions): Promise<number> {
    return offsets.seekToTime(this, sub, time, options);
  }

  /** Moves the cursor to the oldest retained message. */
  seekToStart(sub: string, options?: CallOptions): Promise<number> {
    return offsets.seekToStart(this, sub, options);
  }

  /** Moves the cursor past the last message. */
  seekToEnd(sub: string, options?: CallOptions): Promise<number> {
    return offsets.seekToEnd(this, sub, options);
  }
}

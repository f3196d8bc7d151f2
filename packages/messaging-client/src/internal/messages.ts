import { AmsMessage, type WireMessage } from '../ams-message.js';
import {
  AmsMessageException,
  isAmsException,
  isAmsMessageException,
  isAmsServiceException,
} from '../errors.js';
import { type AmsCore, type CallOptions, type PullOption, requestOnly } from './ams-core.js';
import {
  ackIdsOf,
  MessageListSchema,
  MessageSchema,
  PullackOptionsSchema,
  PullOptionsSchema,
  PulloptKeySchema,
  PulloptValueSchemas,
} from './call-schemas.js';
import { check, checkCall } from './input-rules.js';
import { resolveName } from './names.js';
import { getoffsetsSub } from './offsets.js';
import { subPath } from './subscriptions.js';
import { topicPath } from './topics.js';
import { EmptyWire, PullWire, publishWire as publishAnswer } from './wire-schemas.js';

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

export function setPullopt(core: AmsCore, key: PullOption, value: string | number | boolean): void {
  check(PulloptKeySchema, key, 'key');
  check(PulloptValueSchemas[key], value, key);
  core.pullopts[key] = String(value);
}

export function getPullopt(core: AmsCore, key: PullOption): string {
  check(PulloptKeySchema, key, 'key');
  return core.pullopts[key];
}

export async function publish(
  core: AmsCore,
  topic: string,
  messages: AmsMessage | AmsMessage[],
  options: CallOptions = {},
): Promise<string[]> {
  topicPath(core, topic);
  const list = Array.isArray(messages) ? messages : [messages];
  if (!(list.length > 0 && list.every((m) => m instanceof AmsMessage))) {
    check(Array.isArray(messages) ? MessageListSchema : MessageSchema, messages, 'messages');
  }
  checkCall(options, 'publish');
  const limit = core.maxMessageBytes;
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
  return publishWire(core, topic, wires, options);
}

/** Publishes messages already in their wire form. */
export async function publishWire(
  core: AmsCore,
  topic: string,
  wires: WireMessage[],
  options: CallOptions = {},
): Promise<string[]> {
  const body = { messages: wires };
  const retry = core.retryFor(options);
  const result = await core.call(
    'topic_publish',
    `${topicPath(core, topic)}:publish`,
    publishAnswer(wires.length),
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

export async function pullSub(
  core: AmsCore,
  sub: string,
  options: PullOptions = {},
): Promise<ReceivedMessage[]> {
  const path = subPath(core, sub);
  check(PullOptionsSchema, options, 'pullSub options');
  const retry = core.retryFor(options);
  const immediate =
    options.returnImmediately !== undefined
      ? String(options.returnImmediately)
      : core.pullopts.returnImmediately;
  const result = await core.call('sub_pull', `${path}:pull`, PullWire, {
    method: 'POST',
    body: {
      maxMessages: options.num !== undefined ? String(options.num) : core.pullopts.maxMessages,
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

export async function ackSub(
  core: AmsCore,
  sub: string,
  ackIds: string[],
  options: CallOptions = {},
): Promise<true> {
  const { project, name } = resolveName('subscriptions', sub, core.project);
  const path = subPath(core, sub);
  const prefix = `projects/${project}/subscriptions/${name}:`;
  if (!isAckIdsOf(ackIds, prefix)) check(ackIdsOf(prefix), ackIds, 'ackIds');
  checkCall(options, 'ackSub');
  try {
    await core.call('sub_ack', `${path}:acknowledge`, EmptyWire, {
      method: 'POST',
      body: { ackIds },
      options,
      idempotent: true,
      retry: { ...(core.retryFor(options) ?? core.retryBase), statusCodes: [429, 502, 503, 504] },
    });
    return true;
  } catch (error) {
    const highest = ackIds.reduce((max, id) => Math.max(max, offsetOf(id)), -1);
    if (isAmsServiceException(error) && error.status === 500 && error.retryCount > 0) {
      const offsets = await getoffsetsSub(core, sub, options);
      if (offsets.current > highest) return true;
    }
    throw error;
  }
}

export async function pullackSub(
  core: AmsCore,
  sub: string,
  options: PullackOptions = {},
): Promise<AmsMessage[]> {
  subPath(core, sub);
  check(PullackOptionsSchema, options, 'pullackSub options');
  const maxResets = options.maxResets ?? 3;
  for (let reset = 0; ; reset++) {
    const received = await pullSub(core, sub, options);
    if (received.length === 0) return [];
    try {
      await ackSub(
        core,
        sub,
        received.map((r) => r.ackId),
        requestOnly(options),
      );
      return received.map((r) => r.message);
    } catch (error) {
      const permanent = isAmsServiceException(error) && [400, 401, 403, 404].includes(error.status);
      if (!isAmsException(error) || permanent || reset >= maxResets) throw error;
      core.warn(`pullack: ack failed (${error.message}); pulling again`);
    }
  }
}

import { validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';
import { AmsMessage, MAX_MESSAGE_BYTES, type WireMessage } from '../ams-message.js';
import { callEntries, ms, options as optionsOf, whole } from './input-rules.js';

const Count = v.optional(whole(1));
const PublisherOptionsSchema = optionsOf({
  ...callEntries,
  maxMessages: Count,
  maxBytes: Count,
  maxDelayMs: v.optional(ms),
  maxInFlight: Count,
});
const MessageSchema = v.union(
  [v.string(), v.instance(Uint8Array), v.instance(AmsMessage)],
  'must be an AmsMessage, a string or a Uint8Array',
);

/** Options of {@link ArgoMessagingService.publisher}: when a batch goes, and how many at once. */
export interface PublisherOptions {
  /** Messages per request. @default 100 */
  maxMessages?: number;
  /** Base64 bytes per request. @default 1_000_000 */
  maxBytes?: number;
  /** Longest a message waits for its batch, in ms. @default 10 */
  maxDelayMs?: number;
  /**
   * Publish requests at once; further full batches wait for one to finish, so a producer that
   * does not await cannot open a request per batch all at once. @default 4
   */
  maxInFlight?: number;
}

/** Queues messages and publishes them in batches; each publish resolves to its message id. */
export interface AmsPublisher {
  /**
   * Queues a message (an `AmsMessage`, or text or bytes with optional `attributes`) and resolves
   * with its id once its batch is published. The batch goes when it holds `maxMessages` or
   * `maxBytes`, or `maxDelayMs` after its first message. A message that cannot be sent rejects at
   * once, before any request ({@link AmsMessageException} when too large or with a `"` or `\` in
   * an attribute, `InputValidationError` for a wrong type); a failed request rejects every
   * message of its batch.
   */
  publish(
    message: AmsMessage | string | Uint8Array,
    attributes?: Record<string, string>,
  ): Promise<string>;
  /** Sends what is queued and waits for every request in flight. */
  flush(): Promise<void>;
}

interface Pending {
  wire: WireMessage;
  resolve(id: string): void;
  reject(error: unknown): void;
}

export function createBatchingPublisher(
  send: (wires: WireMessage[]) => Promise<string[]>,
  options: PublisherOptions = {},
  maxMessageBytes: number = MAX_MESSAGE_BYTES,
): AmsPublisher {
  validateInput(PublisherOptionsSchema, options, 'publisher options');
  const maxMessages = options.maxMessages ?? 100;
  const maxBytes = options.maxBytes ?? 1_000_000;
  const maxDelayMs = options.maxDelayMs ?? 10;
  let queue: Pending[] = [];
  let bytes = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const maxInFlight = options.maxInFlight ?? 4;
  const inFlight = new Set<Promise<void>>();
  /** Batches cut and waiting for a free request slot, in order. */
  const waiting: Pending[][] = [];

  const start = (batch: Pending[]) => {
    const request = send(batch.map((p) => p.wire)).then(
      (ids) => {
        batch.forEach((p, i) => {
          p.resolve(ids[i] ?? '');
        });
      },
      // AMS keeps the messages before a failing one: a retry may duplicate them (at least once).
      (error: unknown) => {
        for (const p of batch) p.reject(error);
      },
    );
    inFlight.add(request);
    void request.finally(() => {
      inFlight.delete(request);
      pump();
    });
  };
  const pump = () => {
    while (inFlight.size < maxInFlight && waiting.length > 0) start(waiting.shift() as Pending[]);
  };
  const sendNow = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return;
    waiting.push(queue);
    queue = [];
    bytes = 0;
    pump();
  };

  return {
    publish(message, attributes) {
      let wire: WireMessage;
      try {
        if (!(message instanceof AmsMessage || typeof message === 'string')) {
          validateInput(MessageSchema, message, 'message');
        }
        const m =
          message instanceof AmsMessage
            ? message
            : new AmsMessage({
                data: message,
                ...(attributes !== undefined ? { attributes } : {}),
              });
        wire = m.toWire(maxMessageBytes);
      } catch (error) {
        return Promise.reject(error);
      }
      const size = wire.data.length + 64;
      if (queue.length > 0 && bytes + size > maxBytes) sendNow();
      return new Promise<string>((resolve, reject) => {
        queue.push({ wire, resolve, reject });
        bytes += size;
        if (queue.length >= maxMessages || bytes >= maxBytes) sendNow();
        else timer ??= setTimeout(sendNow, maxDelayMs);
      });
    },
    async flush() {
      sendNow();
      while (inFlight.size > 0 || waiting.length > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

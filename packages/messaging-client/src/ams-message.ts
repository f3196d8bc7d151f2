import { validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';
import { AmsMessageException } from './errors.js';

/** The broker's limit per message (AMS `MaxMessageBytes`, reference §8 item 11). */
export const MAX_MESSAGE_BYTES = 1_500_000;

/**
 * What AMS adds to a message before storing it: its `messageId` and `publishTime` (about 80
 * bytes of JSON), rounded up. Unverified against a real broker: see the README's Errors section.
 */
const STORED_OVERHEAD = 100;

/** A message as it travels: base64 `data` and string attributes. */
export interface WireMessage {
  data: string;
  attributes?: Record<string, string>;
  messageId?: string;
  publishTime?: string;
}

export interface AmsMessageInit {
  /** Text (sent as UTF-8) or bytes; base64-encoded on the wire. */
  data?: string | Uint8Array;
  attributes?: Record<string, string>;
  messageId?: string;
  publishTime?: string;
}

const BAD_ATTRIBUTE = /["\\]/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const isData = (x: unknown): x is string | Uint8Array =>
  typeof x === 'string' || x instanceof Uint8Array;
const isText = (x: unknown): boolean => x === undefined || typeof x === 'string';
const isAttributes = (x: unknown): boolean =>
  isRecord(x) && Object.values(x).every((value) => typeof value === 'string');

const data = v.custom<string | Uint8Array>(isData, 'must be a string or a Uint8Array');
const attributes = v.pipe(
  v.custom<Record<string, unknown>>(isRecord, 'must be an object of strings'),
  v.record(v.string(), v.string('must be a string')),
);
const InitSchema = v.pipe(
  v.custom<Record<string, unknown>>(isRecord, 'must be an object { data?, attributes? }'),
  v.looseObject({
    data: v.optional(data),
    attributes: v.optional(attributes),
    messageId: v.optional(v.string('must be a string')),
    publishTime: v.optional(v.string('must be a string')),
  }),
);
const AttributeSchema = v.string('must be a string');
const LimitSchema = v.pipe(
  v.number('must be a number'),
  v.integer('must be a whole number'),
  v.minValue(1, 'must be 1 or more'),
);

/** A message to publish or one pulled (argo-ams-library's `AmsMessage`, data always bytes). */
export class AmsMessage {
  data: Uint8Array;
  attributes: Record<string, string>;
  readonly messageId: string;
  readonly publishTime: string;

  constructor(init: AmsMessageInit) {
    const fast =
      isRecord(init) &&
      (init.data === undefined || isData(init.data)) &&
      (init.attributes === undefined || isAttributes(init.attributes)) &&
      isText(init.messageId) &&
      isText(init.publishTime);
    if (!fast) validateInput(InitSchema, init, 'AmsMessage');
    if (init.data === undefined && !init.attributes) {
      throw new AmsMessageException('AmsMessage needs data or attributes', 'AmsMessage');
    }
    this.data = toBytes(init.data ?? new Uint8Array(0));
    this.attributes = { ...init.attributes };
    for (const [k, value] of Object.entries(this.attributes)) checkAttribute(k, value);
    this.messageId = init.messageId ?? '';
    this.publishTime = init.publishTime ?? '';
  }

  /** The data decoded as UTF-8. */
  text(): string {
    return decoder.decode(this.data);
  }
  getData(): Uint8Array {
    return this.data;
  }
  getAttr(): Record<string, string> {
    return this.attributes;
  }
  getMsgid(): string {
    return this.messageId;
  }
  getPublishtime(): string {
    return this.publishTime;
  }
  /** Adds an attribute (works on a message created without attributes, unlike the seed). */
  setAttr(key: string, value: string): void {
    validateInput(AttributeSchema, key, 'key');
    validateInput(AttributeSchema, value, 'value');
    checkAttribute(key, value);
    this.attributes[key] = value;
  }
  setData(data: string | Uint8Array): void {
    if (!isData(data)) validateInput(InitSchema, { data }, 'AmsMessage');
    this.data = toBytes(data);
  }

  /**
   * The bytes AMS stores for this message: its JSON as sent (base64 data and attributes) plus
   * 100 for the id and publish time AMS adds. `publish` refuses a message over the client's
   * `maxMessageBytes`.
   */
  wireSize(): number {
    const base64 = 4 * Math.ceil(this.data.byteLength / 3);
    const attrs = Object.keys(this.attributes).length > 0 ? this.attributes : undefined;
    // {"data":"…"} and ,"attributes":{…}
    const attrBytes = attrs ? 14 + Buffer.byteLength(JSON.stringify(attrs)) : 0;
    return 11 + base64 + attrBytes + STORED_OVERHEAD;
  }

  /** The publish form; a message larger than `maxBytes` (see {@link wireSize}) is refused. */
  toWire(maxBytes: number = MAX_MESSAGE_BYTES): WireMessage {
    validateInput(LimitSchema, maxBytes, 'maxBytes');
    const size = this.wireSize();
    if (size > maxBytes) {
      throw new AmsMessageException(
        `message is ${size} bytes as AMS stores it, over the limit of ${maxBytes} (maxMessageBytes; AMS refuses more than ${MAX_MESSAGE_BYTES})`,
        'message',
      );
    }
    const data = Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength).toString(
      'base64',
    );
    return Object.keys(this.attributes).length > 0
      ? { data, attributes: this.attributes }
      : { data };
  }

  /** A pulled message; `data` is decoded from base64 (attributes trusted as the service sent them). */
  static fromWire(wire: WireMessage): AmsMessage {
    const fast =
      isRecord(wire) &&
      isText(wire.data) &&
      (wire.attributes === undefined || isAttributes(wire.attributes)) &&
      isText(wire.messageId) &&
      isText(wire.publishTime);
    if (!fast) validateInput(WireSchema, wire, 'wire message');
    const message = Object.create(AmsMessage.prototype) as {
      -readonly [K in keyof AmsMessage]: AmsMessage[K];
    };
    message.data = Buffer.from(wire.data ?? '', 'base64');
    message.attributes = wire.attributes ?? {};
    message.messageId = wire.messageId ?? '';
    message.publishTime = wire.publishTime ?? '';
    return message as AmsMessage;
  }
}

const WireSchema = v.pipe(
  v.custom<Record<string, unknown>>(isRecord, 'must be an object { data, attributes? }'),
  v.looseObject({
    data: v.optional(v.string('must be a base64 string')),
    attributes: v.optional(attributes),
    messageId: v.optional(v.string('must be a string')),
    publishTime: v.optional(v.string('must be a string')),
  }),
);

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

function checkAttribute(key: string, value: string): void {
  if (BAD_ATTRIBUTE.test(key) || BAD_ATTRIBUTE.test(value)) {
    // AMS writes attributes without escaping: a quote or backslash makes the pull invalid JSON.
    throw new AmsMessageException(
      `attribute ${JSON.stringify(key)} must be a string without " or \\`,
      'attributes',
    );
  }
}

import { AmsMessageException } from './errors.js';

/** The broker's limit per message (AMS `MaxMessageBytes`). */
export const MAX_MESSAGE_BYTES = 1_500_000;

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

/** A message to publish or one pulled (argo-ams-library's `AmsMessage`, data always bytes). */
export class AmsMessage {
  data: Uint8Array;
  attributes: Record<string, string>;
  readonly messageId: string;
  readonly publishTime: string;

  constructor(init: AmsMessageInit) {
    if (init.data === undefined && !init.attributes) {
      throw new AmsMessageException('AmsMessage needs data or attributes');
    }
    this.data = toBytes(init.data ?? new Uint8Array(0));
    this.attributes = { ...init.attributes };
    for (const [k, v] of Object.entries(this.attributes)) checkAttribute(k, v);
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
    checkAttribute(key, value);
    this.attributes[key] = value;
  }
  setData(data: string | Uint8Array): void {
    this.data = toBytes(data);
  }

  /** The publish form, checked against the 1.5 MB broker limit. */
  toWire(): WireMessage {
    const data = Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength).toString(
      'base64',
    );
    if (data.length > MAX_MESSAGE_BYTES) {
      throw new AmsMessageException(
        `message of ${data.length} base64 bytes exceeds ${MAX_MESSAGE_BYTES}`,
      );
    }
    return Object.keys(this.attributes).length > 0
      ? { data, attributes: this.attributes }
      : { data };
  }

  /** A pulled message; `data` is decoded from base64 (attributes trusted as the service sent them). */
  static fromWire(wire: WireMessage): AmsMessage {
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

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

function checkAttribute(key: string, value: string): void {
  if (typeof value !== 'string' || BAD_ATTRIBUTE.test(key) || BAD_ATTRIBUTE.test(value)) {
    // AMS writes attributes without escaping: a quote or backslash makes the pull invalid JSON.
    throw new AmsMessageException(
      `attribute ${JSON.stringify(key)} must be a string without " or \\`,
    );
  }
}

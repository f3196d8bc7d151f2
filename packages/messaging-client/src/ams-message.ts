import { validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';
import { AmsMessageException } from './errors.js';
import {
  base64ToBytes,
  base64ToText,
  bytesToBase64,
  textToBase64,
  utf8Length,
} from './internal/base64.js';

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

/**
 * What `new AmsMessage(init)` takes: `data`, `attributes`, or both (a message with neither is
 * refused with {@link AmsMessageException}).
 */
export interface AmsMessageInit {
  /** Text (sent as UTF-8) or bytes, base64-encoded on the wire; with `b64enc: false`, base64 text. */
  data?: string | Uint8Array;
  /**
   * String keys and values, sent with the message; none may contain `"` or `\` (AMS writes them
   * unescaped, so the pull would be invalid JSON).
   */
  attributes?: Record<string, string>;
  /** Kept as `messageId` for parity with argo-ams-library; AMS assigns the id, it is not sent. */
  messageId?: string;
  /** Kept as `publishTime` for parity with argo-ams-library; AMS sets it, it is not sent. */
  publishTime?: string;
  /**
   * `false` when `data` is already base64 (argo-ams-library's `b64enc=False`): it is sent as it
   * is, and must be base64 text. @default true
   */
  b64enc?: boolean;
}

const BAD_ATTRIBUTE = /["\\]/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** The key of fromWire's private init: no caller can make a message look pulled. */
const WIRE = Symbol('wire');

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const isData = (x: unknown): x is string | Uint8Array =>
  typeof x === 'string' || x instanceof Uint8Array;
const isText = (x: unknown): boolean => x === undefined || typeof x === 'string';
const isAttributes = (x: unknown): boolean =>
  isRecord(x) && Object.values(x).every((value) => typeof value === 'string');

const data = v.custom<string | Uint8Array>(isData, 'must be a string or a Uint8Array');
const base64Data = v.pipe(
  v.string('must be base64 text when b64enc is false'),
  v.regex(BASE64, 'must be base64 text (A-Z, a-z, 0-9, +, /, padded with =) when b64enc is false'),
);
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
    b64enc: v.optional(v.boolean('must be true or false')),
  }),
);
const Base64InitSchema = v.looseObject({ data: v.optional(base64Data) });
const BytesSchema = v.instance(Uint8Array, 'must be a Uint8Array');
const FlagSchema = v.boolean('must be true or false');
const AttributeSchema = v.string('must be a string');
const LimitSchema = v.pipe(
  v.number('must be a number'),
  v.integer('must be a whole number'),
  v.minValue(1, 'must be 1 or more'),
);

/**
 * A message to publish or one pulled (argo-ams-library's `AmsMessage`, data always bytes). The
 * data is kept in the form it came in (text, bytes or base64) and converted when first asked
 * for: a pulled message is decoded when `data` or `text()` is read, not when it is pulled.
 */
export class AmsMessage {
  attributes: Record<string, string>;
  readonly messageId: string;
  readonly publishTime: string;
  // At least one is set, and those set agree. Once `data` was handed out, the bytes are the
  // truth (a caller may change them in place): the other two are dropped.
  #bytes: Uint8Array | undefined;
  #text: string | undefined;
  #base64: string | undefined;

  constructor(init: AmsMessageInit) {
    const wire = (init as { [WIRE]?: WireMessage } | undefined)?.[WIRE];
    if (wire) {
      this.#base64 = wire.data ?? '';
      this.attributes = wire.attributes ?? {};
      this.messageId = wire.messageId ?? '';
      this.publishTime = wire.publishTime ?? '';
      return;
    }
    const fast =
      isRecord(init) &&
      (init.data === undefined || isData(init.data)) &&
      (init.attributes === undefined || isAttributes(init.attributes)) &&
      isText(init.messageId) &&
      isText(init.publishTime) &&
      (init.b64enc === undefined || typeof init.b64enc === 'boolean');
    if (!fast) validateInput(InitSchema, init, 'AmsMessage');
    if (init.data === undefined && !init.attributes) {
      throw new AmsMessageException('AmsMessage needs data or attributes', 'AmsMessage');
    }
    this.attributes = { ...init.attributes };
    for (const [k, value] of Object.entries(this.attributes)) checkAttribute(k, value);
    this.#set(init.data ?? '', init.b64enc ?? true, 'AmsMessage');
    this.messageId = init.messageId ?? '';
    this.publishTime = init.publishTime ?? '';
  }

  #set(value: string | Uint8Array, b64enc: boolean, subject: string): void {
    this.#bytes = undefined;
    this.#text = undefined;
    this.#base64 = undefined;
    if (!b64enc) {
      if (typeof value !== 'string' || !BASE64.test(value)) {
        validateInput(Base64InitSchema, { data: value }, subject);
      }
      this.#base64 = value as string;
    } else if (typeof value === 'string') this.#text = value;
    else this.#bytes = value;
  }

  /** The data as bytes (decoded from base64 for a pulled message). */
  get data(): Uint8Array {
    if (this.#bytes === undefined) {
      this.#bytes =
        this.#text !== undefined ? encoder.encode(this.#text) : base64ToBytes(this.#base64 ?? '');
    }
    this.#text = undefined;
    this.#base64 = undefined;
    return this.#bytes;
  }
  /**
   * Replaces the data with these bytes (kept as given, not copied).
   * @throws {InputValidationError} when `value` is not a `Uint8Array`
   */
  set data(value: Uint8Array) {
    if (!(value instanceof Uint8Array)) validateInput(BytesSchema, value, 'data');
    this.#set(value, true, 'data');
  }

  /** The data decoded as UTF-8. */
  text(): string {
    if (this.#text !== undefined) return this.#text;
    if (this.#base64 !== undefined) {
      this.#text = base64ToText(this.#base64);
      return this.#text;
    }
    return decoder.decode(this.#bytes);
  }
  /** The data as bytes, same as {@link AmsMessage.data} (argo-ams-library's `get_data`). */
  getData(): Uint8Array {
    return this.data;
  }
  /** The attributes object itself, not a copy (argo-ams-library's `get_attr`); `{}` when none. */
  getAttr(): Record<string, string> {
    return this.attributes;
  }
  /** The id AMS gave a pulled message (its offset in the topic, e.g. `"12"`); `''` otherwise. */
  getMsgid(): string {
    return this.messageId;
  }
  /**
   * When AMS stored a pulled message (UTC, nanoseconds, e.g. `2016-02-24T11:55:09.786127994Z`);
   * `''` otherwise.
   */
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
  /** Replaces the data; `b64enc: false` when it is already base64 text (sent as it is). */
  setData(data: string | Uint8Array, b64enc = true): void {
    if (!isData(data)) validateInput(InitSchema, { data }, 'AmsMessage');
    if (typeof b64enc !== 'boolean') validateInput(FlagSchema, b64enc, 'b64enc');
    this.#set(data, b64enc, 'AmsMessage');
  }

  /** The length of the base64 `data` as sent. */
  #base64Length(): number {
    if (this.#base64 !== undefined) return this.#base64.length;
    const bytes =
      this.#text !== undefined ? utf8Length(this.#text) : (this.#bytes?.byteLength ?? 0);
    return 4 * Math.ceil(bytes / 3);
  }

  /**
   * The bytes AMS stores for this message: its JSON as sent (base64 data and attributes) plus
   * 100 for the id and publish time AMS adds. `publish` refuses a message over the client's
   * `maxMessageBytes`.
   */
  wireSize(): number {
    const attrs = Object.keys(this.attributes).length > 0 ? this.attributes : undefined;
    // {"data":"…"} and ,"attributes":{…}
    const attrBytes = attrs ? 14 + utf8Length(JSON.stringify(attrs)) : 0;
    return 11 + this.#base64Length() + attrBytes + STORED_OVERHEAD;
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
    let data = this.#base64;
    if (data === undefined) {
      // Text never changes: keep its base64. Bytes may change in place: encode them every time.
      if (this.#text !== undefined) this.#base64 = data = textToBase64(this.#text);
      else data = bytesToBase64(this.#bytes ?? new Uint8Array(0));
    }
    return Object.keys(this.attributes).length > 0
      ? { data, attributes: this.attributes }
      : { data };
  }

  /** A pulled message; `data` stays base64 until read (attributes trusted as the service sent them). */
  static fromWire(wire: WireMessage): AmsMessage {
    const fast =
      isRecord(wire) &&
      isText(wire.data) &&
      (wire.attributes === undefined || isAttributes(wire.attributes)) &&
      isText(wire.messageId) &&
      isText(wire.publishTime);
    if (!fast) validateInput(WireSchema, wire, 'wire message');
    return new AmsMessage({ [WIRE]: wire } as AmsMessageInit);
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

function checkAttribute(key: string, value: string): void {
  if (BAD_ATTRIBUTE.test(key) || BAD_ATTRIBUTE.test(value)) {
    // AMS writes attributes without escaping: a quote or backslash makes the pull invalid JSON.
    throw new AmsMessageException(
      `attribute ${JSON.stringify(key)} must be a string without " or \\`,
      'attributes',
    );
  }
}

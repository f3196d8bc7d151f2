import * as crypto from 'node:crypto';

/**
 * CouchDB's revision id (couch_db:new_revid/1): the md5 of
 * `term_to_binary([Deleted, OldStart, OldRev, Body, Atts], [{minor_version, 1}])`, where Body is
 * the document's EJSON (`{[{Key, Value}]}`, keys in document order) and Atts the
 * `{Name, Type, Md5}` of each attachment, last first. Computing it the same way gives the same
 * revs as CouchDB: the same content on the same parent gives the same rev (`{}` as a new document
 * is `1-967a00dff5e02add41819138abb3284d`, as on every CouchDB).
 */

/** An attachment as the rev hash sees it. */
export interface HashedAttachment {
  name: string;
  type: string;
  /** The raw 16-byte md5 CouchDB keeps (of the stored, possibly gzipped, bytes). */
  md5: Buffer;
}

type OneShotHash = (algorithm: string, data: Buffer, encoding: 'buffer') => Buffer;
const hashBuffer: (data: Buffer) => Buffer = (crypto as unknown as { hash?: OneShotHash }).hash
  ? (data) => (crypto as unknown as { hash: OneShotHash }).hash('md5', data, 'buffer')
  : (data) => crypto.createHash('md5').update(data).digest();

const HEX32 = /^[0-9a-f]{32}$/;

/** Writes Erlang's external term format into a growing buffer. */
class TermWriter {
  buf = Buffer.allocUnsafe(256);
  at = 0;

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.at++] = b;
  }

  u32(n: number): void {
    this.room(4);
    this.buf.writeUInt32BE(n, this.at);
    this.at += 4;
  }

  atom(name: string): void {
    this.room(3 + name.length);
    this.buf[this.at++] = 100; // ATOM_EXT, latin1 (what minor_version 1 writes)
    this.buf.writeUInt16BE(name.length, this.at);
    this.at += 2;
    this.at += this.buf.write(name, this.at, 'latin1');
  }

  binary(bytes: Buffer): void {
    this.room(5 + bytes.length);
    this.buf[this.at++] = 109; // BINARY_EXT
    this.buf.writeUInt32BE(bytes.length, this.at);
    this.at += 4;
    this.at += bytes.copy(this.buf, this.at);
  }

  string(text: string): void {
    const length = Buffer.byteLength(text, 'utf8');
    this.room(5 + length);
    this.buf[this.at++] = 109;
    this.buf.writeUInt32BE(length, this.at);
    this.at += 4;
    this.at += this.buf.write(text, this.at, 'utf8');
  }

  integer(n: number): void {
    if (n >= 0 && n <= 255) {
      this.room(2);
      this.buf[this.at++] = 97; // SMALL_INTEGER_EXT
      this.buf[this.at++] = n;
    } else if (n >= -2147483648 && n <= 2147483647) {
      this.room(5);
      this.buf[this.at++] = 98; // INTEGER_EXT
      this.buf.writeInt32BE(n, this.at);
      this.at += 4;
    } else {
      // SMALL_BIG_EXT: digit count, sign, then base-256 digits, least significant first.
      let rest = BigInt(Math.abs(n));
      const digits: number[] = [];
      while (rest > 0n) {
        digits.push(Number(rest & 255n));
        rest >>= 8n;
      }
      this.room(3 + digits.length);
      this.buf[this.at++] = 110;
      this.buf[this.at++] = digits.length;
      this.buf[this.at++] = n < 0 ? 1 : 0;
      for (const d of digits) this.buf[this.at++] = d;
    }
  }

  float(n: number): void {
    this.room(9);
    this.buf[this.at++] = 70; // NEW_FLOAT_EXT
    this.buf.writeDoubleBE(n, this.at);
    this.at += 8;
  }

  /** A JSON value as jiffy decodes it: objects `{[{K, V}]}`, strings binaries, literals atoms. */
  json(value: unknown): void {
    if (value === null || value === undefined) this.atom('null');
    else if (typeof value === 'boolean') this.atom(value ? 'true' : 'false');
    else if (typeof value === 'number') {
      // jiffy reads `1` as an integer and `1.5` as a float; JSON.parse keeps no `1.0`.
      if (Number.isSafeInteger(value)) this.integer(value);
      else this.float(value);
    } else if (typeof value === 'string') this.string(value);
    else if (Array.isArray(value)) {
      if (value.length > 0) {
        this.byte(108); // LIST_EXT
        this.u32(value.length);
        for (const item of value) this.json(item);
      }
      this.byte(106); // NIL_EXT (the empty list, and every list's tail)
    } else this.object(value as Record<string, unknown>, false);
  }

  /** `{[{K, V}, ...]}`; `bodyOnly` skips the `_`-prefixed members CouchDB keeps out of the body. */
  object(value: Record<string, unknown>, bodyOnly: boolean): void {
    let count = 0;
    for (const key in value) if (!bodyOnly || key.charCodeAt(0) !== 95) count++;
    this.byte(104); // SMALL_TUPLE_EXT, arity 1
    this.byte(1);
    if (count > 0) {
      this.byte(108);
      this.u32(count);
      for (const key in value) {
        if (bodyOnly && key.charCodeAt(0) === 95) continue;
        this.byte(104);
        this.byte(2);
        this.string(key);
        this.json(value[key]);
      }
    }
    this.byte(106);
  }
}

/** The bytes CouchDB keeps for a rev id: 16 raw bytes for an md5, else the text itself. */
export function revIdBytes(hash: string): Buffer {
  return HEX32.test(hash) ? Buffer.from(hash, 'hex') : Buffer.from(hash, 'utf8');
}

/**
 * The rev hash of a new revision, and the size of its body term (CouchDB's `sizes.external`).
 * `parent` is the revision it follows (none for a new document).
 */
export function newRevHash(
  deleted: boolean,
  parent: { pos: number; hash: string } | undefined,
  body: Record<string, unknown>,
  attachments: readonly HashedAttachment[],
): { hash: string; bodySize: number } {
  const w = new TermWriter();
  w.byte(131);
  w.byte(108);
  w.u32(5);
  w.atom(deleted ? 'true' : 'false');
  w.integer(parent?.pos ?? 0);
  if (parent) w.binary(revIdBytes(parent.hash));
  else w.integer(0);
  const start = w.at;
  w.object(body, true);
  const bodySize = w.at - start;
  if (attachments.length === 0) w.byte(106);
  else {
    w.byte(108);
    w.u32(attachments.length);
    for (let i = attachments.length - 1; i >= 0; i--) {
      const att = attachments[i] as HashedAttachment;
      w.byte(104);
      w.byte(3);
      w.string(att.name);
      w.string(att.type);
      w.binary(att.md5);
    }
    w.byte(106);
  }
  w.byte(106);
  return { hash: hashBuffer(w.buf.subarray(0, w.at)).toString('hex'), bodySize };
}

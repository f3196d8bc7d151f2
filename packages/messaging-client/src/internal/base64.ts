/*
 * Base64 of message data with web APIs only (no Buffer, no node:*), so the main entry runs in
 * browsers, workers, Deno and Bun. Text that is all ASCII goes through btoa/atob directly (its
 * UTF-8 bytes are its characters); anything else goes through TextEncoder/TextDecoder and a table
 * codec over typed arrays, linear in the size (no call with a huge argument list, no quadratic
 * string building). Where the engine has `Uint8Array.prototype.toBase64` and
 * `Uint8Array.fromBase64` (the TC39 proposal), those are used.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENCODE = new Uint8Array(64);
/** Character code → 6-bit value; 64 = not in the alphabet (skipped), 65 = `=` (the end). */
const DECODE = new Uint8Array(256).fill(64);
for (let i = 0; i < 64; i++) {
  ENCODE[i] = ALPHABET.charCodeAt(i);
  DECODE[ALPHABET.charCodeAt(i)] = i;
}
// The URL-safe alphabet is read too, as Buffer reads it.
DECODE[45] = 62;
DECODE[95] = 63;
DECODE[61] = 65;

const NON_ASCII = /[\u0080-\uffff]/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface NativeBase64 {
  toBase64?: (this: Uint8Array) => string;
}
const nativeToBase64 = (Uint8Array.prototype as NativeBase64).toBase64;
const nativeFromBase64 = (Uint8Array as { fromBase64?: (text: string) => Uint8Array }).fromBase64;

/** True when every character of `text` is ASCII. */
export const isAscii = (text: string): boolean => !NON_ASCII.test(text);

/** Base64 (standard alphabet, padded) of `bytes`. */
export function bytesToBase64(bytes: Uint8Array): string {
  if (nativeToBase64) return nativeToBase64.call(bytes);
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  const whole = n - (n % 3);
  let j = 0;
  for (let i = 0; i < whole; i += 3) {
    const v =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[j] = ENCODE[v >>> 18] as number;
    out[j + 1] = ENCODE[(v >>> 12) & 63] as number;
    out[j + 2] = ENCODE[(v >>> 6) & 63] as number;
    out[j + 3] = ENCODE[v & 63] as number;
    j += 4;
  }
  const rest = n - whole;
  if (rest > 0) {
    const v =
      ((bytes[whole] as number) << 16) | (rest === 2 ? (bytes[whole + 1] as number) << 8 : 0);
    out[j] = ENCODE[v >>> 18] as number;
    out[j + 1] = ENCODE[(v >>> 12) & 63] as number;
    out[j + 2] = rest === 2 ? (ENCODE[(v >>> 6) & 63] as number) : 61;
    out[j + 3] = 61;
  }
  // The output is ASCII: UTF-8 decoding it is exact, and native.
  return decoder.decode(out);
}

/** Base64 of the UTF-8 bytes of `text`. */
export function textToBase64(text: string): string {
  return isAscii(text) ? btoa(text) : bytesToBase64(encoder.encode(text));
}

/**
 * The bytes of base64 (standard or URL-safe alphabet, padded or not). Like Buffer, it never
 * throws: characters outside the alphabet (spaces, line breaks) are skipped and decoding stops
 * at `=`, since AMS does not check that `data` is base64 at all.
 */
export function base64ToBytes(text: string): Uint8Array {
  if (nativeFromBase64) {
    try {
      return nativeFromBase64(text);
    } catch {
      // Not strict base64: read it leniently below.
    }
  }
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let j = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 256 ? (DECODE[code] as number) : 64;
    if (value === 65) break;
    if (value === 64) continue;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (buffer >>> bits) & 255;
    }
  }
  return out.subarray(0, j);
}

/** The UTF-8 text of base64 data (invalid sequences become U+FFFD, as TextDecoder writes them). */
export function base64ToText(text: string): string {
  let binary: string | undefined;
  try {
    binary = atob(text);
  } catch {
    binary = undefined;
  }
  if (binary !== undefined && isAscii(binary)) return binary;
  return decoder.decode(base64ToBytes(text));
}

/** The length of `text` in UTF-8, counted without encoding it (lone surrogates count as U+FFFD). */
export function utf8Length(text: string): number {
  if (isAscii(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

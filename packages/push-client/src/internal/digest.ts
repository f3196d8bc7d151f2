/**
 * MD5 and SHA-1 in plain JavaScript, synchronous, for runtimes without `node:crypto` (a browser's
 * Web Crypto has no MD5 and answers only asynchronously, while `marshal()` is synchronous).
 * Used only to derive permanent ids, as the official clients do; not for anything secret.
 */

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, '0'),
);

/** The message padded to 64-byte blocks, as 32-bit words (little- or big-endian). */
function blocks(bytes: Uint8Array, bigEndian: boolean): Int32Array {
  const total = (((bytes.length + 8) >>> 6) + 1) * 16;
  const words = new Int32Array(total);
  const put = (i: number, byte: number) => {
    const shift = bigEndian ? 24 - (i % 4) * 8 : (i % 4) * 8;
    words[i >>> 2] = (words[i >>> 2] as number) | (byte << shift);
  };
  for (let i = 0; i < bytes.length; i++) put(i, bytes[i] as number);
  put(bytes.length, 0x80);
  const bits = bytes.length * 8;
  const low = bits >>> 0;
  const high = Math.floor(bits / 2 ** 32);
  if (bigEndian) {
    words[total - 2] = high;
    words[total - 1] = low;
  } else {
    words[total - 2] = low;
    words[total - 1] = high;
  }
  return words;
}

function hex(words: readonly number[], bigEndian: boolean): string {
  let out = '';
  for (const w of words) {
    for (let b = 0; b < 4; b++) out += HEX[(w >>> (bigEndian ? 24 - b * 8 : b * 8)) & 0xff];
  }
  return out;
}

const MD5_K = Int32Array.from({ length: 64 }, (_, i) =>
  Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32),
);
const MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

/** MD5 of the bytes, as 32 hex characters. */
export function md5Hex(bytes: Uint8Array): string {
  const m = blocks(bytes, false);
  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  for (let off = 0; off < m.length; off += 16) {
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const s = MD5_S[(i >>> 4) * 4 + (i & 3)] as number;
      f = (f + a + (MD5_K[i] as number) + (m[off + g] as number)) | 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((f << s) | (f >>> (32 - s)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  return hex([a0, b0, c0, d0], false);
}

/** SHA-1 of the bytes, as 40 hex characters. */
export function sha1Hex(bytes: Uint8Array): string {
  const m = blocks(bytes, true);
  const w = new Int32Array(80);
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  for (let off = 0; off < m.length; off += 16) {
    for (let i = 0; i < 16; i++) w[i] = m[off + i] as number;
    for (let i = 16; i < 80; i++) {
      const x =
        (w[i - 3] as number) ^ (w[i - 8] as number) ^ (w[i - 14] as number) ^ (w[i - 16] as number);
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let i = 0; i < 80; i++) {
      let f: number;
      let k: number;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc | 0;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6 | 0;
      }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + (w[i] as number)) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  return hex([h0, h1, h2, h3, h4], true);
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  base64ToText,
  bytesToBase64,
  isAscii,
  textToBase64,
  utf8Length,
} from './base64.js';

// Node's Buffer is the oracle here only: the package itself never touches it.
const oracle = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const RUNS = { seed: 1517, numRuns: 300 };

describe('base64 without Buffer', () => {
  it('encodes any bytes as Buffer does, and decodes them back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const encoded = bytesToBase64(bytes);
        expect(encoded).toBe(oracle(bytes));
        expect([...base64ToBytes(encoded)]).toEqual([...bytes]);
      }),
      RUNS,
    );
  });

  it('encodes any text as its UTF-8 bytes (lone surrogates as U+FFFD), and decodes it back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const encoded = textToBase64(text);
        expect(encoded).toBe(Buffer.from(text, 'utf8').toString('base64'));
        expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
        expect(base64ToText(encoded)).toBe(new TextDecoder().decode(Buffer.from(text, 'utf8')));
        expect(isAscii(text)).toBe([...text].every((c) => c.charCodeAt(0) < 128));
      }),
      RUNS,
    );
  });

  it('reads base64 as leniently as Buffer: URL-safe letters, no padding, spaces and line breaks', () => {
    const noise = fc.constantFrom(' ', '\n', '\r\n', '\t');
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(noise),
        fc.boolean(),
        (b, gaps, url) => {
          let text = oracle(b).replace(/=+$/, '');
          if (url) text = text.replace(/\+/g, '-').replace(/\//g, '_');
          for (const [i, gap] of gaps.entries()) {
            const at = Math.floor((text.length * (i + 1)) / (gaps.length + 1));
            text = text.slice(0, at) + gap + text.slice(at);
          }
          expect([...base64ToBytes(text)]).toEqual([...b]);
          expect([...base64ToBytes(text)]).toEqual([...Buffer.from(text, 'base64')]);
        },
      ),
      RUNS,
    );
  });

  it('never throws on data that is not base64 (AMS does not check it)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(base64ToBytes(text)).toBeInstanceOf(Uint8Array);
        expect(typeof base64ToText(text)).toBe('string');
      }),
      RUNS,
    );
    expect(base64ToText('msg 1')).toBe(new TextDecoder().decode(base64ToBytes('msg 1')));
  });

  it('handles 3 MB of binary data in linear time, every byte value included', () => {
    const bytes = new Uint8Array(3_000_000).map((_, i) => (i * 7919 + (i >>> 9)) & 255);
    const encoded = bytesToBase64(bytes);
    expect(encoded).toBe(oracle(bytes));
    const back = base64ToBytes(encoded);
    expect(back.length).toBe(bytes.length);
    expect(Buffer.compare(Buffer.from(back), Buffer.from(bytes))).toBe(0);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Length, writeUtf8 } from './utf8.js';

describe('utf8', () => {
  it('counts and writes exactly what TextEncoder writes, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const expected = new TextEncoder().encode(text);
        expect(utf8Length(text)).toBe(expected.length);
        const target = new Uint8Array(expected.length + 2);
        expect(writeUtf8(text, target, 1)).toBe(expected.length);
        expect(target.subarray(1, 1 + expected.length)).toEqual(expected);
      }),
      { seed: 8, numRuns: 500 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './index.js';

const nested = (depth: number, open = '[', close = ']') =>
  `${open.repeat(depth)}${close.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('agrees with the depth of generated nestings, in any slice, strings skipped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 20 }),
        fc.string({ maxLength: 8 }),
        (depth, limit, padding) => {
          // Brackets inside a string do not nest; the slice leaves the padding out.
          const quoted = JSON.stringify(`${padding}[[[[`);
          const text = `${padding}${nested(depth).replace('[]', `[${quoted}]`)}${padding}`;
          const from = padding.length;
          const to = text.length - padding.length;
          expect(nestsDeeperThan(text, from, to, limit)).toBe(depth > limit);
        },
      ),
      { seed: 20261206, numRuns: 300 },
    );
  });

  it('looks only inside [from, to)', () => {
    const objects = `${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`;
    expect(nestsDeeperThan(objects, 0, objects.length, MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan(`[1]${objects}`, 0, 3, MAX_JSON_DEPTH)).toBe(false);
  });
});

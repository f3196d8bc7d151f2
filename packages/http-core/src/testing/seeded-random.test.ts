import { expect, it } from 'vitest';
import { seededRandom } from './seeded-random.js';

it('replays the same draws in [0, 1) for the same seed, and others for another', () => {
  const draw = (seed: number) => Array.from({ length: 1000 }, seededRandom(seed));
  const a = draw(7);
  expect(draw(7)).toEqual(a);
  expect(draw(8)).not.toEqual(a);
  expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
  expect(new Set(a).size).toBeGreaterThan(990);
});

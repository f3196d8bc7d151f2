/**
 * A seeded pseudo-random source in [0, 1) (a linear congruential generator), for fault injectors
 * and lost answers in tests: the same seed replays the same faults, so a failure can be rerun.
 * @example createFaultInjector({ random: seededRandom(7) })
 */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

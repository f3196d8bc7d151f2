/**
 * A simulator's clock, in ms since the epoch: what it stamps, expires and delays by. Tests move
 * it with `advance` instead of waiting.
 */
export interface SimulatorClock {
  /** The simulator's time, in ms since the epoch. */
  now(): number;
  /** Moves the clock forward by `ms` (backward when negative). */
  advance(ms: number): void;
}

/**
 * A clock for a simulator's `clock` option. From a number: a clock stopped at that time, moved only
 * by `advance`. From a function (such as `Date.now`): that time plus every `advance`. From a
 * {@link SimulatorClock}: that clock itself, so a simulator can pass its option through.
 * @default the real time (`Date.now`) plus every `advance`
 * @example
 * const clock = createSimulatorClock(Date.parse('2026-01-01T00:00:00Z'));
 * const sim = createShopSimulator({ clock }); // a simulator of yours that takes a clock
 * clock.advance(5_000); // its time moved 5 s: what waits 5 s is due now
 */
export function createSimulatorClock(
  start: number | (() => number) | SimulatorClock = Date.now,
): SimulatorClock {
  if (typeof start === 'object' && typeof start?.now === 'function') return start;
  if (typeof start !== 'function' && !Number.isFinite(start))
    throw new TypeError(
      'createSimulatorClock takes a time in ms, a function returning one, or a SimulatorClock',
    );
  let skew = 0;
  const base = typeof start === 'function' ? start : () => start as number;
  return {
    now: () => base() + skew,
    advance: (ms) => {
      skew += ms;
    },
  };
}

// The RSS of this process from now on, for the bare drain children: at start, the peak (sampled
// every 20 ms) and what the peak was made of.

import { getHeapSpaceStatistics } from 'node:v8';

const mb = (bytes) => bytes / 1048576;

/** What the process is made of: V8's young and old generations and memory outside the JS heap. */
function breakdown() {
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]),
  );
  return {
    newSpaceMb: mb(spaces.new_space ?? 0),
    oldSpaceMb: mb(spaces.old_space ?? 0),
    externalMb: mb(process.memoryUsage().external),
  };
}

/** Starts sampling; `stop()` returns `{ baselineRssMb, peakRssMb, newSpaceMb, oldSpaceMb, externalMb }`. */
export function trackPeakRss() {
  globalThis.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  let atPeak = breakdown();
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss <= peak) return;
    peak = rss;
    atPeak = breakdown();
  };
  const timer = setInterval(sample, 20);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { baselineRssMb: mb(baseline), peakRssMb: mb(peak), ...atPeak };
    },
  };
}

// Drains the `bench` database with connectorkit's ChangesFollower in a process that loads nothing
// else (no tsx), and reports its own RSS: at start, and the peak while draining.

import { getHeapSpaceStatistics } from 'node:v8';
import { ChangesFollower } from '@connectorkit/changes-follower';
import { createDocDbClient } from '@connectorkit/doc-db-client';
import { basicAuth } from '@connectorkit/http-core';

const url = process.argv[2];
const client = createDocDbClient({
  url,
  auth: basicAuth({ username: 'admin', password: 'bench-pw' }),
  validateResponses: false,
});
globalThis.gc?.();
const baseline = process.memoryUsage.rss();
let peak = baseline;
const mb = (bytes) => bytes / 1048576;
/** What the process is made of: V8's young and old generations and memory outside the JS heap. */
const breakdown = () => {
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]),
  );
  return {
    newSpaceMb: mb(spaces.new_space ?? 0),
    oldSpaceMb: mb(spaces.old_space ?? 0),
    externalMb: mb(process.memoryUsage().external),
  };
};
let atPeak = breakdown();
const sample = () => {
  const rss = process.memoryUsage.rss();
  if (rss <= peak) return;
  peak = rss;
  atPeak = breakdown();
};
const timer = setInterval(sample, 20);
let count = 0;
for await (const batch of new ChangesFollower({ client, db: 'bench' }).startOneOff().batches())
  count += batch.changes.length;
clearInterval(timer);
sample();
process.stdout.write(
  JSON.stringify({ count, baselineRssMb: mb(baseline), peakRssMb: mb(peak), ...atPeak }),
);

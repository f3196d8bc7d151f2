// Drains the `bench` database with connectorkit's ChangesFollower in a process that loads nothing
// else (no tsx), and reports its own RSS: at start, and the peak while draining.
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
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 20);
let count = 0;
for await (const batch of new ChangesFollower({ client, db: 'bench' }).startOneOff().batches())
  count += batch.changes.length;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage.rss());
process.stdout.write(
  JSON.stringify({ count, baselineRssMb: baseline / 1048576, peakRssMb: peak / 1048576 }),
);

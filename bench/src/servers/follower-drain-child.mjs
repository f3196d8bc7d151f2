// Drains the `bench` database with connectorkit's ChangesFollower in a process that loads nothing
// else (no tsx), and reports its own RSS: at start, and the peak while draining.

import { ChangesFollower } from '@connectorkit/changes-follower';
import { createDocDbClient } from '@connectorkit/doc-db-client';
import { basicAuth } from '@connectorkit/http-core';
import { trackPeakRss } from './peak-rss.mjs';

const url = process.argv[2];
const client = createDocDbClient({
  url,
  auth: basicAuth({ username: 'admin', password: 'bench-pw' }),
  validateResponses: false,
});
const rss = trackPeakRss();
let count = 0;
for await (const batch of new ChangesFollower({ client, db: 'bench' }).startOneOff().batches())
  count += batch.changes.length;
process.stdout.write(JSON.stringify({ count, ...rss.stop() }));

// Drains the `bench` database with a plain fetch loop over `_changes` (limit 10000,
// `response.json()`) in a process that loads nothing else, and reports its own RSS: at start, and
// the peak while draining. The baseline for follower-drain-child.mjs.

import { trackPeakRss } from './peak-rss.mjs';

const url = process.argv[2];
const auth = `Basic ${Buffer.from('admin:bench-pw').toString('base64')}`;
const rss = trackPeakRss();
let since = 0;
let count = 0;
for (;;) {
  const response = await fetch(
    `${url}/bench/_changes?feed=normal&limit=10000&since=${encodeURIComponent(String(since))}`,
    {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: '{}',
    },
  );
  const page = await response.json();
  count += page.results.length;
  since = page.last_seq;
  if (page.pending === 0) break;
}
process.stdout.write(JSON.stringify({ count, ...rss.stop() }));

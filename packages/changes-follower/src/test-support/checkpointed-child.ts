// A follower in its own process, for the kill-and-restart test: it appends each processed id to a
// file and checkpoints after each batch. Arguments: <couch url> <checkpoint file> <ids file>.
import { appendFileSync } from 'node:fs';
import { createDocDbClient } from '@connectorkit/doc-db-client';
import { ChangesFollower, createFileCheckpointStore } from '../index.js';

const [url = '', checkpointFile = '', idsFile = ''] = process.argv.slice(2);
const follower = new ChangesFollower({
  client: createDocDbClient({ url }),
  db: 'feed',
  batchSize: 50,
  checkpoint: createFileCheckpointStore(checkpointFile),
});
for await (const batch of follower.startOneOff().batches()) {
  appendFileSync(idsFile, batch.changes.map((c) => `${c.id}\n`).join(''));
  await batch.markProcessed();
  // Slow enough that the parent can kill the process in the middle of the drain.
  await new Promise((resolve) => setTimeout(resolve, 5));
}
process.stdout.write('done\n');

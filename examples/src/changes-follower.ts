// The Cloudant SDK README's changes feed follower, with what it leaves to you: checkpoints.
// A one-off run reads the feed to its end and saves its place after each batch; a continuous
// follower then resumes from that place, sees only the newer change, and is stopped.
import {
  ChangesFollower,
  createLocalDocumentCheckpointStore,
} from '@connectorkit/changes-follower';
import { createDocDbClient, isNotFoundError } from '@connectorkit/doc-db-client';
import { runExample, useCloudant } from './support/services.js';

await runExample(async () => {
  await useCloudant();
  const client = createDocDbClient.fromEnvironment('CLOUDANT');
  const db = 'orders-changes-example';

  // Start from an empty database, with three orders in it.
  await client.deleteDatabase({ db }).catch((error) => {
    if (!isNotFoundError(error)) throw error;
  });
  await client.putDatabase({ db });
  await client.postBulkDocs({
    db,
    docs: [1, 2, 3].map((n) => ({ _id: `order-${n}`, item: 'shoe', quantity: n })),
  });

  // Progress kept in a `_local` document of the database: not replicated, not in the feed.
  // (createFileCheckpointStore('./orders.seq.json') keeps it in a file instead.)
  const checkpoint = createLocalDocumentCheckpointStore({ client, db, id: 'orders-indexer' });

  // One-off: from the beginning (or the checkpoint) to the end of the feed, then it ends.
  const oneOff = new ChangesFollower({ client, db, includeDocs: true, checkpoint });
  for await (const batch of oneOff.startOneOff().batches()) {
    for (const change of batch.changes) {
      console.log(`one-off: ${change.id} quantity ${change.doc?.quantity}`);
    }
    // Only now is the batch's last_seq saved: a crash before this reads the batch again.
    await batch.markProcessed();
  }

  await client.putDocument({ db, docId: 'order-4', document: { item: 'sock', quantity: 4 } });

  // Continuous: resumes at the checkpoint (so it sees only order-4), then listens (longpoll)
  // until stopped. In a service, stop it on SIGTERM: process.on('SIGTERM', () => follower.stop()).
  const follower = new ChangesFollower({ client, db, includeDocs: true, checkpoint });
  for await (const batch of follower.start().batches()) {
    for (const change of batch.changes) {
      console.log(`continuous: ${change.id} quantity ${change.doc?.quantity}`);
      if (change.id === 'order-4') follower.stop(); // ends the loop; no request is left open
    }
    await batch.markProcessed();
  }
  console.log('Follower stopped; it would resume after order-4 next time.');

  await client.deleteDatabase({ db });
});

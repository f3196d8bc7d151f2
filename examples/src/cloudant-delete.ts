// Example 4 of the Cloudant SDK README: delete the document "example". It expects what
// cloudant-create leaves (the simulator starts with it).
import { createDocDbClient, isNotFoundError } from '@connectorkit/doc-db-client';
import { runExample, useCloudant } from './support/services.js';

await runExample(async () => {
  await useCloudant({ withOrders: true });
  const client = createDocDbClient.fromEnvironment('CLOUDANT');

  const exampleDbName = 'orders';
  const exampleDocId = 'example';
  try {
    // A delete names the revision it removes: the current one, read first.
    const document = await client.getDocument({ db: exampleDbName, docId: exampleDocId });
    const result = await client.deleteDocument({
      db: exampleDbName,
      docId: exampleDocId,
      rev: String(document._rev),
    });
    if (result.ok) console.log('You have deleted the document.');
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
    throw new Error(
      'Cannot delete document because either "orders" database or the "example" document was not found.',
    );
  }
  // headDocument answers the current revision, or undefined once the document is gone.
  const rev = await client.headDocument({ db: exampleDbName, docId: exampleDocId });
  console.log(rev === undefined ? 'The document is gone (404).' : `Still there at ${rev}.`);
});

// Example 3 of the Cloudant SDK README: add Bob Smith's address to the document "example" and
// remove its `joined` field. It expects what cloudant-create leaves (the simulator starts with it).
import { createDocDbClient, isNotFoundError } from '@connectorkit/doc-db-client';
import { runExample, useCloudant } from './support/services.js';

await runExample(async () => {
  await useCloudant({ withOrders: true });
  const client = createDocDbClient.fromEnvironment('CLOUDANT');

  const exampleDbName = 'orders';
  try {
    // Read the current document: its `_rev` says which revision this update replaces.
    const document = await client.getDocument({ db: exampleDbName, docId: 'example' });
    document.address = '19 Front Street, Darlington, DL5 1TY';
    delete document.joined;

    // postDocument with the `_id` and `_rev` inside; putDocument({ docId, document }) works too.
    // Someone else's update in between makes this a 409 (ConflictError): read again and retry.
    const { rev } = await client.postDocument({ db: exampleDbName, document });
    document._rev = rev;
    console.log(`You have updated the document:\n${JSON.stringify(document, null, 2)}`);
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
    throw new Error(
      'Cannot update document because either "orders" database or the "example" document was not found.',
    );
  }
});

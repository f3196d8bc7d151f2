// Example 1 of the Cloudant SDK README: create the `orders` database and add the document
// "example". The client reads CLOUDANT_URL, CLOUDANT_AUTH_TYPE and the credentials
// (CLOUDANT_APIKEY, or CLOUDANT_USERNAME and CLOUDANT_PASSWORD), as the SDK does.
import { createDocDbClient, isPreconditionFailedError } from '@connectorkit/doc-db-client';
import { runExample, useCloudant } from './support/services.js';

await runExample(async () => {
  await useCloudant();
  const client = createDocDbClient.fromEnvironment('CLOUDANT');

  const exampleDbName = 'orders';
  try {
    await client.putDatabase({ db: exampleDbName });
    console.log(`"${exampleDbName}" database created.`);
  } catch (error) {
    // 412: the database is already there, which is fine for this example.
    if (!isPreconditionFailedError(error)) throw error;
    console.log(`Cannot create "${exampleDbName}" database, it already exists.`);
  }

  // With postDocument the `_id` is optional (the server makes one); putDocument needs `docId`.
  const exampleDocument: Record<string, unknown> = {
    _id: 'example',
    name: 'Bob Smith',
    joined: '2019-01-24T10:42:59.000Z',
  };
  const { rev } = await client.postDocument({ db: exampleDbName, document: exampleDocument });
  // Keep the revision: updates and deletes of the document need it.
  exampleDocument._rev = rev;
  console.log(`You have created the document:\n${JSON.stringify(exampleDocument, null, 2)}`);
});

// Example 2 of the Cloudant SDK README: server and database information, then the document
// "example" read back. It expects what cloudant-create leaves (the simulator starts with it).
import { createDocDbClient } from '@connectorkit/doc-db-client';
import { runExample, useCloudant } from './support/services.js';

await runExample(async () => {
  await useCloudant({ withOrders: true });
  const client = createDocDbClient.fromEnvironment('CLOUDANT');

  const serverInformation = await client.getServerInformation();
  console.log(`Server Version: ${serverInformation.version}`);

  const dbName = 'orders';
  const dbInformation = await client.getDatabaseInformation({ db: dbName });
  console.log(
    `Document count in "${dbInformation.db_name}" database is ${dbInformation.doc_count}.`,
  );

  const documentExample = await client.getDocument({ db: dbName, docId: 'example' });
  console.log(`Document retrieved from database:\n${JSON.stringify(documentExample, null, 2)}`);
});

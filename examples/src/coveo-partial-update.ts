// The "Coveo Partial Updates" flow for Push sources, which have no server-side partial update:
// find each item by a key field through the Search API, lay the new metadata over what the index
// returned, and push the whole items back. (Catalog sources: use CatalogSource's
// partialUpdateDocuments instead, which Coveo applies in place.)
import { partialUpdate } from '@connectorkit/push-client';
import { coveoSettings, runExample } from './support/services.js';

await runExample(async () => {
  // The simulator starts with three products (sku A1, B2 and C3); on your organization, use
  // keys of items your source holds.
  const coveo = await coveoSettings({ withProducts: true });

  // The seed's settings, with its parameter names. One key may do both when it has the Push and
  // the Search privileges (and "view all content", to find every item).
  const settings = {
    api_key_search: coveo.apiKey,
    api_key_push: coveo.apiKey,
    org_id: coveo.organizationId,
    source_id: coveo.sourceId,
    region: coveo.seedRegion,
    type_source: 'push' as const,
    key_field: 'sku',
  };
  const newdata = [
    { key: 'A1', metadata: { ec_stock: 3, ec_price: 99 } },
    { key: 'B2', metadata: { ec_stock: 0 } },
    { key: 'ZZ9', metadata: { ec_stock: 7 } },
  ];

  // Indexing is asynchronous: an item pushed a moment ago may not be found yet, and two updates
  // of one item at the same time can lose one of them. Run one update per item at a time.
  // `coveo.routing` is empty for Coveo; for the simulator it sends the calls to its origin.
  const answer = await partialUpdate(settings, newdata, coveo.routing);
  for (const [key, status] of Object.entries(answer)) console.log(`${key}: ${status}`);
});

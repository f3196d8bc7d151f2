// The Coveo Python client's README example (push one document), with the samples' metadata and
// delete: `Source(key, org).addOrUpdateDocument(sourceId, DocumentBuilder(uri, title).withData(...))`.
import { DocumentBuilder, PushSource } from '@connectorkit/push-client';
import { coveoSettings, runExample } from './support/services.js';

await runExample(async () => {
  const coveo = await coveoSettings();
  // One source per organization and key; the third argument picks the region (or a proxy).
  const source = new PushSource(coveo.apiKey, coveo.organizationId, coveo.platform);

  const myDocument = new DocumentBuilder('https://my.document.uri', 'My document title')
    .withAuthor('bob')
    .withData('these words will be searchable')
    .withClickableUri('https://my.document.click.com')
    .withFileExtension('.html')
    // Metadata reach the index only through fields of the organization mapped to the source.
    .withMetadata({ tags: ['the_first_tag', 'the_second_tag'], version: 1, somekey: 'some value' });

  // 202 means accepted, not indexed: Coveo indexes later and refuses a bad item only then.
  const added = await source.addOrUpdateDocument(coveo.sourceId, myDocument);
  console.log(
    `Document added: ${added.documentId} (HTTP ${added.status}, request ${added.requestId})`,
  );

  // Unlike the Python client, a non-2xx answer throws (an HttpError), so there is nothing to check.
  const deleted = await source.deleteDocument(coveo.sourceId, 'https://my.document.uri', true);
  console.log(`Document deleted with its children: ${deleted.documentId} (HTTP ${deleted.status})`);
});

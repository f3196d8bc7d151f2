// The Coveo Python client's batch sample: two documents to add and one to delete (with its
// children), sent together through a file container.
import { DocumentBuilder, PushSource } from '@connectorkit/push-client';
import { coveoSettings, runExample } from './support/services.js';

await runExample(async () => {
  const coveo = await coveoSettings();
  // The Python client's backoff is in seconds; here it is in milliseconds.
  const source = new PushSource(coveo.apiKey, coveo.organizationId, {
    ...coveo.platform,
    backoff: { retryAfter: 3000, maxRetries: 10, timeMultiple: 3 },
  });

  // Mark the source as being refreshed while it changes (Coveo shows it in the admin console).
  await source.setSourceStatus(coveo.sourceId, 'REFRESH');
  // Arrays or (async) iterables: large inputs are split into containers under `maxBatchBytes`.
  const report = await source.batchUpdateDocuments(coveo.sourceId, {
    addOrUpdate: [
      new DocumentBuilder('https://my.document.uri?ref=1', 'My first document title'),
      new DocumentBuilder('https://my.document.uri?ref=2', 'My second document title'),
    ],
    delete: [{ documentId: 'https://my.document.uri?ref=3', deleteChildren: true }],
  });
  await source.setSourceStatus(coveo.sourceId, 'IDLE');

  // A failed batch throws a BatchUpdateError (with this report) after its retries and redos.
  const { totals } = report;
  console.log(
    `Batch sent: ${totals.documentsSent} added, ${totals.deletesSent} deleted, ` +
      `${totals.batchesDone} file container(s), ${totals.bytesSent} bytes`,
  );
  for (const batch of report.batches) {
    console.log(`  container ${batch.fileId}: ${batch.ok ? 'accepted' : 'failed'}`);
  }
});

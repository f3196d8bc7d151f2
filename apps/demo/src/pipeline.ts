import { ChangesFollower } from '@connectorkit/changes-follower';
import { computeBackoff, sleep } from '@connectorkit/http-core';
import {
  AmsMessage,
  isAmsBalancerException,
  isAmsConnectionException,
  isAmsTimeoutException,
} from '@connectorkit/messaging-client';
import { DocumentBuilder, partialUpdate } from '@connectorkit/push-client';
import {
  isServerUnavailableException,
  type Document as PapiDocument,
} from '@connectorkit/pushapi-conventions';
import { generateCatalogue, isCompleteProduct, type Product, productUri } from './catalogue.js';
import { emptyMetrics, type PipelineMetrics } from './metrics.js';
import type { Progress } from './progress.js';
import type { DemoServices } from './services.js';

export interface PipelineOptions {
  documents: number;
  db?: string;
  follow?: boolean;
  signal?: AbortSignal;
  progress: Progress;
}

function toPapi(product: Product): PapiDocument {
  return {
    uri: productUri(product.sku),
    stamp: String((product as { _rev?: string })._rev ?? ''),
    metas: {
      title: product.name,
      brand: product.brand,
      category: product.category,
      price: String(product.price),
      ec_stock: String(product.ec_stock),
      tags: product.tags,
    },
    parts: [{ content: product.description, mimeHint: 'text/plain', encoding: 'utf-8' }],
  };
}

function toCoveo(product: Product): DocumentBuilder {
  return new DocumentBuilder(productUri(product.sku), product.name)
    .withData(product.description)
    .withMetadata({
      sku: product.sku,
      brand: product.brand,
      category: product.category,
      price: product.price,
      ec_stock: product.ec_stock,
      tags: product.tags,
    });
}

/**
 * Runs `step` again while the server is unavailable. Safe for the Exalead batch: `addDocument` is
 * an upsert by URI and setting the same checkpoint twice changes nothing, so a batch whose answer
 * was lost can be sent again.
 */
async function again<T>(
  step: () => Promise<T>,
  metrics: PipelineMetrics,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const transient =
        isServerUnavailableException(error) ||
        isAmsBalancerException(error) ||
        isAmsConnectionException(error) ||
        isAmsTimeoutException(error);
      if (!transient || attempt >= 10) throw error;
      metrics.retries++;
      await sleep(computeBackoff(attempt, { baseDelay: 20, maxDelay: 1000 }), signal);
    }
  }
}

/** The progress bars, one per stage, each named for all it does. */
const SEED = 'seed CouchDB';
const PUBLISH = 'follow changes, publish to ARGO';
const PUSH = 'consume, push to Coveo and Exalead';

/**
 * Seeds the database, follows its changes feed, and pushes every product to the Exalead connector
 * with a synced checkpoint per batch, counting what happens.
 */

export async function runPipeline(
  services: DemoServices,
  options: PipelineOptions,
): Promise<PipelineMetrics> {
  const metrics = emptyMetrics();
  const started = performance.now();
  const db = options.db ?? 'catalogue';
  const { progress } = options;
  if (!(await services.db.headDatabase({ db }))) await services.db.putDatabase({ db });
  const products = generateCatalogue(options.documents);
  progress.stage(SEED, products.length);
  for (let i = 0; i < products.length; i += 500) {
    const rows = await services.db.postBulkDocs({
      db,
      docs: products.slice(i, i + 500) as unknown as Record<string, unknown>[],
    });
    metrics.errors += rows.filter((r) => r.error && r.error !== 'conflict').length;
    metrics.documentsSeeded += rows.filter((r) => !r.error || r.error === 'conflict').length;
    progress.advance(SEED, rows.length);
  }
  progress.done(SEED);

  // The messaging stage: every change goes to a topic; a subscription consumes it and pushes to
  // Exalead in batches, with a synced checkpoint after each batch.
  const topic = 'catalogue-changes';
  const subscription = 'catalogue-indexer';
  await again(() => services.ams.topic(topic), metrics, options.signal);
  await again(() => services.ams.subscription(subscription, topic), metrics, options.signal);
  await again(() => services.papi.startPushSession(), metrics, options.signal);
  const consumed = new Map<string, Product>();
  let buffer: Product[] = [];
  let lastSeq = '';
  const flush = async () => {
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    // push-client retries and redoes failed batches itself (file containers, Retry-After).
    await services.coveo.source.batchUpdateDocuments(services.coveo.sourceId, {
      addOrUpdate: batch.map(toCoveo),
    });
    metrics.pushedToCoveo += batch.length;
    await again(
      async () => {
        await services.papi.addDocumentList(batch.map(toPapi));
        await services.papi.setCheckpoint(lastSeq, 'couchdb-changes', true);
      },
      metrics,
      options.signal,
    );
    metrics.pushedToExalead += batch.length;
    progress.advance(PUSH, batch.length);
  };
  progress.stage(PUBLISH, products.length);
  progress.stage(PUSH, products.length);
  const consumer = services.ams.subscribe(
    subscription,
    async (message) => {
      const doc = JSON.parse(message.text()) as Product & { _rev: string };
      const key = `${doc._id}@${doc._rev}`;
      if (consumed.has(key)) return; // at-least-once delivery: a redelivered change is skipped
      consumed.set(key, doc);
      if (!isCompleteProduct(doc)) {
        // A malformed document must not stop the pipeline: ack it, count it, say which.
        metrics.skipped++;
        progress.log(
          `skipped ${key.split('@')[0]}: not a complete product (an indexed field is missing)`,
        );
        return;
      }
      buffer.push(doc);
      if (buffer.length >= 250) await flush();
    },
    { concurrency: 8, maxMessages: 100, onError: () => {} },
  );
  const follower = new ChangesFollower({
    client: services.db,
    db,
    includeDocs: true,
    batchSize: 250,
    // --follow reads the whole feed first, then keeps listening (start() alone begins at "now").
    since: 0,
  });
  options.signal?.addEventListener('abort', () => follower.stop(), { once: true });
  const run = options.follow ? follower.start() : follower.startOneOff();
  let published = 0;
  let caughtUp = false;
  for await (const batch of run.batches()) {
    const docs = batch.changes.filter(
      (c) => !c.deleted && c.doc && (c.doc as { type?: string }).type === 'product',
    );
    metrics.documentsRead += batch.changes.length;
    const messages = docs.map(
      (c) =>
        new AmsMessage({
          data: JSON.stringify(c.doc),
          attributes: { id: c.id, rev: c.changes[0]?.rev ?? '' },
        }),
    );
    if (messages.length > 0)
      await again(() => services.ams.publish(topic, messages), metrics, options.signal);
    published += messages.length;
    metrics.messagesPublished += messages.length;
    lastSeq = JSON.stringify(batch.lastSeq);
    await batch.markProcessed();
    progress.advance(PUBLISH, messages.length);
    if (options.follow) {
      if (caughtUp) progress.log(`changes feed: ${batch.changes.length} new change(s) published`);
      // express-pouchdb omits `pending`; there, every seeded product having come through tells.
      else if (batch.pending === 0 || published >= products.length) {
        caughtUp = true;
        progress.log('changes feed: caught up; listening for new changes (Ctrl-C to stop)');
      }
    }
  }
  progress.done(PUBLISH);
  // Wait until every published change was consumed, then stop the consumer.
  // Stopped (Ctrl-C in --follow): still give the consumer a few seconds to finish what was sent.
  const drainUntil = performance.now() + 5_000;
  while (consumed.size < published && (!options.signal?.aborted || performance.now() < drainUntil))
    await sleep(20);
  const report = await consumer.close();
  metrics.messagesAcked = report.acked;
  await flush();
  progress.done(PUSH);
  await again(() => services.papi.triggerIndexingJob(), metrics, options.signal);
  await services.papi.stopPushSession();

  // The inventory update: new stock for a few SKUs (and one that does not exist), through the
  // read-modify-write partial update of a Push source (Search API by key, merge, push back).
  services.coveo.indexNow();
  const newdata = [
    ...products
      .slice(0, 3)
      .map((p, i) => ({ key: p.sku, metadata: { ec_stock: (p.ec_stock + 10 * (i + 1)) % 250 } })),
    { key: 'SKU-999999', metadata: { ec_stock: 1 } },
  ];
  const answer = await partialUpdate(
    {
      api_key_search: services.coveo.apiKey,
      api_key_push: services.coveo.apiKey,
      source_id: services.coveo.sourceId,
      org_id: services.coveo.organizationId,
      region: services.coveo.region as '' | 'eu' | 'ap',
      type_source: 'push',
      key_field: 'sku',
    },
    newdata,
    services.coveo.baseUrl ? { baseUrl: services.coveo.baseUrl } : {},
  );
  metrics.partialUpdates = Object.entries(answer).map(([key, result]) => ({ key, result }));
  for (const { key, result } of metrics.partialUpdates)
    progress.log(`partial update ${key}: ${result}`);
  metrics.elapsedMs = performance.now() - started;
  return metrics;
}

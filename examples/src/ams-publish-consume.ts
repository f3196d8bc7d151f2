// argo-ams-library's publish.py and consume-pull.py, then the consume loop it lacks: a topic
// and a subscription (got or created), messages published one and many at a time, one pull
// acked by hand, then `subscribe()`, which acks after each handler.
import { AmsMessage, ArgoMessagingService } from '@connectorkit/messaging-client';
import { amsSettings, runExample } from './support/services.js';

await runExample(async () => {
  // endpoint (a host, or a URL), token (sent as x-api-key) and project.
  const ams = new ArgoMessagingService(await amsSettings());

  const topic = await ams.topic('connectorkit-example-orders');
  // A new subscription starts at the end of the topic: create it before publishing.
  const sub = await topic.subscription('connectorkit-example-indexer');

  // Data is text or bytes (base64 on the wire); attributes are strings.
  const order = (id: number) =>
    new AmsMessage({ data: JSON.stringify({ id, item: 'shoe' }), attributes: { kind: 'order' } });
  const [first] = await topic.publish(order(1));
  const more = await topic.publish([order(2), order(3)]);
  console.log(`Published message ${first}, then ${more.length} more: ${more.join(', ')}`);

  // consume-pull.py: one pull, then ack. Until acked, a pull returns the same messages again.
  const received = await sub.pull({ num: 10 });
  for (const { message } of received) {
    console.log(
      `Pulled ${message.messageId}: ${message.text()} ${JSON.stringify(message.attributes)}`,
    );
  }
  // Acks are cumulative: acking the last id acks the whole batch.
  await sub.ack(received.map((r) => r.ackId));

  // The consume loop: a message is acked once its handler resolves; a handler that throws
  // gets its message again. `stopWhenEmpty` drains and stops; a service calls `close()` instead.
  await topic.publish([order(4), order(5)]);
  const consumer = sub.subscribe(
    async (message) => console.log(`Handled ${message.messageId}: ${message.text()}`),
    { concurrency: 4, stopWhenEmpty: true },
  );
  const report = await consumer.done;
  console.log(`Consumer stopped: ${report.processed} handled, ${report.acked} acked`);

  await sub.delete();
  await topic.delete();
});

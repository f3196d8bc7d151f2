// argo-ams-library's subscription offsets: a subscription is a cursor over the topic. Read it,
// move it back to replay what was consumed, find the offset of a time, and skip to the end.
import { AmsMessage, ArgoMessagingService } from '@connectorkit/messaging-client';
import { amsSettings, runExample } from './support/services.js';

await runExample(async () => {
  const ams = new ArgoMessagingService(await amsSettings());
  const topic = await ams.topic('connectorkit-example-events');
  const sub = await topic.subscription('connectorkit-example-replay');

  const start = await sub.offsets(); // { min, max, current }
  console.log(`Offsets at start: ${JSON.stringify(start)}`);

  const publishedAfter = new Date();
  await topic.publish(['created', 'paid', 'shipped'].map((data) => new AmsMessage({ data })));
  // pullack: pull, ack, and only then return the messages (at most once).
  const consumed = await sub.pullack({ num: 10 });
  console.log(`Consumed: ${consumed.map((m) => m.text()).join(', ')}`);
  console.log(`Offsets after the ack: ${JSON.stringify(await sub.offsets())}`);

  // Replay: move the cursor back (0 included); the next pulls read those messages again.
  await sub.offsets({ moveTo: start.current });
  const replayed = await sub.pullack({ num: 10 });
  console.log(`Replayed from offset ${start.current}: ${replayed.map((m) => m.text()).join(', ')}`);

  // The first offset published at or after a time (sent as AMS wants it, in UTC milliseconds).
  const offset = await sub.timeToOffset(publishedAfter);
  console.log(`First offset since ${publishedAfter.toISOString()}: ${offset}`);

  // Skip the backlog, e.g. after an outage when old events no longer matter.
  await topic.publish(new AmsMessage({ data: 'stale' }));
  const end = await ams.seekToEnd(sub.name);
  console.log(`Skipped to the end: offset ${end}, ${(await sub.pull()).length} message(s) pending`);

  await sub.delete();
  await topic.delete();
});

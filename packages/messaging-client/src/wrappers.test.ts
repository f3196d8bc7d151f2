import { expect, it } from 'vitest';
import { AmsMessage, ArgoMessagingService } from './index.js';
import { createAmsSimulator } from './testing/index.js';

it('AmsTopic and AmsSubscription wrap the calls; listings page; ACLs, push config and pull options', async () => {
  const sim = createAmsSimulator({
    project: 'P',
    token: 'k',
    users: [{ name: 'bob', projects: [{ project: 'P', roles: ['consumer'] }] }],
  });
  const ams = new ArgoMessagingService({
    endpoint: 'http://ams.test',
    token: 'k',
    project: 'P',
    fetch: sim.fetch,
  });
  const topic = await ams.topic('t');
  expect(topic.fullname).toBe('/projects/P/topics/t');
  await ams.topic('other');
  const sub = await topic.subscription('s', { ackDeadlineSeconds: 20 });
  await topic.subscription('s2');
  await (await ams.topic('other')).subscription('s3');
  expect(sub).toMatchObject({
    name: 's',
    fullname: '/projects/P/subscriptions/s',
    topic: '/projects/P/topics/t',
    ackDeadlineSeconds: 20,
  });
  const names: string[] = [];
  for await (const s of topic.iterSubs()) names.push(s.name);
  expect(names.sort()).toEqual(['/projects/P/subscriptions/s', '/projects/P/subscriptions/s2']);
  const first = await ams.listTopics({ pageSize: 1 });
  expect(first).toMatchObject({ items: [{ name: '/projects/P/topics/other' }], totalSize: 2 });
  const second = await ams.listTopics({ pageSize: 1, pageToken: first.nextPageToken });
  expect(second.items[0]?.name).toBe('/projects/P/topics/t');
  const all: string[] = [];
  for await (const t of ams.iterTopics({ pageSize: 1 })) all.push(t.name);
  expect(all).toHaveLength(2);
  expect(await topic.acl(['bob'])).toEqual(['bob']);
  expect(await sub.acl(['bob'])).toEqual(['bob']);
  const pushed = await sub.pushconfig({
    pushEndpoint: 'https://hook.example/ams',
    retryPolicyPeriod: 500,
  });
  expect(pushed.pushConfig).toMatchObject({
    type: 'http_endpoint',
    pushEndpoint: 'https://hook.example/ams',
    maxMessages: 1,
    retryPolicy: { type: 'linear', period: 500 },
  });
  expect((await sub.pushconfig()).pushConfig).toMatchObject({ pushEndpoint: '', type: '' });
  ams.setPullopt('maxMessages', 2);
  expect(ams.getPullopt('maxMessages')).toBe('2');
  await topic.publish([1, 2, 3].map((n) => new AmsMessage({ data: String(n) })));
  const pulled = await sub.pull();
  expect(pulled).toHaveLength(2);
  await sub.ack([pulled[1]?.ackId ?? '']);
  const rest = await sub.pullack({ num: 5 });
  expect(rest.map((m) => m.text())).toEqual(['3']);
  expect(await sub.timeToOffset(new Date(0))).toBe(0);
  await sub.delete();
  expect(await ams.hasSub('s')).toBe(false);
  await topic.delete();
  expect(await ams.hasTopic('t')).toBe(false);
});

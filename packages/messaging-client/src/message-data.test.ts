import { isInputValidationError } from '@connectorkit/http-core';
import { afterEach, expect, it } from 'vitest';
import { AmsMessage, ArgoMessagingService } from './index.js';
import { createAmsSimulator } from './testing/index.js';

// Message data over loopback HTTP: text, binary, large, already-encoded and not-base64 data.
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function start() {
  const sim = createAmsSimulator({ project: 'P', token: 'k' });
  const server = await sim.listen();
  closers.push(server.close);
  const ams = new ArgoMessagingService({ endpoint: server.url, token: 'k', project: 'P' });
  await ams.createTopic('t');
  await ams.createSub('s', 't');
  const stored = () => sim.state.topics.get('P/t')?.messages.map((m) => m.data) ?? [];
  return { sim, ams, stored };
}

it('text, every byte value and 1.1 MB of binary (1.47 MB as base64) go out as base64 and come back as sent', async () => {
  const { ams, stored } = await start();
  const every = Uint8Array.from({ length: 256 }, (_, i) => i);
  const large = new Uint8Array(1_100_000).map((_, i) => (i * 131 + (i >>> 8)) & 255);
  await ams.publish('t', [
    new AmsMessage({ data: 'héllo 😀 \u0000' }),
    new AmsMessage({ data: every }),
    new AmsMessage({ data: 'plain ascii {"id":1}' }),
  ]);
  await ams.publish('t', new AmsMessage({ data: large }));
  expect(stored().slice(0, 3)).toEqual([
    Buffer.from('héllo 😀 \u0000').toString('base64'),
    Buffer.from(every).toString('base64'),
    Buffer.from('plain ascii {"id":1}').toString('base64'),
  ]);
  const pulled = await ams.pullSub('s', { num: 4 });
  expect(pulled[0]?.message.text()).toBe('héllo 😀 \u0000');
  expect([...(pulled[0]?.message.data ?? [])]).toEqual([...Buffer.from('héllo 😀 \u0000')]);
  expect([...(pulled[1]?.message.getData() ?? [])]).toEqual([...every]);
  expect(pulled[2]?.message.text()).toBe('plain ascii {"id":1}');
  const back = pulled[3]?.message.data ?? new Uint8Array(0);
  expect(Buffer.compare(Buffer.from(back), Buffer.from(large))).toBe(0);
});

it('b64enc: false sends data already encoded as it is, and refuses data that is not base64', async () => {
  const { ams, stored } = await start();
  const encoded = Buffer.from('already encoded').toString('base64');
  await ams.publish('t', new AmsMessage({ data: encoded, b64enc: false, attributes: { k: 'v' } }));
  expect(stored()).toEqual([encoded]);
  const [got] = await ams.pullSub('s');
  expect(got?.message.text()).toBe('already encoded');
  expect(got?.message.getAttr()).toEqual({ k: 'v' });
  for (const bad of ['not base64!', 'YQ', new Uint8Array([1])]) {
    const error = (() => {
      try {
        return new AmsMessage({ data: bad, b64enc: false });
      } catch (e) {
        return e;
      }
    })();
    expect(isInputValidationError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/base64/);
  }
});

it('setData and setAttr change what is published; a pulled message re-published keeps its data', async () => {
  const { ams, stored } = await start();
  const message = new AmsMessage({ data: 'first' });
  message.setData('second');
  message.setAttr('kind', 'change');
  await ams.publish('t', message);
  message.setData(Buffer.from('third').toString('base64'), false);
  await ams.publish('t', message);
  message.setData(new Uint8Array([0xff, 0x00]));
  message.data[0] = 0xfe; // bytes handed out may change in place: they are encoded when sent
  await ams.publish('t', message);
  expect(stored()).toEqual([
    Buffer.from('second').toString('base64'),
    Buffer.from('third').toString('base64'),
    Buffer.from([0xfe, 0x00]).toString('base64'),
  ]);
  const pulled = await ams.pullSub('s', { num: 3 });
  expect(pulled.map((p) => p.message.getAttr())).toEqual([
    { kind: 'change' },
    { kind: 'change' },
    { kind: 'change' },
  ]);
  await ams.publish(
    't',
    pulled.map((p) => p.message),
  );
  expect(stored().slice(3)).toEqual(stored().slice(0, 3));
  expect(() => message.setData(42 as unknown as string)).toThrow(/string or a Uint8Array/);
  expect(() => message.setData('x', 'no' as unknown as boolean)).toThrow(/true or false/);
});

it('data another client published raw (not base64) is read leniently, never thrown on', async () => {
  const { sim, ams, stored } = await start();
  // The server's own CI publishes "msg 1" and reads it back unchanged (reference §6).
  const res = await sim.fetch('http://ams.test/v1/projects/P/topics/t:publish', {
    method: 'POST',
    headers: { 'x-api-key': 'k' },
    body: '{"messages":[{"data":"msg 1"}]}',
  });
  expect(res.status).toBe(200);
  const [got] = await ams.pullSub('s');
  expect([...(got?.message.data ?? [])]).toEqual([...Buffer.from('msg 1', 'base64')]);
  expect(typeof got?.message.text()).toBe('string');
  const [again] = await ams.pullSub('s');
  await ams.publish('t', again?.message as AmsMessage);
  expect(stored()).toEqual(['msg 1', 'msg 1']);
});

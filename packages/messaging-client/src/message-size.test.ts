import { type InputValidationError, isInputValidationError } from '@connectorkit/http-core';
import { afterEach, expect, it } from 'vitest';
import {
  AmsMessage,
  ArgoMessagingService,
  isAmsMessageException,
  MAX_MESSAGE_BYTES,
} from './index.js';
import { createAmsSimulator } from './testing/index.js';

/*
 * A message is measured as AMS stores it: the JSON of its base64 data and attributes, plus 100
 * bytes for the id and publish time AMS adds. Over the client's maxMessageBytes (default the
 * broker's 1 500 000), publish and the publisher refuse it before any request.
 */

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function setup(maxMessageBytes?: number) {
  const sim = createAmsSimulator({ project: 'P', token: 'tok-size' });
  const server = await sim.listen();
  closers.push(server.close);
  let requests = 0;
  const ams = new ArgoMessagingService({
    endpoint: server.url,
    token: 'tok-size',
    project: 'P',
    ...(maxMessageBytes !== undefined ? { maxMessageBytes } : {}),
    logger: (event) => {
      if (event.type === 'request') requests++;
    },
  });
  await ams.createTopic('t');
  return { sim, ams, requests: () => requests };
}

const refused = async (run: () => Promise<unknown>) => {
  const error = await run().catch((e: unknown) => e);
  expect(isAmsMessageException(error)).toBe(true);
  expect(isInputValidationError(error)).toBe(true);
  return error as InputValidationError;
};

it('counts base64 data, attributes and what AMS adds', () => {
  expect(new AmsMessage({ data: new Uint8Array(3) }).wireSize()).toBe(11 + 4 + 100);
  expect(new AmsMessage({ data: 'abcd', attributes: { k: 'v' } }).wireSize()).toBe(
    Buffer.byteLength(JSON.stringify({ data: 'YWJjZA==', attributes: { k: 'v' } })) + 100,
  );
});

it('refuses a message over the default 1 500 000 bytes before any request, and sends one at the limit', async () => {
  const { ams, sim, requests } = await setup();
  const before = requests();
  // 1 124 917 bytes are 1 499 892 in base64: under the broker's limit on data alone, over it
  // once the JSON and AMS's own fields are counted.
  const error = await refused(() =>
    ams.publish('t', new AmsMessage({ data: new Uint8Array(1_124_917) })),
  );
  expect(error.message).toMatch(
    /1500003 bytes as AMS stores it, over the limit of 1500000 \(maxMessageBytes/,
  );
  expect(requests()).toBe(before);
  const fits = new AmsMessage({ data: new Uint8Array(1_124_916) });
  expect(fits.wireSize()).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
  expect(await ams.publish('t', fits)).toEqual(['0']);
  expect(sim.state.topics.size).toBe(1);
});

it('takes the limit from maxMessageBytes, for publish and the publisher, attributes included', async () => {
  const { ams, requests } = await setup(1000);
  const before = requests();
  const at = new Uint8Array(666); // 11 + 888 + 100 = 999
  const over = new Uint8Array(667); // 11 + 892 + 100 = 1003
  const error = await refused(() =>
    ams.publish('t', [new AmsMessage({ data: at }), new AmsMessage({ data: over })]),
  );
  expect(error.issues[0]?.path).toBe('messages.1');
  expect(error.message).toMatch(/^messages\[1\]: message is 1003 bytes/);
  await refused(() =>
    ams.publish('t', new AmsMessage({ data: at, attributes: { key: 'a value' } })),
  );
  const publisher = ams.publisher('t');
  await refused(() => publisher.publish(over));
  expect(requests()).toBe(before);
  expect(await ams.publish('t', new AmsMessage({ data: at }))).toEqual(['0']);
  expect(await publisher.publish(at)).toBe('1');
});

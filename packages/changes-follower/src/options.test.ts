import { createDocDbClient } from '@connectorkit/doc-db-client';
import { createCouchDbSimulator } from '@connectorkit/doc-db-client/testing';
import { isInputValidationError } from '@connectorkit/http-core';
import { startLoopbackServer } from '@connectorkit/http-core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangesFollower, type ChangesFollowerOptions } from './index.js';

const sim = createCouchDbSimulator();
let requests = 0;
let close: () => Promise<void>;
let client: ReturnType<typeof createDocDbClient>;

beforeAll(async () => {
  const server = await startLoopbackServer((req, res) => {
    requests++;
    return sim.handler(req, res);
  });
  close = server.close;
  sim.createDatabase('feed');
  sim.writeDocuments(
    'feed',
    Array.from({ length: 5 }, (_, i) => ({ _id: `d${i}` })),
  );
  client = createDocDbClient({ url: server.url });
});
afterAll(() => close());

function made(options: Partial<ChangesFollowerOptions>): unknown {
  try {
    return new ChangesFollower({ client, db: 'feed', ...options } as ChangesFollowerOptions);
  } catch (error) {
    return error;
  }
}

const numeric = ['batchSize', 'limit', 'longpollTimeoutMs', 'requestMarginMs', 'seqInterval'];
const hostileNumbers = fc.oneof(
  fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5, -0),
  fc.double({ noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
  fc.integer({ max: -1 }),
  fc.string(),
  fc.constant(null),
  fc.boolean(),
);

describe('numeric options are checked when the follower is made', () => {
  it.each([0, -1, Number.NaN])('batchSize %s is refused, with no request', (batchSize) => {
    const before = requests;
    const error = made({ batchSize });
    expect(isInputValidationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/batchSize/);
    expect(requests).toBe(before);
  });

  it('refuses any generated value that is not a fitting whole number, naming the option', () => {
    fc.assert(
      fc.property(fc.constantFrom(...numeric), hostileNumbers, (name, value) => {
        const allowedZero = name === 'requestMarginMs' && (value === 0 || Object.is(value, -0));
        const error = made({ [name]: value });
        if (allowedZero) {
          expect(error).toBeInstanceOf(ChangesFollower);
        } else {
          expect(isInputValidationError(error)).toBe(true);
          expect((error as Error).message).toContain(name);
        }
      }),
      { seed: 2, numRuns: 400 },
    );
  });

  it('refuses an errorTolerance that is negative or not a number', () => {
    for (const errorTolerance of [-1, Number.NaN, '5', null]) {
      expect(isInputValidationError(made({ errorTolerance: errorTolerance as number }))).toBe(true);
    }
    expect(made({ errorTolerance: Number.POSITIVE_INFINITY })).toBeInstanceOf(ChangesFollower);
  });

  it('a one-off run with batchSize 1 ends after one request per change and the empty one', async () => {
    const before = requests;
    const seen: string[] = [];
    for await (const change of new ChangesFollower({
      client,
      db: 'feed',
      batchSize: 1,
    }).startOneOff())
      seen.push(change.id);
    expect(seen).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    expect(requests - before).toBeLessThanOrEqual(6);
  });
});

describe('other options', () => {
  it.each([
    ['a null client', { client: null }, 'client'],
    ['a client that is not one', { client: { http: {} } }, 'client'],
    ['a db that is not a string', { db: 5 }, 'db'],
    ['a since that is neither now nor a seq', { since: { seq: 1 } }, 'since'],
    ['a checkpoint without save', { checkpoint: { load: async () => undefined } }, 'checkpoint'],
    ['a style CouchDB does not know', { style: 'newest' }, 'style'],
    ['docIds that are not strings', { docIds: [1, 2] }, 'docIds'],
    ['includeDocs that is not a boolean', { includeDocs: 'yes' }, 'includeDocs'],
    ['a selector that is an array', { filter: '_selector', selector: [] }, 'selector'],
  ])('refuses %s, naming it', (_, options, field) => {
    const error = made(options as Partial<ChangesFollowerOptions>);
    expect(isInputValidationError(error)).toBe(true);
    expect((error as Error).message).toContain(field);
  });

  it('refuses options that are not an object', () => {
    for (const options of [null, undefined, 'feed', 42]) {
      let error: unknown;
      try {
        new ChangesFollower(options as never);
      } catch (e) {
        error = e;
      }
      expect(isInputValidationError(error)).toBe(true);
    }
  });
});

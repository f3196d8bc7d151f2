import { isInputValidationError, isSdkError } from '@connectorkit/http-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocDbClient, type DocDbClient } from './index.js';
import {
  drive,
  METHODS,
  type MethodEntry,
  PARAM_NAMES,
  seedDatabase,
} from './test-support/method-table.js';
import {
  malformation,
  type RecordingServer,
  startRecordingServer,
} from './test-support/recording-server.js';
import { createCouchDbSimulator } from './testing/index.js';

/*
 * Every public method, given hostile values for its params object or for any one parameter,
 * either refuses with an InputValidationError before any request reaches the server, or sends
 * well-formed requests and ends with the server's answer or a typed error: never a TypeError,
 * RangeError or SyntaxError from the client's own code.
 */

const sim = createCouchDbSimulator();
let server: RecordingServer;
let client: DocDbClient;

beforeAll(async () => {
  server = await startRecordingServer(sim.handler);
  client = createDocDbClient({ url: server.url, retry: { limit: 0, sleep: async () => {} } });
  await seedDatabase(client);
});
afterAll(() => server.close());

const circularObject = () => {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  return o;
};
const circularArray = () => {
  const a: unknown[] = [1];
  a.push(a);
  return a;
};
const deep = () => {
  let o: unknown = 1;
  for (let i = 0; i < 20_000; i++) o = { o };
  return o;
};

/** Values no parameter should take as they are (the listed ones drawn most often). */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constant(null).map(circularObject), weight: 2 },
  { arbitrary: fc.constant(null).map(circularArray), weight: 1 },
  { arbitrary: fc.constant(null).map(deep), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.double(), weight: 2 },
  { arbitrary: fc.integer({ min: -5, max: 5 }), weight: 1 },
  {
    arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null)), {
      maxLength: 4,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.dictionary(fc.string({ maxLength: 5 }), fc.anything({ maxDepth: 2 }), {
      maxKeys: 4,
    }),
    weight: 1,
  },
  { arbitrary: fc.anything({ maxDepth: 2 }), weight: 2 },
  {
    weight: 8,
    arbitrary: fc.constantFrom<unknown>(
      null,
      undefined,
      Number.NaN,
      -1,
      -0.5,
      1.5,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.MAX_SAFE_INTEGER + 2,
      0,
      '',
      ' ',
      '.',
      '..',
      '../_all_dbs',
      '_design/x',
      '_local/x',
      '\u0000',
      'a\r\nx-injected: 1',
      '\ud800',
      'x\udc00y',
      'x'.repeat(4_000),
      '日'.repeat(1_000),
      true,
      false,
      [],
      {},
      [1, 2, 3],
      [[]],
      { docs: [] },
      10n,
      Symbol('s'),
      () => 1,
      new Date(0),
      new Map([['a', 1]]),
      new Set([1]),
      Object.create(null),
      'now',
      'all',
    ),
  },
);
const notAnObject = fc.constantFrom<unknown>(null, undefined, 'db', 7, [], [{ db: 'db' }], true);

type Case = { entry: MethodEntry; params: unknown; label: string };

const wholeParams: fc.Arbitrary<Case> = fc
  .tuple(fc.constantFrom(...METHODS), fc.oneof(notAnObject, hostile))
  .map(([entry, params]) => ({ entry, params, label: 'params' }));
const oneParam: fc.Arbitrary<Case> = fc
  .tuple(fc.constantFrom(...METHODS), fc.constantFrom(...PARAM_NAMES), hostile)
  .map(([entry, field, value]) => ({
    entry,
    params: { ...entry.params(), [field]: value },
    label: field,
  }));

async function outcome({ entry, params }: Case): Promise<string | undefined> {
  server.clear();
  const error = await drive(client, entry, params);
  const requests = server.requests.slice();
  if (isInputValidationError(error)) {
    return requests.length === 0 ? undefined : `refused after ${requests.length} request(s)`;
  }
  if (error !== undefined && !isSdkError(error)) {
    return `threw ${(error as Error)?.name}: ${(error as Error)?.message}`;
  }
  if (requests.length === 0) return 'no request and no InputValidationError';
  for (const request of requests) {
    const wrong = malformation(request);
    if (wrong) return wrong;
  }
  return undefined;
}

describe('hostile arguments', () => {
  it('covers every public method of the client', () => {
    const methods = Object.keys(client)
      .filter((k) => typeof client[k as keyof DocDbClient] === 'function')
      .sort();
    expect(METHODS.map((m) => m.name).sort()).toEqual(methods);
  });

  it('every method with valid params sends a well-formed request', async () => {
    for (const entry of METHODS) {
      expect([entry.name, await outcome({ entry, params: entry.params(), label: '' })]).toEqual([
        entry.name,
        undefined,
      ]);
    }
  });

  it('a hostile params object or parameter: a named refusal and no request, or a well-formed request', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(wholeParams, oneParam, oneParam, oneParam), async (c) => {
        const wrong = await outcome(c);
        if (wrong) throw new Error(`${c.entry.name} with ${c.label}: ${wrong}`);
      }),
      { seed: 1313, numRuns: 600 },
    );
  });
});

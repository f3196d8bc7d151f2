import { createDocDbClient } from '@connectorkit/doc-db-client';
import { isResponseValidationError } from '@connectorkit/http-core';
import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChangesFollower } from './index.js';

/*
 * A server answering `_changes` or `GET /{db}` with a 200 that is not such an answer: the run ends
 * with a ResponseValidationError after that one request (never a TypeError, never a loop), with
 * the default infinite error tolerance, whether or not the client validates answers.
 */

let changesBody = '';
let infoBody = '';
const seen: string[] = [];
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    seen.push(`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`);
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.method === 'GET' ? infoBody : changesBody);
  });
});
afterAll(() => server.close());
beforeEach(() => {
  seen.length = 0;
  infoBody = '{"db_name":"feed","doc_count":2,"update_seq":"2-x","sizes":{"external":200}}';
});

const client = (validateResponses: boolean) =>
  createDocDbClient({ url: server.url, validateResponses });
const noWait = { sleep: async () => {}, random: () => 0.5 };

async function run(follower: ChangesFollower, continuous = false): Promise<unknown> {
  try {
    for await (const _ of continuous ? follower.start() : follower.startOneOff()) {
      // drain
    }
    return undefined;
  } catch (error) {
    return error;
  }
}

const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const row = (extra: string) => `{"id":"a","changes":[{"rev":"1-a"}]${extra}}`;

/** Wrong for any client: the follower needs `last_seq` and `pending` to resume and to end. */
const ENVELOPE: [string, string][] = [
  ['an array', '[1,2,3]'],
  ['null', 'null'],
  ['an empty object', '{}'],
  ['a JSON string', '"text"'],
  ['HTML', '<html>oops</html>'],
  ['an empty body', ''],
  ['invalid JSON', '{"results":[{"id":"a",}],"last_seq":1}'],
  [
    'invalid JSON in the CouchDB layout',
    '{"results":[\n{"id":"a"}\n{"id":"b"}\n],\n"last_seq":1}\n',
  ],
  ['results that are not an array', '{"results":{},"last_seq":1}'],
  ['results holding a number', '{"results":[1],"last_seq":1}'],
  ['no results', '{"last_seq":1}'],
  ['no last_seq', '{"results":[]}'],
  ['a null last_seq', '{"results":[],"last_seq":null}'],
  ['an object last_seq', '{"results":[],"last_seq":{"a":1}}'],
  ['a boolean last_seq', '{"results":[],"last_seq":true}'],
  ['a last_seq of 70 kB', `{"results":[],"last_seq":"${'s'.repeat(70_000)}"}`],
  ['a last_seq nested 1 500 deep', `{"results":[],"last_seq":${deepArray(1500)}}`],
  [
    'a row nested 1 500 deep',
    `{"results":[\n${row(`,"doc":{"x":${deepArray(1500)}}`)}\n],\n"last_seq":1}\n`,
  ],
  ['a pending that is text', '{"results":[],"last_seq":1,"pending":"0"}'],
  ['a negative pending', '{"results":[],"last_seq":1,"pending":-1}'],
  ['a fractional pending', '{"results":[],"last_seq":1,"pending":1.5}'],
];

/** Wrong rows: refused when the client validates answers. */
const ROWS: [string, string][] = [
  ['a row whose id is a number', '{"results":[{"id":1,"changes":[]}],"last_seq":1}'],
  ['a row without changes', '{"results":[{"id":"a"}],"last_seq":1}'],
  ['a row whose rev is not text', '{"results":[{"id":"a","changes":[{"rev":2}]}],"last_seq":1}'],
  ['a row whose deleted is text', `{"results":[${row(',"deleted":"yes"')}],"last_seq":1}`],
  ['a row whose doc is an array', `{"results":[${row(',"doc":[1]')}],"last_seq":1}`],
  ['a row whose seq is an object', `{"results":[${row(',"seq":{}')}],"last_seq":1}`],
];

function expectRefused(error: unknown): void {
  expect(isResponseValidationError(error), String(error)).toBe(true);
  expect((error as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
  expect((error as Error).message).toMatch(
    /^POST http:\/\/127\.0\.0\.1:\d+\/feed\/_changes returned an unexpected body/,
  );
}

describe('a _changes answer of the wrong form ends the run with ResponseValidationError', () => {
  it.each(ENVELOPE)('%s, with a validating client', async (_, body) => {
    changesBody = body;
    expectRefused(await run(new ChangesFollower({ client: client(true), db: 'feed', ...noWait })));
    expect(seen).toEqual(['POST /feed/_changes']);
  });

  it.each(ENVELOPE)('%s, with validateResponses: false', async (_, body) => {
    changesBody = body;
    expectRefused(await run(new ChangesFollower({ client: client(false), db: 'feed', ...noWait })));
    expect(seen).toEqual(['POST /feed/_changes']);
  });

  it.each(ROWS)('%s, with a validating client (continuous mode too)', async (_, body) => {
    changesBody = body;
    expectRefused(await run(new ChangesFollower({ client: client(true), db: 'feed', ...noWait })));
    expectRefused(
      await run(new ChangesFollower({ client: client(true), db: 'feed', ...noWait }), true),
    );
    expect(seen).toEqual(['POST /feed/_changes', 'POST /feed/_changes']);
  });

  it.each(ROWS)('%s is handed over as it is when the client does not validate', async (_, body) => {
    changesBody = body;
    const batches: unknown[] = [];
    for await (const batch of new ChangesFollower({ client: client(false), db: 'feed', ...noWait })
      .startOneOff()
      .batches())
      batches.push(batch.changes.length);
    expect(batches).toEqual([1]);
  });

  it('a server that says changes are pending but sends none and does not move ends a one-off run', async () => {
    changesBody = '{"results":[],"last_seq":"5-x","pending":3}';
    for (const validate of [true, false]) {
      seen.length = 0;
      expect(
        await run(new ChangesFollower({ client: client(validate), db: 'feed', ...noWait })),
      ).toBeUndefined();
      // The first answer moves the sequence from 0 to 5-x; the second does not: the run ends.
      expect(seen).toEqual(['POST /feed/_changes', 'POST /feed/_changes']);
    }
  });
});

describe('a GET /{db} answer of the wrong form (batch sizing) ends the run with ResponseValidationError', () => {
  it.each([
    ['an array', '[1,2,3]'],
    ['null', 'null'],
    ['text', 'text'],
    ['invalid JSON', '{"db_name":'],
    ['JSON nested 1 500 deep', `{"x":${deepArray(1500)}}`],
    [
      'a size that is text',
      '{"db_name":"feed","doc_count":1,"update_seq":"1","sizes":{"external":"big"}}',
    ],
    [
      'a negative count',
      '{"db_name":"feed","doc_count":-1,"update_seq":"1","sizes":{"external":5}}',
    ],
  ])('%s', async (_, body) => {
    infoBody = body;
    changesBody = '{"results":[],"last_seq":1,"pending":0}';
    for (const validate of [true, false]) {
      seen.length = 0;
      const error = await run(
        new ChangesFollower({ client: client(validate), db: 'feed', includeDocs: true, ...noWait }),
      );
      expect(isResponseValidationError(error), `${String(error)} (validate ${validate})`).toBe(
        true,
      );
      expect(seen).toEqual(['GET /feed']);
    }
  });
});

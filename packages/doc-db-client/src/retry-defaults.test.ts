import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocDbClient, type DocDbClientOptions } from './index.js';

/*
 * A caller's partial retry policy is laid over the package's defaults: giving `limit` alone must
 * not drop the default statuses (500 among them) that http-core's own defaults lack.
 */

let server: LoopbackServer;
let failures = 0;
let requests = 0;

beforeAll(async () => {
  server = await startLoopbackServer((_req, res) => {
    requests++;
    if (failures > 0) {
      failures--;
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"unknown_error","reason":"function_clause"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"db_name":"db","doc_count":0,"update_seq":"0-x"}');
  });
});
afterAll(() => server.close());
beforeEach(() => {
  requests = 0;
});

const noWait = async () => {};

describe('a partial retry option keeps the default statuses', () => {
  const cases: [string, NonNullable<DocDbClientOptions['retry']>][] = [
    ['{ limit: 8 }', { limit: 8, sleep: noWait }],
    ['8', 8],
    ['{ maxDelay: 1 }', { maxDelay: 1 }],
  ];
  it.each(cases)('retry: %s retries a 500 and succeeds', async (_, retry) => {
    const client = createDocDbClient({ url: server.url, retry });
    failures = 1;
    await expect(client.getDatabaseInformation({ db: 'db' })).resolves.toMatchObject({
      db_name: 'db',
    });
    expect(requests).toBe(2);
  });

  it('keeps the limit a caller gives', async () => {
    const client = createDocDbClient({ url: server.url, retry: { limit: 2, sleep: noWait } });
    failures = 5;
    await expect(client.getDatabaseInformation({ db: 'db' })).rejects.toMatchObject({
      status: 500,
      attempts: 3,
    });
    expect(requests).toBe(3);
    failures = 0;
  });

  it('lays a call’s partial retry over the client’s policy', async () => {
    const client = createDocDbClient({ url: server.url, retry: { sleep: noWait } });
    failures = 3;
    await expect(
      client.getDatabaseInformation({ db: 'db', retry: { limit: 3 } }),
    ).resolves.toMatchObject({ db_name: 'db' });
    expect(requests).toBe(4);
    failures = 1;
    await expect(client.getDatabaseInformation({ db: 'db', retry: false })).rejects.toMatchObject({
      status: 500,
      attempts: 1,
    });
  });

  it('turns retries off with false and with 0', async () => {
    for (const retry of [false, 0] as const) {
      const client = createDocDbClient({ url: server.url, retry });
      failures = 1;
      requests = 0;
      await expect(client.getDatabaseInformation({ db: 'db' })).rejects.toMatchObject({
        status: 500,
      });
      expect(requests).toBe(1);
    }
  });
});

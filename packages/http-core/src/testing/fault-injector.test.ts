import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, isNetworkError } from '../index.js';
import { createFaultInjector } from './fault-injector.js';
import { startLoopbackServer } from './loopback-server.js';
import { seededRandom } from './seeded-random.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function faultyServer(faults: ReturnType<typeof createFaultInjector>) {
  const server = await startLoopbackServer(
    faults.wrap((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    }),
  );
  closers.push(server.close);
  return server;
}

describe('createFaultInjector', () => {
  it('setRate draws faults from the pool it is given, repeatably with a seeded random', async () => {
    const outcomes = async () => {
      const faults = createFaultInjector({ random: seededRandom(7) });
      const server = await faultyServer(faults);
      const http = createHttpClient({ baseUrl: server.url, retry: false });
      faults.setRate(0.5, [{ kind: 'status', status: 418 }]);
      const seen: (number | string)[] = [];
      for (let i = 0; i < 20; i++) {
        seen.push(
          await http.get('/').then(
            () => 200,
            (e: { status?: number }) => e.status ?? '?',
          ),
        );
      }
      faults.setRate(0);
      await expect(http.get('/')).resolves.toEqual({ ok: true });
      return { seen, stats: faults.stats() };
    };
    const first = await outcomes();
    expect(new Set(first.seen)).toEqual(new Set([200, 418]));
    expect(first.stats['status:418']).toBe(first.seen.filter((s) => s === 418).length);
    expect(first.stats.passed).toBe(first.seen.filter((s) => s === 200).length + 1);
    expect((await outcomes()).seen).toEqual(first.seen);
  });

  it('setRate without a pool keeps the pool in use', async () => {
    const faults = createFaultInjector({
      pool: [{ kind: 'status', status: 502 }],
      random: () => 0,
    });
    const server = await faultyServer(faults);
    faults.setRate(1);
    const http = createHttpClient({ baseUrl: server.url, retry: false });
    await expect(http.get('/')).rejects.toMatchObject({ status: 502 });
  });

  it('a stall with ms resets the connection then, and clear() has no stalled answer left', async () => {
    const faults = createFaultInjector();
    const server = await faultyServer(faults);
    const http = createHttpClient({ baseUrl: server.url, retry: false });
    faults.next({ kind: 'stall', ms: 50 });
    const error = await http.get('/').catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expect(faults.stats()).toMatchObject({ stall: 1 });
    faults.clear();
    await expect(http.get('/')).resolves.toEqual({ ok: true });
  });
});

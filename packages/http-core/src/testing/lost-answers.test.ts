import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackServer } from './loopback-server.js';
import { createLostAnswers } from './lost-answers.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe('createLostAnswers', () => {
  it('runs the handler to the end, then drops the connection instead of answering', async () => {
    let applied = 0;
    const lost = createLostAnswers({ kindOf: (method) => method.toLowerCase() });
    const server = await startLoopbackServer(
      lost.wrap(async (req, res) => {
        for await (const _ of req) {
          // read the body, as a service applying the request does
        }
        applied++;
        res.writeHead(201, { 'content-type': 'text/plain' });
        res.end('stored');
      }),
    );
    closers.push(server.close);
    lost.next(1, (method) => method === 'POST');
    const get = await fetch(`${server.url}/x`);
    expect(await get.text()).toBe('stored');
    const post = await fetch(`${server.url}/x`, { method: 'POST', body: 'data' }).catch(
      (e: unknown) => e,
    );
    expect(post).toBeInstanceOf(TypeError);
    expect(applied).toBe(2);
    expect(lost.stats()).toEqual({ post: 1 });
    const again = await fetch(`${server.url}/x`, { method: 'POST', body: 'data' });
    expect(again.status).toBe(201);
    expect(applied).toBe(3);
  });

  it('loses the share setRate asks for, and nothing after clear()', async () => {
    const lost = createLostAnswers({ random: () => 0.3 });
    const server = await startLoopbackServer(
      lost.wrap(async (_req, res) => {
        res.end('ok');
      }),
    );
    closers.push(server.close);
    lost.setRate(0.5, (_method, path) => path === '/lose');
    await expect(fetch(`${server.url}/lose`)).rejects.toBeInstanceOf(TypeError);
    expect((await fetch(`${server.url}/keep`)).status).toBe(200);
    lost.clear();
    expect((await fetch(`${server.url}/lose`)).status).toBe(200);
    expect(lost.stats()).toEqual({ request: 1 });
  });

  it('next() without a match takes any request, and swallows an answer written in parts', async () => {
    let applied = 0;
    const lost = createLostAnswers();
    const server = await startLoopbackServer(
      lost.wrap((_req, res) => {
        applied++;
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('part one, ');
        res.write('part two');
        res.end();
      }),
    );
    closers.push(server.close);
    lost.next();
    await expect(fetch(`${server.url}/any`)).rejects.toBeInstanceOf(TypeError);
    expect(await (await fetch(`${server.url}/any`)).text()).toBe('part one, part two');
    expect(applied).toBe(2);
    expect(lost.stats()).toEqual({ request: 1 });
  });
});

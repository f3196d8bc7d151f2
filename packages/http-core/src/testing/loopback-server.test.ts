import { expect, it } from 'vitest';
import { startLoopbackServer } from './loopback-server.js';

it('answers a handler that throws before returning with a 500, as one that rejects', async () => {
  const server = await startLoopbackServer((req) => {
    if (req.url === '/sync') throw new Error('at once');
    return Promise.reject(new Error('later'));
  });
  try {
    const sync = await fetch(`${server.url}/sync`);
    expect(sync.status).toBe(500);
    expect(await sync.json()).toEqual({ error: 'internal_error', reason: 'Error: at once' });
    const rejected = await fetch(`${server.url}/async`);
    expect(await rejected.json()).toEqual({ error: 'internal_error', reason: 'Error: later' });
  } finally {
    await server.close();
  }
});

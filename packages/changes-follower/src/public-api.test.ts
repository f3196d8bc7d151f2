import { expect, it } from 'vitest';

it('exports exactly the documented API', async () => {
  expect(Object.keys(await import('./index.js')).sort()).toEqual(['VERSION']);
  expect(Object.keys(await import('./testing/index.js')).sort()).toEqual(['VERSION']);
});

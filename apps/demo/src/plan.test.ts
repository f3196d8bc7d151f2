import { expect, it } from 'vitest';
import { describePlan } from './plan.js';

it('lists every pipeline stage in order', () => {
  const lines = describePlan().split('\n');
  expect(lines).toHaveLength(6);
  expect(lines[2]).toContain('_changes');
});

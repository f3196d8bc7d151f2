import { expect, it } from 'vitest';
import { FakePushAPI } from './index.js';

it('runs indexing jobs on the injected clock', async () => {
  let now = 0;
  const fake = new FakePushAPI({ now: () => now, indexingDelayMs: 5_000 });
  await fake.addDocument({ uri: 'a' });
  const serial = await fake.setCheckpoint('x', '', true);
  expect(fake.getOperationStatus('a')).toBe('Synced');
  await fake.triggerIndexingJob();
  expect(await fake.areDocumentsSearchable(serial)).toBe(false);
  now += 5_000;
  expect(await fake.areDocumentsSearchable(serial)).toBe(true);
  expect(fake.getOperationStatus('a')).toBe('Searchable');
});

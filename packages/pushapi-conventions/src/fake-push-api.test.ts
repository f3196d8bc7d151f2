import fc from 'fast-check';
import { expect, it } from 'vitest';
import { FakePushAPI, isInvalidParameterError } from './index.js';
import { declarationsOf } from './test-support/declarations.js';
import { hostile } from './test-support/hostile-values.js';

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

it('getOperationStatus refuses what getDocumentStatus refuses, under its own name', async () => {
  const fake = new FakePushAPI();
  await fc.assert(
    fc.asyncProperty(hostile, async (uri) => {
      const asStatus = await fake.getDocumentStatus(uri as string).catch((e: unknown) => e);
      let asOperation: unknown;
      try {
        asOperation = fake.getOperationStatus(uri as string);
      } catch (error) {
        asOperation = error;
      }
      if (!isInvalidParameterError(asStatus)) {
        expect(asOperation).toBeUndefined();
        return;
      }
      if (!isInvalidParameterError(asOperation)) throw new Error('getOperationStatus accepted it');
      expect(asOperation.subject).toBe('getOperationStatus(uri)');
      expect(asOperation.message).toBe(
        asStatus.message.replace('getDocumentStatus(uri)', 'getOperationStatus(uri)'),
      );
      expect(asOperation.message).not.toContain('getDocumentStatus');
      expect(asOperation.issues).toEqual(asStatus.issues);
    }),
    { seed: 4242, numRuns: 200 },
  );
});

it('declares connectorName deprecated, and only it, in FakePushAPIOptions', () => {
  const { checker, exportsOf } = declarationsOf(['fake-push-api.ts']);
  const options = exportsOf('fake-push-api.ts').get('FakePushAPIOptions');
  const deprecated = [...(options?.members?.values() ?? [])]
    .filter((member) => member.getJsDocTags(checker).some((tag) => tag.name === 'deprecated'))
    .map((member) => member.getName());
  expect(deprecated).toEqual(['connectorName']);
});

it('still accepts and checks connectorName, which changes nothing', async () => {
  expect(() => new FakePushAPI({ connectorName: '' })).toThrow(
    /Invalid FakePushAPI options: connectorName/,
  );
  const named = new FakePushAPI({ connectorName: 'files' });
  await named.addDocument({ uri: 'a', stamp: '1' });
  await named.sync();
  expect(named.getOperationStatus('a')).toBe('Synced');
  expect(await named.getDocumentStatus('a')).toEqual({ uri: 'a', exist: true, stamp: '1' });
});

import { expect, it } from 'vitest';

it('exports exactly the documented API', async () => {
  expect(Object.keys(await import('./index.js')).sort()).toEqual([
    'ChangesFollower',
    'DEFAULT_BATCH_SIZE',
    'DEFAULT_LONGPOLL_TIMEOUT_MS',
    'MIN_CLIENT_TIMEOUT_MS',
    'TARGET_BATCH_BYTES',
    'VERSION',
    'batchSizeFor',
    'createFileCheckpointStore',
    'createLocalDocumentCheckpointStore',
  ]);
  expect(Object.keys(await import('./testing/index.js')).sort()).toEqual([
    'VERSION',
    'createCouchDbSimulator',
    'createMemoryCheckpointStore',
  ]);
});

export { batchSizeFor, TARGET_BATCH_BYTES } from './batch-size.js';
export { ChangesFollower, type FollowerBatch, type FollowerRun } from './changes-follower.js';
export {
  type ChangesFollowerOptions,
  DEFAULT_BATCH_SIZE,
  DEFAULT_LONGPOLL_TIMEOUT_MS,
  type FollowerChangesOptions,
  MIN_CLIENT_TIMEOUT_MS,
} from './changes-follower-options.js';
export {
  type CheckpointStore,
  createFileCheckpointStore,
  createLocalDocumentCheckpointStore,
} from './checkpoint-store.js';
export type { ChangesBatch } from './follow-loop.js';
export { VERSION } from './version.js';

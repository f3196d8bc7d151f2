import type { Seq } from '@connectorkit/doc-db-client';
import type { CheckpointStore } from '../checkpoint-store.js';

/** A checkpoint store in memory, with the history of saves, for tests of code that follows feeds. */
export function createMemoryCheckpointStore(initial?: Seq): CheckpointStore & { saves: Seq[] } {
  let current = initial;
  const saves: Seq[] = [];
  return {
    saves,
    load: async () => current,
    save: async (seq) => {
      current = seq;
      saves.push(seq);
    },
  };
}

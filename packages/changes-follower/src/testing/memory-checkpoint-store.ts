import type { Seq } from '@connectorkit/doc-db-client';
import { seqProblem } from '@connectorkit/doc-db-client';
import { InputValidationError } from '@connectorkit/http-core';
import type { CheckpointStore } from '../checkpoint-store.js';

function checkSeq(seq: unknown, path: string): void {
  const problem = seqProblem(seq);
  if (problem !== undefined)
    throw new InputValidationError({
      subject: 'memory checkpoint',
      issues: [{ path, message: problem }],
    });
}

/** A checkpoint store in memory, with the history of saves, for tests of code that follows feeds. */
export function createMemoryCheckpointStore(initial?: Seq): CheckpointStore & { saves: Seq[] } {
  if (initial !== undefined) checkSeq(initial, 'initial');
  let current = initial;
  const saves: Seq[] = [];
  return {
    saves,
    load: async () => current,
    save: async (seq) => {
      checkSeq(seq, 'seq');
      current = seq;
      saves.push(seq);
    },
  };
}

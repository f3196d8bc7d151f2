import type * as Fs from 'node:fs/promises';
import type * as Path from 'node:path';
import type * as Process from 'node:process';
import type { DocDbClient, Seq } from '@connectorkit/doc-db-client';
import { seqProblem } from '@connectorkit/doc-db-client';
import { InputValidationError, isHttpError } from '@connectorkit/http-core';
import * as v from 'valibot';
import { checkArgument } from './internal/check-argument.js';
import { nodeBuiltin } from './internal/node-builtin.js';

const FilePath = v.pipe(
  v.string('must be a file path'),
  v.nonEmpty('must be a file path'),
  v.check((p) => !p.includes('\u0000'), 'must not contain NUL'),
);
const Name = v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty'));
const LocalOptions = v.object(
  {
    client: v.custom<DocDbClient>(
      (c) => typeof (c as DocDbClient | null)?.getLocalDocument === 'function',
      'must be a client made by createDocDbClient',
    ),
    db: Name,
    id: Name,
  },
  'must be an object { client, db, id }',
);

/** A sequence the store is asked to save, or read back: one a feed could have given. */
function checkSeq(seq: unknown, subject: string, path: string): Seq {
  const problem = seqProblem(seq);
  if (problem !== undefined)
    throw new InputValidationError({ subject, issues: [{ path, message: problem }] });
  return seq as Seq;
}

/** Where a follower keeps the last sequence the application finished processing. */
export interface CheckpointStore {
  /** The saved sequence, or `undefined` before the first save. */
  load(): Promise<Seq | undefined>;
  /**
   * Records `seq` as processed, replacing the previous one; the follower calls it from a batch's
   * `markProcessed()`. The stores of this package refuse a value that is not a feed sequence.
   * @throws {InputValidationError} when `seq` is not a string or a whole number of 0 or more.
   */
  save(seq: Seq): Promise<void>;
}

/**
 * A checkpoint in a JSON file, written atomically (a temporary file renamed over it). Node.js
 * (or Deno, Bun) only.
 * @throws {ConfigError} where there is no file system (a browser, a worker).
 */
export function createFileCheckpointStore(path: string): CheckpointStore {
  checkArgument(FilePath, path, 'createFileCheckpointStore arguments', 'path');
  const feature = 'createFileCheckpointStore';
  const { mkdir, readFile, rename, writeFile } = nodeBuiltin<typeof Fs>(
    'node:fs/promises',
    feature,
  );
  const { dirname } = nodeBuiltin<typeof Path>('node:path', feature);
  const { pid } = nodeBuiltin<typeof Process>('node:process', feature);
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return undefined;
        throw error;
      }
      let saved: unknown;
      try {
        saved = JSON.parse(text);
      } catch {
        saved = undefined;
      }
      const seq = (saved as { seq?: unknown } | undefined)?.seq;
      return checkSeq(seq, 'checkpoint file', `${path}: seq`);
    },
    async save(seq) {
      checkSeq(seq, 'checkpoint', 'seq');
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${pid}.tmp`;
      await writeFile(temporary, JSON.stringify({ seq, savedAt: new Date().toISOString() }));
      await rename(temporary, path);
    },
  };
}

/** A checkpoint in a CouchDB `_local` document (not replicated, not in the changes feed). */
export function createLocalDocumentCheckpointStore(options: {
  client: DocDbClient;
  db: string;
  id: string;
}): CheckpointStore {
  checkArgument(LocalOptions, options, 'createLocalDocumentCheckpointStore options', '');
  let rev: string | undefined;
  return {
    async load() {
      try {
        const doc = await options.client.getLocalDocument<{ _rev?: string; seq?: Seq }>({
          db: options.db,
          docId: options.id,
        });
        rev = doc._rev;
        return doc.seq;
      } catch (error) {
        if (isHttpError(error) && error.status === 404) return undefined;
        throw error;
      }
    },
    async save(seq) {
      checkSeq(seq, 'checkpoint', 'seq');
      if (rev === undefined) await this.load();
      const result = await options.client.putLocalDocument({
        db: options.db,
        docId: options.id,
        document: { seq, ...(rev ? { _rev: rev } : {}) },
      });
      rev = result.rev;
    },
  };
}

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DocDbClient, Seq } from '@connectorkit/doc-db-client';
import { isHttpError } from '@connectorkit/http-core';

/** Where a follower keeps the last sequence the application finished processing. */
export interface CheckpointStore {
  /** The saved sequence, or `undefined` before the first save. */
  load(): Promise<Seq | undefined>;
  save(seq: Seq): Promise<void>;
}

/** A checkpoint in a JSON file, written atomically (a temporary file renamed over it). */
export function createFileCheckpointStore(path: string): CheckpointStore {
  return {
    async load() {
      try {
        return (JSON.parse(await readFile(path, 'utf8')) as { seq: Seq }).seq;
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async save(seq) {
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
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

/** The three lists a file container body may carry. */
export type EntryKind = 'addOrUpdate' | 'delete' | 'partialUpdate';

/** One serialized entry of a container body. */
export interface BatchEntry {
  kind: EntryKind;
  json: string;
}

const OVERHEAD = Buffer.byteLength('{"addOrUpdate":[],"delete":[],"partialUpdate":[]}');

/**
 * Accumulates serialized entries for one file container until the next one would pass
 * `maxBytes`. Entries are kept as strings and joined only once, when the batch is sent.
 */
export class BatchPayload {
  readonly lists: Record<EntryKind, string[]> = { addOrUpdate: [], delete: [], partialUpdate: [] };
  bytes: number = OVERHEAD;

  constructor(readonly maxBytes: number) {}

  get count(): number {
    return (
      this.lists.addOrUpdate.length + this.lists.delete.length + this.lists.partialUpdate.length
    );
  }

  /** Size of an entry in the body (its JSON plus a separating comma). */
  static sizeOf(json: string): number {
    return Buffer.byteLength(json) + 1;
  }

  fits(size: number): boolean {
    return this.bytes + size <= this.maxBytes;
  }

  add(entry: BatchEntry, size: number): void {
    this.lists[entry.kind].push(entry.json);
    this.bytes += size;
  }

  /** The container body; lists that are empty are left out (`delete: []` is kept for Push). */
  toBody(): Buffer {
    const { addOrUpdate, delete: del, partialUpdate } = this.lists;
    let text = `{"addOrUpdate":[${addOrUpdate.join(',')}],"delete":[${del.join(',')}]`;
    if (partialUpdate.length > 0) text += `,"partialUpdate":[${partialUpdate.join(',')}]`;
    return Buffer.from(`${text}}`);
  }
}

/** The three lists a file container body may carry. */
export type EntryKind = 'addOrUpdate' | 'delete' | 'partialUpdate';

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

  add(kind: EntryKind, json: string, size: number): void {
    this.lists[kind].push(json);
    this.bytes += size;
  }

  /**
   * The container body, written straight into one buffer of the exact size (no joined string in
   * between), so a batch costs its bytes once.
   */
  toBody(pool?: Buffer[]): Buffer {
    const { addOrUpdate, delete: del, partialUpdate } = this.lists;
    const heads = [
      '{"addOrUpdate":[',
      '],"delete":[',
      partialUpdate.length > 0 ? '],"partialUpdate":[' : '',
    ];
    const lists = partialUpdate.length > 0 ? [addOrUpdate, del, partialUpdate] : [addOrUpdate, del];
    let size = 2;
    for (let i = 0; i < lists.length; i++) {
      const list = lists[i] as string[];
      size += Buffer.byteLength(heads[i] as string) + Math.max(0, list.length - 1);
      for (const json of list) size += Buffer.byteLength(json);
    }
    const index = pool ? pool.findIndex((b) => b.byteLength >= size) : -1;
    const body = index >= 0 ? (pool?.splice(index, 1)[0] as Buffer) : Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (let i = 0; i < lists.length; i++) {
      at += body.write(heads[i] as string, at, 'latin1');
      const list = lists[i] as string[];
      for (let j = 0; j < list.length; j++) {
        if (j > 0) body[at++] = 44;
        at += body.write(list[j] as string, at);
      }
      list.length = 0;
    }
    at += body.write(']}', at, 'latin1');
    return body.subarray(0, at);
  }
}

/** The three lists a file container body may carry, in the order they are written. */
export type EntryKind = 'addOrUpdate' | 'delete' | 'partialUpdate';

const KINDS: readonly EntryKind[] = ['addOrUpdate', 'delete', 'partialUpdate'];
const encoder = new TextEncoder();
const ascii = (text: string): Uint8Array => encoder.encode(text);
const OPEN = ascii('{"addOrUpdate":[');
/** What moves the body from one list to a later one. */
const STEP: Readonly<Record<string, Uint8Array>> = {
  '0-1': ascii('],"delete":['),
  '0-2': ascii('],"delete":[],"partialUpdate":['),
  '1-2': ascii('],"partialUpdate":['),
};
/** What ends the body after each list. */
const CLOSE = [ascii('],"delete":[]}'), ascii(']}'), ascii(']}')] as const;
/** The longest ending: room kept for it before every entry. */
const RESERVE = CLOSE[0].byteLength;
const COMMA = 44;
const FIRST_CAPACITY = 256 * 1024;

/**
 * One file container body, written as UTF-8 into one growing byte buffer as entries arrive: an
 * entry is encoded once (web `TextEncoder`, no `Buffer`), never kept as a string, and the body
 * is never joined or copied. Entries come in list order (all `addOrUpdate`, then `delete`, then
 * `partialUpdate`), as the batch parts feed them.
 */
export class BatchPayload {
  readonly counts: Record<EntryKind, number> = { addOrUpdate: 0, delete: 0, partialUpdate: 0 };
  #buffer: Uint8Array;
  #at: number;
  /** The list being written (index into KINDS). */
  #list = 0;
  /** The entry `stage` wrote and `commit` adds: its list and where it ends. */
  #staged: { list: number; end: number } | undefined;

  /** `spare` is a buffer of an earlier batch to write into (reused, fewer large allocations). */
  constructor(
    readonly maxBytes: number,
    spare?: Uint8Array,
  ) {
    this.#buffer =
      spare ??
      new Uint8Array(Math.max(OPEN.byteLength + RESERVE, Math.min(maxBytes, FIRST_CAPACITY)));
    this.#buffer.set(OPEN, 0);
    this.#at = OPEN.byteLength;
  }

  get count(): number {
    return this.counts.addOrUpdate + this.counts.delete + this.counts.partialUpdate;
  }

  /**
   * Writes one entry after the body without adding it yet, and returns its size in bytes (its
   * JSON alone), or -1 when it does not fit under `maxBytes`. {@link commit} then adds it.
   */
  stage(kind: EntryKind, json: string): number {
    const list = KINDS.indexOf(kind);
    if (list < this.#list) return -1;
    const step = list > this.#list ? STEP[`${this.#list}-${list}`] : undefined;
    const lead = step ? step.byteLength : this.counts[kind] > 0 ? 1 : 0;
    const start = this.#at + lead;
    // Room for the entry keeps room for the longest ending after it, within the buffer and
    // under maxBytes. Most entries are as many bytes as characters: try the room there is, and
    // grow the buffer (up to maxBytes) when it is short.
    const limit = this.maxBytes - RESERVE;
    for (;;) {
      const end = Math.min(this.#buffer.byteLength - RESERVE, limit);
      if (end >= start) {
        const { read, written } = encoder.encodeInto(json, this.#buffer.subarray(start, end));
        if (read === json.length) {
          if (step) this.#buffer.set(step, this.#at);
          else if (lead === 1) this.#buffer[this.#at] = COMMA;
          this.#staged = { list, end: start + written };
          return written;
        }
      }
      if (this.#buffer.byteLength >= this.maxBytes || start > limit) return -1;
      this.#grow(start + json.length * 3 + RESERVE);
    }
  }
  /** Adds the entry {@link stage} just wrote. */
  commit(kind: EntryKind): void {
    const staged = this.#staged;
    if (!staged) throw new Error('BatchPayload.commit without a staged entry');
    this.#staged = undefined;
    this.#list = staged.list;
    this.#at = staged.end;
    this.counts[kind]++;
  }

  #grow(wanted: number): void {
    const size = Math.max(
      this.#buffer.byteLength,
      Math.min(this.maxBytes, Math.max(this.#buffer.byteLength * 2, wanted)),
    );
    const bigger = new Uint8Array(size);
    bigger.set(this.#buffer.subarray(0, this.#at));
    this.#buffer = bigger;
  }

  /** The finished body: a view over the buffer (whose whole can be reused once it is sent). */
  toBody(): Uint8Array {
    const close = CLOSE[this.#list] as Uint8Array;
    this.#buffer.set(close, this.#at);
    return this.#buffer.subarray(0, this.#at + close.byteLength);
  }
}

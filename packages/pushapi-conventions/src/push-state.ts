import { isUnder, listEntries } from './internal/uri-tree.js';
import type {
  Document,
  DocumentOperationStatus,
  DocumentStatus,
  EnumerationMode,
  SyncedEntry,
} from './types.js';

type Operation =
  | { serial: bigint; kind: 'add'; document: Document }
  | { serial: bigint; kind: 'update'; document: Document; fields: readonly string[] }
  | { serial: bigint; kind: 'delete'; uri: string }
  | { serial: bigint; kind: 'deleteRoot'; rootPath: string; recursive: boolean };

interface StoredDocument {
  document: Document;
  /** Serial of the operation that wrote it. */
  serial: bigint;
}

/** A random 63-bit session id (Web Crypto: Node, browsers, Deno and Bun alike). */
function newSessionId(): bigint {
  const [id = 0n] = crypto.getRandomValues(new BigUint64Array(1));
  return id & 0x7fff_ffff_ffff_ffffn;
}

function applyUpdate(current: Document, update: Document, fields: readonly string[]): Document {
  const metas = { ...current.metas };
  const parts = [...(current.parts ?? [])];
  for (const field of fields) {
    const meta = update.metas?.[field];
    if (meta === undefined) delete metas[field];
    else metas[field] = meta;
    const partIndex = parts.findIndex((p) => (p.name ?? 'master') === field);
    const newPart = update.parts?.find((p) => (p.name ?? 'master') === field);
    if (partIndex >= 0) parts.splice(partIndex, 1);
    if (newPart) parts.push(newPart);
  }
  return {
    ...current,
    ...(update.stamp === undefined ? {} : { stamp: update.stamp }),
    metas,
    parts,
  };
}

/**
 * The PAPI v4 state machine of "Operations and states": adds and deletes are accepted at once as
 * Pushed, become Synced on `sync()` (or a checkpoint set with sync), and Searchable after an
 * indexing job. A crash loses what is only Pushed and changes the session id. `FakePushAPI` and
 * the HTTP simulator both run on it, so they behave alike.
 */
export class PushState {
  sessionId: bigint = newSessionId();
  private serial = 0n;
  private pending: Operation[] = [];
  private readonly synced = new Map<string, StoredDocument>();
  /** URIs a synced add or update wrote: `Deleted` rather than never written once they are gone. */
  private readonly syncedWrites = new Set<string>();
  private readonly syncedCheckpoints = new Map<string, string>();
  private readonly pendingCheckpoints = new Map<string, string>();
  private syncedSerial = 0n;
  private searchableSerial = 0n;
  /** An indexing job in progress: what it will make searchable, and when (on `now()`). */
  private indexing: { serial: bigint; readyAt: number } | undefined;

  /**
   * @param now the clock indexing delays are measured on
   * @param indexingDelayMs how long an indexing job takes before its documents are searchable
   */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly indexingDelayMs = 0,
  ) {}

  /** Records an add (an upsert by URI) as Pushed, with the next serial. */
  add(document: Document): void {
    this.pending.push({ serial: ++this.serial, kind: 'add', document });
  }

  /**
   * Records an update as Pushed, with the next serial: once synced, the metas and parts named in
   * `fields` are replaced by the document's (removed when it lacks them), its stamp too if given.
   */
  update(document: Document, fields: readonly string[]): void {
    this.pending.push({ serial: ++this.serial, kind: 'update', document, fields });
  }

  /** Records the delete of one URI as Pushed, with the next serial. */
  delete(uri: string): void {
    this.pending.push({ serial: ++this.serial, kind: 'delete', uri });
  }

  /**
   * Records, as Pushed, the delete of every URI under `rootPath` (`''` or `'/'`: all), or only of
   * its first level when `recursive` is false.
   */
  deleteRoot(rootPath: string, recursive: boolean): void {
    this.pending.push({ serial: ++this.serial, kind: 'deleteRoot', rootPath, recursive });
  }

  /** Records a checkpoint (pending until synced) and returns the serial of the last operation. */
  setCheckpoint(value: string, name: string, sync: boolean): bigint {
    this.pendingCheckpoints.set(name, value);
    const serial = this.serial;
    if (sync) this.sync();
    return serial;
  }

  /**
   * A checkpoint's synced value, or with `showSynchronizedOnly` false its pending value when
   * there is one; `undefined` when it is not set.
   */
  getCheckpoint(name: string, showSynchronizedOnly: boolean): string | undefined {
    if (!showSynchronizedOnly && this.pendingCheckpoints.has(name))
      return this.pendingCheckpoints.get(name);
    return this.syncedCheckpoints.get(name);
  }

  /**
   * Every checkpoint, sorted by name: the synced values, or with `showSynchronizedOnly` false the
   * pending ones too (a pending value wins over the synced one).
   */
  checkpoints(showSynchronizedOnly: boolean): { name: string; value: string }[] {
    const all = new Map(this.syncedCheckpoints);
    if (!showSynchronizedOnly)
      for (const [name, value] of this.pendingCheckpoints) all.set(name, value);
    return [...all]
      .map(([name, value]) => ({ name, value }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** Forgets every checkpoint, synced and pending. */
  clearAllCheckpoints(): void {
    this.syncedCheckpoints.clear();
    this.pendingCheckpoints.clear();
  }

  /** Pushed → Synced: applies every pending operation in order, and pending checkpoints. */
  sync(): void {
    for (const op of this.pending) {
      this.apply(this.synced, op);
      if (op.kind === 'add' || op.kind === 'update') this.syncedWrites.add(op.document.uri);
    }
    this.pending = [];
    for (const [name, value] of this.pendingCheckpoints) this.syncedCheckpoints.set(name, value);
    this.pendingCheckpoints.clear();
    this.syncedSerial = this.serial;
  }

  /** Synced → Searchable, at once or after the indexing delay (measured on the injected clock). */
  runIndexingJob(): void {
    this.indexing = { serial: this.syncedSerial, readyAt: this.now() + this.indexingDelayMs };
    this.settleIndexing();
  }

  private settleIndexing(): void {
    if (this.indexing && this.now() >= this.indexing.readyAt) {
      if (this.indexing.serial > this.searchableSerial)
        this.searchableSerial = this.indexing.serial;
      this.indexing = undefined;
    }
  }

  /** A server crash: Pushed operations and pending checkpoints are lost; the session id changes. */
  crash(): void {
    this.pending = [];
    this.pendingCheckpoints.clear();
    this.serial = this.syncedSerial;
    let next = newSessionId();
    while (next === this.sessionId) next = newSessionId();
    this.sessionId = next;
  }

  /** True once an indexing job covering `serial` has finished (its delay passed on the clock). */
  areDocumentsSearchable(serial: bigint): boolean {
    this.settleIndexing();
    return serial <= this.searchableSerial;
  }

  /** Sees Pushed, Synced and Searchable operations. */
  status(uri: string): DocumentStatus {
    const view = new Map<string, StoredDocument>();
    const current = this.synced.get(uri);
    if (current) view.set(uri, current);
    for (const op of this.pending) {
      if ((op.kind === 'add' || op.kind === 'update') && op.document.uri !== uri) continue;
      if (op.kind === 'delete' && op.uri !== uri) continue;
      this.apply(view, op);
    }
    const doc = view.get(uri)?.document;
    return doc
      ? { uri, exist: true, ...(doc.stamp === undefined ? {} : { stamp: doc.stamp }) }
      : { uri, exist: false };
  }

  /** Sees only Synced and Searchable documents. */
  syncedEntries(rootPath: string, mode: EnumerationMode): SyncedEntry[] {
    const docs = [...this.synced.values()].map((s): [string, string] => [
      s.document.uri,
      s.document.stamp ?? '',
    ]);
    return listEntries(docs, rootPath, mode);
  }

  /** Where a URI's latest operation stands (a test hook); `Deleted` once a delete is synced. */
  operationStatus(uri: string): DocumentOperationStatus | 'Deleted' | undefined {
    const touched = this.pending.some((op) =>
      op.kind === 'delete'
        ? op.uri === uri
        : op.kind === 'deleteRoot'
          ? isUnder(uri, op.rootPath, op.recursive)
          : op.document.uri === uri,
    );
    if (touched) return 'Pushed';
    const stored = this.synced.get(uri);
    if (!stored) return this.syncedWrites.has(uri) ? 'Deleted' : undefined;
    this.settleIndexing();
    return stored.serial <= this.searchableSerial ? 'Searchable' : 'Synced';
  }

  /** A synced document as stored (a test hook). */
  document(uri: string): Document | undefined {
    return this.synced.get(uri)?.document;
  }

  /** Applies one operation to `target` (the synced documents, or a status read's copy). */
  private apply(target: Map<string, StoredDocument>, op: Operation): void {
    if (op.kind === 'add') {
      target.set(op.document.uri, { document: op.document, serial: op.serial });
    } else if (op.kind === 'update') {
      const current = target.get(op.document.uri);
      const base = current?.document ?? { uri: op.document.uri };
      target.set(op.document.uri, {
        document: applyUpdate(base, op.document, op.fields),
        serial: op.serial,
      });
    } else if (op.kind === 'delete') {
      target.delete(op.uri);
    } else {
      for (const uri of [...target.keys()])
        if (isUnder(uri, op.rootPath, op.recursive)) target.delete(uri);
    }
  }
}

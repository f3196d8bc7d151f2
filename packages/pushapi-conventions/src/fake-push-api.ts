import {
  PushAPISessionExistsException,
  PushAPISessionMismatchException,
  PushAPISessionNotFoundException,
} from './errors.js';
import { pagedIterator } from './internal/paged-iterator.js';
import {
  checkDocuments,
  checkFields,
  checkMode,
  checkSerial,
  checkText,
  checkUri,
} from './internal/validate.js';
import { PushState } from './push-state.js';
import type {
  CheckpointInfo,
  Document,
  DocumentOperationStatus,
  DocumentStatus,
  EnumerationMode,
  PushAPI,
  PushAPIIterator,
  SyncedEntry,
} from './types.js';

export interface FakePushAPIOptions {
  connectorName?: string;
  /** `triggerIndexingJob()` makes Synced documents Searchable at once. @default true */
  autoIndexOnTrigger?: boolean;
  /** Injectable clock, on which indexing delays run. @default Date.now */
  now?: () => number;
  /** How long an indexing job takes before its documents are Searchable, in ms. @default 0 */
  indexingDelayMs?: number;
  /** Share a state with another fake or a simulator (advanced). */
  state?: PushState;
}

/**
 * The in-memory Push API the recommendation asks for, with the whole state machine: Pushed, then
 * Synced (after `sync()` or a checkpoint set with sync), then Searchable (after an indexing job).
 * Test hooks: `simulateCrash()`, `runIndexingJob()`, `getOperationStatus(uri)`, `sessionId`.
 */
export class FakePushAPI implements PushAPI {
  readonly state: PushState;
  private readonly autoIndex: boolean;
  private session: bigint | undefined;
  private readonly openEnumerations = new Set<object>();

  constructor(options: FakePushAPIOptions = {}) {
    this.state = options.state ?? new PushState(options.now, options.indexingDelayMs);
    this.autoIndex = options.autoIndexOnTrigger ?? true;
  }

  /** The current server-side session id. */
  get sessionId(): bigint {
    return this.state.sessionId;
  }

  /** Like a server, refuses commands from a push session the server no longer has. */
  private guard(): void {
    if (this.session !== undefined && this.session !== this.state.sessionId) {
      throw new PushAPISessionMismatchException({
        message:
          'SessionMismatchError: the server restarted; operations that were only Pushed are lost',
        type: 'SessionMismatchError',
      });
    }
  }

  async ping(): Promise<void> {
    this.guard();
  }

  async startPushSession(): Promise<void> {
    if (this.session !== undefined)
      throw new PushAPISessionExistsException({ message: 'A push session is open already' });
    this.session = this.state.sessionId;
  }

  async stopPushSession(): Promise<void> {
    if (this.session === undefined)
      throw new PushAPISessionNotFoundException({ message: 'No push session is open' });
    this.session = undefined;
  }

  async addDocument(document: Document): Promise<void> {
    await this.addDocumentList([document]);
  }

  async addDocumentList(documents: readonly Document[]): Promise<void> {
    this.guard();
    for (const document of checkDocuments(documents)) this.state.add(document);
  }

  async updateDocument(document: Document, fields: readonly string[]): Promise<void> {
    await this.updateDocumentList([document], [fields]);
  }

  async updateDocumentList(
    documents: readonly Document[],
    fieldsList: readonly (readonly string[])[],
  ): Promise<void> {
    this.guard();
    const docs = checkDocuments(documents);
    const fields = checkFields(docs, fieldsList);
    docs.forEach((document, i) => {
      this.state.update(document, fields[i] ?? []);
    });
  }

  async deleteDocument(uri: string): Promise<void> {
    this.guard();
    this.state.delete(checkUri(uri));
  }

  async deleteDocumentList(uris: readonly string[]): Promise<void> {
    this.guard();
    for (const uri of uris.map((u) => checkUri(u, 'uris'))) this.state.delete(uri);
  }

  async deleteDocumentsRootPath(rootPath: string, recursive = true): Promise<void> {
    this.guard();
    this.state.deleteRoot(checkText(rootPath, 'rootPath'), recursive);
  }

  async getDocumentStatus(uri: string): Promise<DocumentStatus> {
    this.guard();
    return this.state.status(checkUri(uri));
  }

  async getDocumentStatusList(uris: readonly string[]): Promise<DocumentStatus[]> {
    this.guard();
    return uris.map((uri) => this.state.status(checkUri(uri, 'uris')));
  }

  async setCheckpoint(checkpoint: string, name = '', sync = false): Promise<bigint> {
    this.guard();
    return this.state.setCheckpoint(
      checkText(checkpoint, 'checkpoint'),
      checkText(name, 'name'),
      sync,
    );
  }

  async getCheckpoint(name = '', showSynchronizedOnly = true): Promise<string | undefined> {
    this.guard();
    return this.state.getCheckpoint(checkText(name, 'name'), showSynchronizedOnly);
  }

  async clearAllCheckpoints(): Promise<void> {
    this.guard();
    this.state.clearAllCheckpoints();
  }

  enumerateCheckpointsInfo(showSynchronizedOnly = true): PushAPIIterator<CheckpointInfo> {
    this.guard();
    return this.enumeration(() => this.state.checkpoints(showSynchronizedOnly));
  }

  enumerateSyncedEntries(rootPath: string, mode: EnumerationMode): PushAPIIterator<SyncedEntry> {
    this.guard();
    const root = checkText(rootPath, 'rootPath');
    const checked = checkMode(mode);
    return this.enumeration(() => this.state.syncedEntries(root, checked));
  }

  async countSyncedEntries(rootPath: string, mode: EnumerationMode): Promise<bigint> {
    this.guard();
    return BigInt(
      this.state.syncedEntries(checkText(rootPath, 'rootPath'), checkMode(mode)).length,
    );
  }

  async sync(): Promise<void> {
    this.guard();
    this.state.sync();
  }

  async triggerIndexingJob(): Promise<void> {
    this.guard();
    if (this.autoIndex) this.state.runIndexingJob();
  }

  async areDocumentsSearchable(serial: bigint): Promise<boolean> {
    this.guard();
    return this.state.areDocumentsSearchable(checkSerial(serial));
  }

  async close(): Promise<void> {
    this.session = undefined;
  }

  /** Loses what is only Pushed and changes the session id, as a server restart does. */
  simulateCrash(): void {
    this.state.crash();
  }

  /** Makes every Synced operation Searchable. */
  runIndexingJob(): void {
    this.state.runIndexingJob();
  }

  getOperationStatus(uri: string): DocumentOperationStatus | 'Deleted' | undefined {
    return this.state.operationStatus(uri);
  }

  /** Enumerations not yet closed or exhausted (a test hook). */
  openEnumerationCount(): number {
    return this.openEnumerations.size;
  }

  private enumeration<T>(snapshot: () => T[]): PushAPIIterator<T> {
    const token = {};
    this.openEnumerations.add(token);
    let entries: T[] | undefined;
    return pagedIterator(
      async (count) => {
        entries ??= snapshot();
        const page = entries.splice(0, count);
        return { entries: page, done: entries.length === 0 };
      },
      async () => {
        this.openEnumerations.delete(token);
      },
    );
  }
}

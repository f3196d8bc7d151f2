import * as v from 'valibot';
import {
  PushAPISessionExistsException,
  PushAPISessionMismatchException,
  PushAPISessionNotFoundException,
} from './errors.js';
import { checkArguments } from './internal/arguments.js';
import { checkInput } from './internal/check-input.js';
import { anObject } from './internal/http-options.js';
import { pagedIterator } from './internal/paged-iterator.js';
import { uriLike } from './internal/text-rules.js';
import { OURS } from './internal/wire.js';
import { PushState } from './push-state.js';
import type {
  CheckpointInfo,
  Document,
  DocumentOperationStatus,
  DocumentStatus,
  EnumerationMode,
  PushAPI,
  PushAPICallOptions,
  PushAPIIterator,
  SyncedEntry,
} from './types.js';

/** Options of {@link FakePushAPI} (and `PushAPIFactory.createFake`), checked when it is made. */
export interface FakePushAPIOptions {
  /**
   * @deprecated Has no effect, and never had: a fake addresses no connector (the recommendation's
   * `createFake()` takes no argument) and none of its calls or errors names one. Still accepted,
   * and checked as HttpPushAPI checks it (not empty, no control character), so options shared
   * with an HttpPushAPI keep working; leave it out.
   */
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

/** `getOperationStatus(uri)` takes the URIs `getDocumentStatus(uri)` takes. */
const OperationUri = uriLike(false);

const FakeOptionsSchema = v.pipe(
  anObject('must be an options object'),
  v.looseObject({
    connectorName: v.optional(uriLike(false)),
    autoIndexOnTrigger: v.optional(v.boolean('must be true or false')),
    now: v.optional(v.custom<() => number>((f) => typeof f === 'function', 'must be a function')),
    indexingDelayMs: v.optional(
      v.pipe(
        v.number('must be a number of ms'),
        v.safeInteger('must be a whole number of ms'),
        v.minValue(0, 'must be 0 or more'),
      ),
    ),
    state: v.optional(v.instance(PushState, 'must be a PushState')),
  }),
);

/**
 * The in-memory Push API the recommendation asks for, with the whole state machine: Pushed, then
 * Synced (after `sync()` or a checkpoint set with sync), then Searchable (after an indexing job).
 * It refuses the same arguments as HttpPushAPI, with the same errors, and a call whose `signal`
 * has aborted rejects at once with its reason, changing nothing.
 * Test hooks: `simulateCrash()`, `runIndexingJob()`, `getOperationStatus(uri)`, `sessionId`.
 */
export class FakePushAPI implements PushAPI {
  readonly state: PushState;
  private readonly autoIndex: boolean;
  private session: bigint | undefined;
  private readonly openEnumerations = new Set<object>();

  constructor(options: FakePushAPIOptions = {}) {
    const o = checkInput(FakeOptionsSchema, options, 'FakePushAPI options') as FakePushAPIOptions;
    this.state = o.state ?? new PushState(o.now, o.indexingDelayMs);
    this.autoIndex = o.autoIndexOnTrigger ?? true;
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

  /**
   * Does nothing but check the push session, as the server does.
   * @throws {PushAPISessionMismatchException} after `simulateCrash()` within a push session.
   */
  async ping(options?: PushAPICallOptions): Promise<void> {
    checkArguments('ping', [options]);
    this.guard();
  }

  async startPushSession(options?: PushAPICallOptions): Promise<void> {
    checkArguments('startPushSession', [options]);
    if (this.session !== undefined)
      throw new PushAPISessionExistsException({ message: 'A push session is open already' });
    this.session = this.state.sessionId;
  }

  /**
   * Forgets the push session.
   * @throws {PushAPISessionNotFoundException} when no push session is open.
   */
  async stopPushSession(options?: PushAPICallOptions): Promise<void> {
    checkArguments('stopPushSession', [options]);
    if (this.session === undefined)
      throw new PushAPISessionNotFoundException({ message: 'No push session is open' });
    this.session = undefined;
  }

  /**
   * Records the add as Pushed, with the next serial; {@link sync} applies it (replacing a
   * document with the same URI).
   * @throws {InvalidParameterError} when an argument breaks a rule (as HttpPushAPI refuses it).
   * @throws {PushAPISessionMismatchException} after `simulateCrash()` within a push session.
   */
  async addDocument(document: Document, options?: PushAPICallOptions): Promise<void> {
    const [doc] = checkArguments('addDocument', [document, options]);
    this.guard();
    this.state.add(doc);
  }

  /**
   * {@link addDocument} for each document, in order. An empty list does nothing.
   * @throws {InvalidParameterError} when an argument breaks a rule (as HttpPushAPI refuses it).
   * @throws {PushAPISessionMismatchException} after `simulateCrash()` within a push session.
   */
  async addDocumentList(
    documents: readonly Document[],
    options?: PushAPICallOptions,
  ): Promise<void> {
    const [docs] = checkArguments('addDocumentList', [documents, options]);
    if (docs.length === 0) return;
    this.guard();
    for (const doc of docs) this.state.add(doc);
  }

  async updateDocument(
    document: Document,
    fields: readonly string[],
    options?: PushAPICallOptions,
  ): Promise<void> {
    const [doc, names] = checkArguments('updateDocument', [document, fields, options]);
    this.guard();
    this.state.update(doc, names);
  }

  /**
   * Records one update per document (Pushed): on {@link sync}, the metas and parts named in
   * `fieldsList[i]` are replaced in `documents[i]`, or removed when it lacks them. An empty list
   * does nothing.
   * @throws {InvalidParameterError} when an argument breaks a rule (as HttpPushAPI refuses it).
   * @throws {PushAPISessionMismatchException} after `simulateCrash()` within a push session.
   */
  async updateDocumentList(
    documents: readonly Document[],
    fieldsList: readonly (readonly string[])[],
    options?: PushAPICallOptions,
  ): Promise<void> {
    const [docs, fields] = checkArguments('updateDocumentList', [documents, fieldsList, options]);
    if (docs.length === 0) return;
    this.guard();
    docs.forEach((doc, i) => {
      this.state.update(doc, fields[i] ?? []);
    });
  }

  /**
   * Records the delete of this URI as Pushed; an unknown URI is no error.
   * @throws {InvalidParameterError} when an argument breaks a rule (as HttpPushAPI refuses it).
   * @throws {PushAPISessionMismatchException} after `simulateCrash()` within a push session.
   */
  async deleteDocument(uri: string, options?: PushAPICallOptions): Promise<void> {
    const [checked] = checkArguments('deleteDocument', [uri, options]);
    this.guard();
    this.state.delete(checked);
  }

  /**
   * {@link deleteDocument} for each URI, in order. An empty list does nothing.
   * @throws {InvalidParameterError} when an argument breaks a rule (as HttpPushAPI refuses it).
   * @throws {PushAPISessionMismatchException} after `simulateCrash()` within a push session.
   */
  async deleteDocumentList(uris: readonly string[], options?: PushAPICallOptions): Promise<void> {
    const [checked] = checkArguments('deleteDocumentList', [uris, options]);
    if (checked.length === 0) return;
    this.guard();
    for (const u of checked) this.state.delete(u);
  }

  async deleteDocumentsRootPath(
    rootPath: string,
    recursive?: boolean,
    options?: PushAPICallOptions,
  ): Promise<void> {
    const [root, deep] = checkArguments('deleteDocumentsRootPath', [rootPath, recursive, options]);
    this.guard();
    this.state.deleteRoot(root, deep);
  }

  /**
   * The URI's status with its Pushed operations applied: `exist` and the stamp it was sent with.
   * @throws {InvalidParameterError} when an argument breaks a rule (as HttpPushAPI refuses it).
   * @throws {PushAPISessionMismatchException} after `simulateCrash()` within a push session.
   */
  async getDocumentStatus(uri: string, options?: PushAPICallOptions): Promise<DocumentStatus> {
    const [checked] = checkArguments('getDocumentStatus', [uri, options]);
    this.guard();
    return this.state.status(checked);
  }

  /**
   * {@link getDocumentStatus} for each URI, in the order asked. An empty list gives `[]`.
   * @throws {InvalidParameterError} when an argument breaks a rule (as HttpPushAPI refuses it).
   * @throws {PushAPISessionMismatchException} after `simulateCrash()` within a push session.
   */
  async getDocumentStatusList(
    uris: readonly string[],
    options?: PushAPICallOptions,
  ): Promise<DocumentStatus[]> {
    const [checked] = checkArguments('getDocumentStatusList', [uris, options]);
    if (checked.length === 0) return [];
    this.guard();
    return checked.map((u) => this.state.status(u));
  }

  async setCheckpoint(
    checkpoint: string,
    name?: string,
    sync?: boolean,
    options?: PushAPICallOptions,
  ): Promise<bigint> {
    const [value, checkedName, synced] = checkArguments('setCheckpoint', [
      checkpoint,
      name,
      sync,
      options,
    ]);
    this.guard();
    return this.state.setCheckpoint(value, checkedName, synced);
  }

  async getCheckpoint(
    name?: string,
    showSynchronizedOnly?: boolean,
    options?: PushAPICallOptions,
  ): Promise<string | undefined> {
    const [checkedName, syncedOnly] = checkArguments('getCheckpoint', [
      name,
      showSynchronizedOnly,
      options,
    ]);
    this.guard();
    return this.state.getCheckpoint(checkedName, syncedOnly ?? OURS.syncedOnlyByDefault);
  }

  /**
   * Deletes every checkpoint, synced and pending.
   * @throws {PushAPISessionMismatchException} after `simulateCrash()` within a push session.
   */
  async clearAllCheckpoints(options?: PushAPICallOptions): Promise<void> {
    checkArguments('clearAllCheckpoints', [options]);
    this.guard();
    this.state.clearAllCheckpoints();
  }

  enumerateCheckpointsInfo(
    showSynchronizedOnly?: boolean,
    options?: PushAPICallOptions,
  ): PushAPIIterator<CheckpointInfo> {
    const [syncedOnly, { signal }] = checkArguments('enumerateCheckpointsInfo', [
      showSynchronizedOnly,
      options,
    ]);
    return this.enumeration(
      () => this.state.checkpoints(syncedOnly ?? OURS.syncedOnlyByDefault),
      signal,
    );
  }

  /**
   * The synced entries under `rootPath`, sorted by URI, as they stand at the first `next()`
   * (when the push session is checked too). Pushed operations do not show.
   * @throws {InvalidParameterError} when an argument breaks a rule (as HttpPushAPI refuses it).
   */
  enumerateSyncedEntries(
    rootPath: string,
    mode: EnumerationMode,
    options?: PushAPICallOptions,
  ): PushAPIIterator<SyncedEntry> {
    const [root, checkedMode, { signal }] = checkArguments('enumerateSyncedEntries', [
      rootPath,
      mode,
      options,
    ]);
    return this.enumeration(() => this.state.syncedEntries(root, checkedMode), signal);
  }

  /**
   * How many synced entries {@link enumerateSyncedEntries} would give now.
   * @throws {InvalidParameterError} when an argument breaks a rule (as HttpPushAPI refuses it).
   * @throws {PushAPISessionMismatchException} after `simulateCrash()` within a push session.
   */
  async countSyncedEntries(
    rootPath: string,
    mode: EnumerationMode,
    options?: PushAPICallOptions,
  ): Promise<bigint> {
    const [root, checkedMode] = checkArguments('countSyncedEntries', [rootPath, mode, options]);
    this.guard();
    return BigInt(this.state.syncedEntries(root, checkedMode).length);
  }

  async sync(options?: PushAPICallOptions): Promise<void> {
    checkArguments('sync', [options]);
    this.guard();
    this.state.sync();
  }

  async triggerIndexingJob(options?: PushAPICallOptions): Promise<void> {
    checkArguments('triggerIndexingJob', [options]);
    this.guard();
    if (this.autoIndex) this.state.runIndexingJob();
  }

  /**
   * True once an indexing job covering `serial` has finished: one started by
   * `triggerIndexingJob()` (with `autoIndexOnTrigger`) or `runIndexingJob()`, `indexingDelayMs`
   * earlier on the injected clock.
   * @throws {InvalidParameterError} when an argument breaks a rule (as HttpPushAPI refuses it).
   * @throws {PushAPISessionMismatchException} after `simulateCrash()` within a push session.
   */
  async areDocumentsSearchable(serial: bigint, options?: PushAPICallOptions): Promise<boolean> {
    const [checked] = checkArguments('areDocumentsSearchable', [serial, options]);
    this.guard();
    return this.state.areDocumentsSearchable(checked);
  }

  /**
   * Forgets the push session, if any; never fails but for bad `options` (their `signal` is not
   * read). The state is kept.
   */
  async close(options?: PushAPICallOptions): Promise<void> {
    checkArguments('close', [options]);
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

  /**
   * Where the URI's latest operation stands (a test hook): `Pushed`, `Synced`, `Searchable`,
   * `Deleted` once a delete of it (or of a root path above it) is synced, or `undefined` for a
   * URI never written.
   * @throws {InvalidParameterError} when `uri` breaks the URI rules of `getDocumentStatus`.
   */
  getOperationStatus(uri: string): DocumentOperationStatus | 'Deleted' | undefined {
    const checked = checkInput(OperationUri, uri, 'getOperationStatus(uri)', 'uri');
    return this.state.operationStatus(checked);
  }

  /** Enumerations not yet closed or exhausted (a test hook). */
  openEnumerationCount(): number {
    return this.openEnumerations.size;
  }

  /** Like the server, the first page is read (and the session checked) on the first `next`. */
  private enumeration<T>(snapshot: () => T[], signal: AbortSignal | undefined): PushAPIIterator<T> {
    const token = {};
    this.openEnumerations.add(token);
    let entries: T[] | undefined;
    return pagedIterator(
      async (count) => {
        if (entries === undefined) {
          this.guard();
          entries = snapshot();
        }
        const page = entries.splice(0, count);
        return { entries: page, done: entries.length === 0 };
      },
      async () => {
        this.openEnumerations.delete(token);
      },
      signal,
    );
  }
}

/** The Push API versions a client may ask for; only PAPI v4 (CloudView 5.x and 6.x) exists. */
export const PushAPIVersion: { readonly PAPI_V4: 'PAPI_V4' } = { PAPI_V4: 'PAPI_V4' };
export type PushAPIVersion = (typeof PushAPIVersion)[keyof typeof PushAPIVersion];

/** How `enumerateSyncedEntries` and `countSyncedEntries` walk the URI hierarchy. */
export type EnumerationMode =
  | 'NOT_RECURSIVE_FOLDERS'
  | 'NOT_RECURSIVE_DOCUMENTS'
  | 'NOT_RECURSIVE_ALL'
  | 'RECURSIVE_DOCUMENTS';
/** Every {@link EnumerationMode}, in the order Exalead lists them (what `PAPI_mode` may carry). */
export const ENUMERATION_MODES: readonly EnumerationMode[] = [
  'NOT_RECURSIVE_FOLDERS',
  'NOT_RECURSIVE_DOCUMENTS',
  'NOT_RECURSIVE_ALL',
  'RECURSIVE_DOCUMENTS',
];

/** Where an operation is: received (lost on a crash), on disk, or visible to search. */
export type DocumentOperationStatus = 'Pushed' | 'Synced' | 'Searchable';

/** A value that may repeat (a multi-valued meta or directive). */
export type MultiValue = string | readonly string[];

/** Raw content that CloudView converts; `name` defaults to `master`. */
export interface Part {
  name?: string;
  content: Uint8Array | string;
  encoding?: string;
  filename?: string;
  mimeHint?: string;
  certifiedMime?: string;
  directives?: Readonly<Record<string, MultiValue>>;
}

/** A PAPI document: URI (`/` makes folders), optional stamp, metas, parts and directives. */
export interface Document {
  uri: string;
  stamp?: string;
  metas?: Readonly<Record<string, MultiValue>>;
  parts?: readonly Part[];
  directives?: Readonly<Record<string, MultiValue>>;
}

/** `exist` means the URI was sent to the index (not that it is searchable). */
export interface DocumentStatus {
  uri: string;
  stamp?: string;
  exist: boolean;
}

/**
 * One entry of {@link PushAPI.enumerateSyncedEntries}: a synced document with the stamp it was
 * pushed with (`''` when none), or a folder (document URIs up to a `/`; its stamp is `''`).
 */
export interface SyncedEntry {
  uri: string;
  stamp: string;
  isFolder: boolean;
}

/** One checkpoint of {@link PushAPI.enumerateCheckpointsInfo}: its name (`''`: default) and value. */
export interface CheckpointInfo {
  name: string;
  value: string;
}

/**
 * Per-call options, the last argument of every {@link PushAPI} method (the same vocabulary as
 * every connectorkit client). Give `undefined` for the optional arguments before it.
 * @example
 * await papi.getCheckpoint(undefined, undefined, { signal: AbortSignal.timeout(5_000) });
 */
export interface PushAPICallOptions {
  /**
   * Aborts the call: its request, retries and waits (an enumeration: its next page). The call
   * rejects with the signal's reason; one aborted already rejects before any request.
   */
  signal?: AbortSignal | undefined;
}

/** A server-side enumeration: iterate it, or page it; close it (or finish it) to free the server. */
export interface PushAPIIterator<T> extends AsyncIterable<T>, AsyncDisposable {
  /** The next entry, or `null` at the end. */
  next(): Promise<T | null>;
  /** Up to `count` entries; fewer (or none) at the end. */
  nextBatch(count: number): Promise<T[]>;
  /** Releases the enumeration on the server. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * The Exalead CloudView Push API, as the Client Implementation Recommendations name it. Writes
 * are accepted as Pushed, become Synced on {@link sync} (crash-safe) and Searchable after an
 * indexing job. Every method refuses a bad argument with an `InvalidParameterError` before any
 * request; within a push session, a call made after the server restarted fails with
 * `PushAPISessionMismatchException`.
 */
export interface PushAPI {
  /** Checks that the server answers (and, within a push session, that it has not restarted). */
  ping(options?: PushAPICallOptions): Promise<void>;
  /** Reads the server's session id; later commands carry it so a server restart is detected. */
  startPushSession(options?: PushAPICallOptions): Promise<void>;
  /**
   * Forgets the session id: later calls no longer detect a server restart.
   * @throws {PushAPISessionNotFoundException} when no push session is open.
   */
  stopPushSession(options?: PushAPICallOptions): Promise<void>;
  /**
   * Adds a document, or replaces the one with the same URI (stamp, metas and parts all
   * replaced). Accepted as Pushed: lost on a crash until synced.
   */
  addDocument(document: Document, options?: PushAPICallOptions): Promise<void>;
  /** {@link addDocument} for several documents at once, in order. An empty list does nothing. */
  addDocumentList(documents: readonly Document[], options?: PushAPICallOptions): Promise<void>;
  /** Replaces only the named metas and parts of an existing document. */
  updateDocument(
    document: Document,
    fields: readonly string[],
    options?: PushAPICallOptions,
  ): Promise<void>;
  /**
   * {@link updateDocument} for several documents: `fieldsList[i]` names the metas and parts to
   * replace in `documents[i]` (one list per document). An empty list does nothing.
   */
  updateDocumentList(
    documents: readonly Document[],
    fieldsList: readonly (readonly string[])[],
    options?: PushAPICallOptions,
  ): Promise<void>;
  /**
   * Deletes the document with this URI (only it, not the URIs under it); an unknown URI is no
   * error. Accepted as Pushed.
   */
  deleteDocument(uri: string, options?: PushAPICallOptions): Promise<void>;
  /** {@link deleteDocument} for several URIs at once. An empty list does nothing. */
  deleteDocumentList(uris: readonly string[], options?: PushAPICallOptions): Promise<void>;
  /** Deletes every URI under `rootPath` (`""`: everything); `recursive: false` only the first level. */
  deleteDocumentsRootPath(
    rootPath: string,
    recursive?: boolean,
    options?: PushAPICallOptions,
  ): Promise<void>;
  /**
   * Whether the URI was sent to the index (Pushed operations included: `exist` is not
   * "searchable"), and the stamp it was sent with. Compare the stamp with the source's to decide
   * whether to push again.
   */
  getDocumentStatus(uri: string, options?: PushAPICallOptions): Promise<DocumentStatus>;
  /** {@link getDocumentStatus} for several URIs: one status per URI, in the order asked. */
  getDocumentStatusList(
    uris: readonly string[],
    options?: PushAPICallOptions,
  ): Promise<DocumentStatus[]>;
  /** Sets a named checkpoint (default name `""`); returns the serial of the last operation before it. */
  setCheckpoint(
    checkpoint: string,
    name?: string,
    sync?: boolean,
    options?: PushAPICallOptions,
  ): Promise<bigint>;
  /** The synced value by default; with `showSynchronizedOnly: false`, a pending one too. */
  getCheckpoint(
    name?: string,
    showSynchronizedOnly?: boolean,
    options?: PushAPICallOptions,
  ): Promise<string | undefined>;
  /** Deletes every checkpoint of the connector, synced and pending. */
  clearAllCheckpoints(options?: PushAPICallOptions): Promise<void>;
  /** Synced checkpoints only by default (a connectorkit decision: the default is not documented). */
  enumerateCheckpointsInfo(
    showSynchronizedOnly?: boolean,
    options?: PushAPICallOptions,
  ): PushAPIIterator<CheckpointInfo>;
  /**
   * The synced documents (and, per `mode`, folders) under `rootPath` (`''` or `'/'`: all), with
   * their stamps. Pushed operations do not show: call {@link sync} first. Close the iterator
   * (or read it to the end) to free the server side.
   * @example
   * for await (const entry of papi.enumerateSyncedEntries('', 'RECURSIVE_DOCUMENTS'))
   *   seen.set(entry.uri, entry.stamp);
   */
  enumerateSyncedEntries(
    rootPath: string,
    mode: EnumerationMode,
    options?: PushAPICallOptions,
  ): PushAPIIterator<SyncedEntry>;
  /** How many entries {@link enumerateSyncedEntries} would give for these arguments. */
  countSyncedEntries(
    rootPath: string,
    mode: EnumerationMode,
    options?: PushAPICallOptions,
  ): Promise<bigint>;
  /** Makes every Pushed operation Synced (crash-safe). */
  sync(options?: PushAPICallOptions): Promise<void>;
  /** Makes Synced operations Searchable. */
  triggerIndexingJob(options?: PushAPICallOptions): Promise<void>;
  /**
   * True once every operation up to `serial` (as {@link setCheckpoint} returned it) is
   * Searchable, that is once an indexing job covering it has finished.
   */
  areDocumentsSearchable(serial: bigint, options?: PushAPICallOptions): Promise<boolean>;
  /**
   * Ends the client's use of the server: forgets the push session, if any (no error when there
   * is none). Sends nothing, so its `signal` is not read; close open enumerations yourself.
   */
  close(options?: PushAPICallOptions): Promise<void>;
}

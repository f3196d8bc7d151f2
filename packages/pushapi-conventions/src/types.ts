/** The Push API versions a client may ask for; only PAPI v4 (CloudView 5.x and 6.x) exists. */
export const PushAPIVersion: { readonly PAPI_V4: 'PAPI_V4' } = { PAPI_V4: 'PAPI_V4' };
export type PushAPIVersion = (typeof PushAPIVersion)[keyof typeof PushAPIVersion];

/** How `enumerateSyncedEntries` and `countSyncedEntries` walk the URI hierarchy. */
export type EnumerationMode =
  | 'NOT_RECURSIVE_FOLDERS'
  | 'NOT_RECURSIVE_DOCUMENTS'
  | 'NOT_RECURSIVE_ALL'
  | 'RECURSIVE_DOCUMENTS';
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

export interface SyncedEntry {
  uri: string;
  stamp: string;
  isFolder: boolean;
}

export interface CheckpointInfo {
  name: string;
  value: string;
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

/** The Exalead CloudView Push API, as the Client Implementation Recommendations name it. */
export interface PushAPI {
  ping(): Promise<void>;
  /** Reads the server's session id; later commands carry it so a server restart is detected. */
  startPushSession(): Promise<void>;
  stopPushSession(): Promise<void>;
  addDocument(document: Document): Promise<void>;
  addDocumentList(documents: readonly Document[]): Promise<void>;
  /** Replaces only the named metas and parts of an existing document. */
  updateDocument(document: Document, fields: readonly string[]): Promise<void>;
  updateDocumentList(
    documents: readonly Document[],
    fieldsList: readonly (readonly string[])[],
  ): Promise<void>;
  deleteDocument(uri: string): Promise<void>;
  deleteDocumentList(uris: readonly string[]): Promise<void>;
  /** Deletes every URI under `rootPath` (`""`: everything); `recursive: false` only the first level. */
  deleteDocumentsRootPath(rootPath: string, recursive?: boolean): Promise<void>;
  getDocumentStatus(uri: string): Promise<DocumentStatus>;
  getDocumentStatusList(uris: readonly string[]): Promise<DocumentStatus[]>;
  /** Sets a named checkpoint (default name `""`); returns the serial of the last operation before it. */
  setCheckpoint(checkpoint: string, name?: string, sync?: boolean): Promise<bigint>;
  /** The synced value by default; with `showSynchronizedOnly: false`, a pending one too. */
  getCheckpoint(name?: string, showSynchronizedOnly?: boolean): Promise<string | undefined>;
  clearAllCheckpoints(): Promise<void>;
  /** Synced checkpoints only by default (a connectorkit decision: the default is not documented). */
  enumerateCheckpointsInfo(showSynchronizedOnly?: boolean): PushAPIIterator<CheckpointInfo>;
  enumerateSyncedEntries(rootPath: string, mode: EnumerationMode): PushAPIIterator<SyncedEntry>;
  countSyncedEntries(rootPath: string, mode: EnumerationMode): Promise<bigint>;
  /** Makes every Pushed operation Synced (crash-safe). */
  sync(): Promise<void>;
  /** Makes Synced operations Searchable. */
  triggerIndexingJob(): Promise<void>;
  areDocumentsSearchable(serial: bigint): Promise<boolean>;
  close(): Promise<void>;
}

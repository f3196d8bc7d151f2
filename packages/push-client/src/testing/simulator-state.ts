import { randomUUID } from 'node:crypto';
import { SourceIndex } from './coveo-index.js';
import { problem, type WireProblem } from './simulator-errors.js';
import type { SimulatorLimits } from './simulator-limits.js';

/** One file container: its upload (once PUT), expiry and the signature of its upload URL. */
export interface Upload {
  body: Buffer | undefined;
  expires: number;
  signature: string;
}

/** One recorded security-identity call. */
export interface IdentityCall {
  /** `PUT permissions`, `PUT mappings`, `DELETE permissions`, `DELETE permissions/olderthan`, `PUT permissions/batch`. */
  operation: string;
  /** The query parameters (`orderingId`, `queueDelay`, `fileId`). */
  query: Record<string, string>;
  /** The checked body (for a batch, the uploaded file). */
  body: unknown;
}

/**
 * Content of a file container the service took (202) and refused afterwards, as the Push API
 * does: the item never appears, and this says why.
 */
export interface RejectedContent {
  /** The commit that carried it: `PUT documents/batch`, `PUT stream/update`, `PUT stream/merge`, `POST stream/close` or `PUT permissions/batch`. */
  operation: string;
  /** The source; for an identity batch, the security provider. */
  sourceId: string;
  fileId: string;
  /** The entry (`addOrUpdate[3]`), or `''` when the whole file was refused. */
  entry: string;
  /** The entry's `documentId`, when it had a readable one. */
  documentId: string | undefined;
  /** What the service would answer at once in strict mode (`INVALID_JSON`, `REQUEST_ENTITY_TOO_LARGE`). */
  errorCode: string;
  message: string;
}

/** What the simulator's routes share. */
export interface SimState {
  now: () => number;
  organizationId: string;
  limits: SimulatorLimits;
  retainBodies: boolean;
  /** Refuse bad container content at the commit (400), instead of taking it and rejecting it later. */
  strictBatches: boolean;
  /** Container content taken and then refused, oldest first. */
  rejected: RejectedContent[];
  sources: Map<string, SourceIndex>;
  uploads: Map<string, Upload>;
  /** Every file id handed out, in order. */
  fileIds: string[];
  streams: Map<string, { source: string; chunks: string[] }>;
  identities: Map<string, IdentityCall[]>;
  fields: Map<string, string>;
  maxFieldsPerPage: number;
  addSource(id: string, type: 'PUSH' | 'CATALOG'): SourceIndex;
  /** A new file container whose upload URL points at `origin`. */
  container(origin: string): {
    uploadUri: string;
    fileId: string;
    requiredHeaders: Record<string, string>;
  };
  /** Counts new items against the quotas; a 412 or 429 when one is passed. */
  admit(index: SourceIndex, items: readonly { documentId: string }[]): WireProblem | undefined;
}

export interface StateOptions {
  now: () => number;
  organizationId: string;
  limits: SimulatorLimits;
  indexingDelayMs: number;
  retainBodies: boolean;
  strictBatches: boolean;
  documentLimit: number;
  dailyDocumentQuota: number;
  fields: ReadonlyMap<string, string>;
  maxFieldsPerPage: number;
}

const DAY = 86_400_000;

export function createState(o: StateOptions): SimState {
  const sources = new Map<string, SourceIndex>();
  const uploads = new Map<string, Upload>();
  const fileIds: string[] = [];
  let day = -1;
  let processedToday = 0;
  return {
    now: o.now,
    organizationId: o.organizationId,
    limits: o.limits,
    retainBodies: o.retainBodies,
    strictBatches: o.strictBatches,
    rejected: [],
    sources,
    uploads,
    fileIds,
    streams: new Map(),
    identities: new Map(),
    fields: new Map(o.fields),
    maxFieldsPerPage: o.maxFieldsPerPage,
    addSource: (id, type) => {
      const index = new SourceIndex(id, type, o.now, o.indexingDelayMs);
      sources.set(id, index);
      return index;
    },
    container: (origin) => {
      const fileId = randomUUID();
      const signature = randomUUID().replace(/-/g, '');
      uploads.set(fileId, { body: undefined, expires: o.now() + 60 * 60_000, signature });
      fileIds.push(fileId);
      return {
        uploadUri: `${origin}/upload/${fileId}?X-Amz-Expires=3600&X-Amz-Signature=${signature}`,
        fileId,
        requiredHeaders: {
          'x-amz-server-side-encryption': 'AES256',
          'content-type': 'application/octet-stream',
        },
      };
    },
    admit: (index, items) => {
      const today = Math.floor(o.now() / DAY);
      if (today !== day) {
        day = today;
        processedToday = 0;
      }
      if (processedToday + items.length > o.dailyDocumentQuota)
        return problem(429, 'TOO_MANY_DOCUMENTS_DAILY', 'The daily item-processing quota is spent');
      if (o.documentLimit !== Infinity) {
        let total = 0;
        for (const source of sources.values()) total += source.items.size;
        for (const id of new Set(items.map((d) => d.documentId))) if (!index.items.has(id)) total++;
        if (total > o.documentLimit)
          return problem(412, 'DOCUMENT_LIMIT_EXCEEDED', 'The index item limit is reached');
      }
      processedToday += items.length;
      return undefined;
    },
  };
}

import { type AmsSimError, amsError } from './sim-responses.js';
import type { SimState, SimUser } from './sim-state.js';

/** What every simulated route handler gets. */
export interface SimContext {
  state: SimState;
  /** The simulator's clock, ms since the epoch. */
  now(): number;
  method: string;
  url: URL;
  params: Record<string, string>;
  /** The raw request body text. */
  bodyText: string;
  /** The authenticated user (undefined on routes without auth). */
  user: SimUser | undefined;
  /** The service-token holder or a `service_admin`. */
  isServiceAdmin: boolean;
  /** Resolves when a message is published to `project/topic` (for `returnImmediately:"false"`). */
  waitForPublish(key: string, ms: number): Promise<void>;
  notifyPublish(key: string): void;
  options: SimBehaviour;
}

/** Knobs that change how the simulated server behaves. */
export interface SimBehaviour {
  /** How long a `returnImmediately:"false"` pull waits for `maxMessages`, in ms. @default 300_000 */
  pullWaitMs: number;
  /** Copy the server bug that stores an out-of-bounds modifyOffset after its 400. @default false */
  storeOutOfBoundsOffset: boolean;
  /** The broker's per-message limit in bytes. @default 1_500_000 */
  maxMessageBytes: number;
}

/** Parses a JSON body the way Go's decoder would reject it, mapping failures to `error`. */
export function parseBody(ctx: SimContext, error: AmsSimError): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(ctx.bodyText);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw error;
    return value as Record<string, unknown>;
  } catch {
    throw error;
  }
}

export function param(ctx: SimContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw amsError('backendError');
  return value;
}

/** The caller's project roles in `project`. */
export function rolesIn(user: SimUser | undefined, project: string): string[] {
  return user?.projects.find((p) => p.project === project)?.roles ?? [];
}

/** Newest first, `pageToken` = base64 of the first id of the next page (inclusive). */
export function paginate<T extends { id: number }>(
  items: readonly T[],
  url: URL,
): { page: T[]; nextPageToken: string; totalSize: number } {
  const sorted = [...items].sort((a, b) => b.id - a.id);
  const sizeText = url.searchParams.get('pageSize');
  const tokenText = url.searchParams.get('pageToken');
  let size = 0;
  if (sizeText !== null && sizeText !== '') {
    if (!/^-?\d+$/.test(sizeText)) throw amsError('invalidPageSize');
    size = Number(sizeText);
  }
  let start = 0;
  if (tokenText !== null && tokenText !== '') {
    const decoded = Buffer.from(tokenText, 'base64').toString('utf8');
    const id = /^\d+$/.test(decoded) ? Number(decoded) : Number.NaN;
    start = sorted.findIndex((item) => item.id === id);
    if (start < 0) throw amsError('invalidPageToken');
  }
  const end = size > 0 ? start + size : sorted.length;
  const page = sorted.slice(start, end);
  const next = sorted[end];
  return {
    page,
    nextPageToken: next ? Buffer.from(String(next.id)).toString('base64') : '',
    totalSize: sorted.length,
  };
}

import type { Clock } from '../backoff.js';
import type { HttpLogger } from '../logger.js';

/** What a provider may use while it authenticates: the client's own transport and clock. */
export interface AuthContext {
  /** The client's fetch (TLS options applied), for token and session servers. */
  fetch: typeof globalThis.fetch;
  signal?: AbortSignal | undefined;
  logger?: HttpLogger | undefined;
  now: Clock;
  /** The client's base URL, for providers (such as the CouchDB session) that talk to the service. */
  baseUrl?: string | undefined;
}

/** The parts of one attempt a provider may change. */
export interface AuthTarget {
  headers: Headers;
  url: URL;
}

/**
 * One way of proving who the caller is. Providers keep their secrets in closures, so neither
 * `util.inspect` nor `JSON.stringify` of a provider shows them.
 */
export interface AuthProvider {
  /** A short name for logs and errors, such as `iam` or `couchdb-session`. */
  readonly type: string;
  /** Adds credentials to one attempt; called before every attempt, retries included. */
  authenticate(target: AuthTarget, context: AuthContext): void | Promise<void>;
  /**
   * Called once after a 401. Resolve `true` when new credentials were obtained, and the request is
   * then sent once more; `false` to give the 401 to the caller.
   */
  refresh?(context: AuthContext): Promise<boolean>;
  /** The secrets this provider sends, so that a server echoing one back gets it redacted. */
  secrets?(): readonly string[];
}

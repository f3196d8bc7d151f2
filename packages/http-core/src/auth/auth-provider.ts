import type { Clock, RandomSource, Sleeper } from '../backoff.js';
import type { HttpLogger } from '../logger.js';

/** What a provider may use while it authenticates: the client's own transport and clock. */
export interface AuthContext {
  /** The client's fetch (TLS options applied), for token and session servers. */
  fetch: typeof globalThis.fetch;
  signal?: AbortSignal | undefined;
  logger?: HttpLogger | undefined;
  now: Clock;
  /** The client's per-attempt response timeout, in ms, for token requests too. */
  timeout?: number | false | undefined;
  /** The client's retry sleep and randomness, for retries of token requests. */
  sleep?: Sleeper | undefined;
  random?: RandomSource | undefined;
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
  /**
   * Every secret value this provider holds or sends (keys, passwords, tokens, cookies), whatever
   * header or query parameter carries it: the client cuts each one, and its percent-encoded and
   * JSON-escaped forms, out of every error, URL, message and log event of its calls.
   */
  secrets?(): readonly string[];
}

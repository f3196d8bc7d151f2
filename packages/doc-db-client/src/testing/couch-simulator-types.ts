import type {
  FaultInjector,
  FaultInjectorOptions,
  LostAnswers,
  SimulatorClock,
  SimulatorListening,
  SimulatorListenOptions,
  SimulatorServer,
} from '@connectorkit/http-core/testing';
import type { SeqStyle } from './changes/changes-feed.js';

/** Options of {@link createCouchDbSimulator}: users, clock, sequence style and faults. */
export interface CouchDbSimulatorOptions {
  /** name → password; none means "admin party" (no authentication). */
  admins?: Record<string, string>;
  /**
   * The clock, in epoch ms: session cookie expiry, replication timestamps, Cloudant's requests per
   * second (`createSimulatorClock(start)` to move it with `advance`). @default Date.now
   */
  clock?: SimulatorClock | (() => number);
  /** @deprecated Use `clock` (a `() => number` there does the same); `clock` wins when both are given. */
  now?: () => number;
  /**
   * How sequences are written: opaque strings as CouchDB 2+ and Cloudant, or numbers as PouchDB.
   * @default 'string'
   */
  seqStyle?: SeqStyle;
  /**
   * Faults in front of every route (loopback server and `fetch`): an injector, or the options of a
   * new one (whose `random` also draws lost answers). @default a new injector, rate 0
   */
  faults?: FaultInjector | FaultInjectorOptions;
  /** Session cookie lifetime in seconds (`Max-Age`). @default 600 */
  sessionTimeout?: number;
}

/**
 * A running in-memory CouchDB made by {@link createCouchDbSimulator}, on http-core's simulator
 * base: serve it with `listen()` or hand its `fetch` to a client, seed and inspect it directly,
 * move its clock, and inject faults.
 * @example
 * const couch = createCouchDbSimulator();
 * couch.createDatabase('products');
 * const server = await couch.listen();
 * const db = createDocDbClient({ url: server.url });
 * // or, with no server: createDocDbClient({ url: 'http://couch.test', fetch: couch.fetch })
 * await server.close();
 */
export interface CouchDbSimulator extends SimulatorServer {
  /**
   * Serves the simulator on 127.0.0.1 (HTTPS with `tls`; `true` for a self-signed certificate to
   * trust as `certificate`) and resolves with its base URL; `close()` ends every open feed, then
   * closes the server and its connections. `port` 0 (the default) picks a free one.
   */
  listen(options?: SimulatorListenOptions): Promise<SimulatorListening>;
  /**
   * A `fetch` answered in process through the same CORS, faults and routes (no port, nothing to
   * close), for a client's `fetch` option; any origin is answered.
   */
  fetch: typeof globalThis.fetch;
  /** The fault injector in front of every route: `faults.failNext(2, 503)` and the like. */
  faults: FaultInjector;
  /**
   * Answers lost after CouchDB applied the request (loopback server and `fetch`): a retried write
   * then meets its own revision (`409`). See http-core's `LostAnswers`.
   */
  lostAnswers: LostAnswers;
  /** The clock of session expiry, replication timestamps and Cloudant's metering; `advance` moves it. */
  clock: SimulatorClock;
  /**
   * The next `count` requests (`_session` aside) get Cloudant's 429 `too_many_requests`, naming the
   * class the request is metered in (`read`, `write` or `query`) and its rate, with `Retry-After`
   * when given.
   */
  throttleNext(count: number, options?: { retryAfter?: number }): void;
  /** Creates a database without HTTP (nothing happens when it exists). */
  createDatabase(name: string, options?: { partitioned?: boolean }): void;
  /** Seeds documents without HTTP (fast), each a new revision at a new seq. */
  writeDocuments(db: string, docs: Record<string, unknown>[]): void;
  /**
   * The stored winning revision of a document (body with `_id` and `_rev`), read without HTTP;
   * `undefined` when the database or the document is missing, or the document is deleted.
   */
  getDocument(db: string, id: string): Record<string, unknown> | undefined;
  /**
   * The database's update sequence as a number: how many writes it has recorded. Throws when the
   * database does not exist.
   */
  changesCount(db: string): number;
  /** While on, `_changes` answers leave out `pending`, as pouchdb-server does. */
  setOmitPending(on: boolean): void;
  /**
   * While on, longpoll and continuous feeds ignore their `timeout` and any change, sending only
   * heartbeats (every `heartbeat` ms, else every second): a feed that hangs, to test a client's
   * own timeouts and aborts.
   */
  setIgnoreTimeout(on: boolean): void;
  /**
   * Feed responses (`_changes`, `_db_updates`) still open: checks that a client closes its feeds.
   */
  openRequests(): number;
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  FaultInjector,
  FaultInjectorOptions,
  LostAnswers,
  SimulatorClock,
  SimulatorListening,
  SimulatorServer,
} from '@connectorkit/http-core/testing';
import type { SimRole, SimState, SimUser } from './sim-state.js';

/** A user to create in the simulator (`users` option, or `addUser`). */
export interface AmsSimulatorUser {
  /** The user's name; a user of the same name is replaced. */
  name: string;
  /** @default a random token */
  token?: string;
  /** The user's projects (created when missing) and roles in each. @default none */
  projects?: Array<{ project: string; roles: SimRole[] }>;
  /** e.g. `['service_admin']`. @default none */
  serviceRoles?: string[];
  /**
   * The subject of the user's client certificate, bound for the x509 login (`listenAuthn`); take
   * it from the certificate with `x509Dn(cert)`.
   */
  certificateDn?: string;
}

/** Options of {@link createAmsSimulator}: its project, users and tokens, clock, and quirks. */
export interface AmsSimulatorOptions {
  /** A project created at start. @default 'TEST' */
  project?: string;
  /** Token of the default user `admin` (project_admin of `project` and service_admin). @default random */
  token?: string;
  /** More users (their projects are created when missing). */
  users?: AmsSimulatorUser[];
  /** A service token that is service_admin everywhere without being a user. */
  serviceToken?: string;
  /**
   * The clock for publish times, created_on, ack deadlines and certificate validity, in ms
   * (`createSimulatorClock(start)`, or a `() => number` plus every `clock.advance`).
   * @default Date.now (plus `clock.advance`)
   */
  clock?: SimulatorClock | (() => number);
  /** @deprecated Use `clock` (a `() => number` there does the same); `clock` wins when both are given. */
  now?: () => number;
  /** `header` (x-api-key only), `key` (?key= only) or `both` (header first). @default 'both' */
  authOption?: 'header' | 'key' | 'both';
  /** How long a `returnImmediately:"false"` pull waits for `maxMessages`. @default 300_000 */
  pullWaitMs?: number;
  /** Reproduce the server bug that stores an out-of-bounds offset after its 400. @default false */
  storeOutOfBoundsOffset?: boolean;
  /**
   * Longest base64 `data` a published message may have; a longer one gets 413 `Message size is
   * too large`. @default 1_500_000
   */
  maxMessageBytes?: number;
  /**
   * Faults in front of the routes (loopback server and `fetch`): an injector, or the options of a
   * new one (whose `random` also draws lost answers). @default a new injector, rate 0
   */
  faults?: FaultInjector | FaultInjectorOptions;
  /** The hosts the x509 login knows for AMS (the `{host}` of its path). @default ['localhost', '127.0.0.1'] */
  authnHosts?: string[];
}

/**
 * A loopback server started by `listen()` or `listenAuthn()`: the shape every simulator's
 * `listen()` resolves to. `close()` of `listen()`'s also clears pending faults and lost answers.
 */
export interface AmsSimulatorServer extends SimulatorListening {
  /** @deprecated Use `certificate` (the same PEM certificate to trust when listening with TLS). */
  cert: string | undefined;
}

/**
 * The simulator as a `node:http` handler; called with one web `Request`, it answers that request
 * as it always did.
 */
export interface AmsSimulatorHandler {
  /** The whole simulator as a `node:http` handler: CORS, faults, lost answers, then the routes. */
  (req: IncomingMessage, res: ServerResponse): void | Promise<void>;
  /**
   * @deprecated Answers one web `Request` as AMS would, without CORS, faults or lost answers; use
   * `sim.fetch` (through them) instead.
   */
  (request: Request): Promise<Response>;
}

/** `tls: true` uses one certificate per simulator (for 127.0.0.1 and localhost), generated once. */
export interface AmsListenOptions {
  /** Port to listen on. @default 0 (any free port) */
  port?: number;
  /** HTTPS with this key and certificate, or with `true` the simulator's own. @default false */
  tls?: boolean | { key: string; cert: string };
}

/**
 * A running in-memory AMS made by {@link createAmsSimulator}, on http-core's simulator base: hand
 * its `fetch` to a client or serve it with `listen()`, seed and inspect it directly, move its
 * clock, and inject faults.
 * @example
 * const sim = createAmsSimulator();
 * const server = await sim.listen();
 * const ams = new ArgoMessagingService({
 *   endpoint: server.url,
 *   token: sim.token,
 *   project: sim.project,
 * });
 * // ...
 * await server.close();
 */
export interface AmsSimulator extends SimulatorServer {
  /** The project created at start (`project` option). */
  project: string;
  /** Token of the default admin user. */
  token: string;
  /**
   * The whole simulator as a `node:http` handler (CORS, faults, lost answers, routes); called with
   * one web `Request` (deprecated), it answers it without them.
   */
  handler: AmsSimulatorHandler;
  /**
   * A `fetch` answered in process, to pass to a client: no port, nothing to close, through the
   * same CORS, faults and lost answers as the loopback server.
   */
  fetch: typeof globalThis.fetch;
  /**
   * Serves the API on 127.0.0.1, over HTTPS with a generated certificate when `tls` is set. A page
   * of any origin may call it (CORS preflights answered; nothing changes without `Origin`).
   */
  listen(options?: AmsListenOptions): Promise<AmsSimulatorServer>;
  /**
   * Serves the x509 login of argo-api-authn (`GET /v1/service-types/ams/hosts/{host}:authx509`)
   * on its own HTTPS port, asking for a client certificate: a certificate bound to a user (see
   * `AmsSimulatorUser.certificateDn`) gets `{"token"}`; the errors are authn's. Point a client's
   * `authnPort` at it. Always TLS (`tls: true` by default).
   */
  listenAuthn(options?: AmsListenOptions): Promise<AmsSimulatorServer>;
  /** Faults in front of the routes, on the loopback server and in `fetch` (`failNext`, `next`, `setRate`). */
  faults: FaultInjector;
  /** Answers lost after AMS applied the request (loopback server and `fetch`; see {@link LostAnswers}). */
  lostAnswers: LostAnswers;
  /** The injectable clock (the `clock` option's, or one on it); `advance` moves it (e.g. past an ack deadline). */
  clock: SimulatorClock;
  /** The live state, for inspection in tests. */
  state: SimState;
  /**
   * Creates a user without HTTP (replacing one of the same name), creating its missing projects;
   * returns the stored record, its `token` and `uuid` included.
   */
  addUser(user: AmsSimulatorUser): SimUser;
  /** `{max, min, current}` of a subscription, without a request. */
  offsets(subscription: string, project?: string): { max: number; min: number; current: number };
}

import {
  createLostAnswers,
  createSimulatorClock,
  createSimulatorServer,
  type FaultInjector,
  type FaultInjectorOptions,
  type SimulatorClock,
  type SimulatorListening,
  type SimulatorListenOptions,
  type SimulatorServer,
  toNodeHandler,
} from '@connectorkit/http-core/testing';
import { adminRoute } from './admin-routes.js';
import type { IndexedItem } from './coveo-index.js';
import { identityRoute } from './identity-routes.js';
import { pushRoute } from './push-routes.js';
import { searchRoute } from './search-routes.js';
import { coveoError, requestId } from './simulator-errors.js';
import { DEFAULT_SIMULATOR_LIMITS, type SimulatorLimits } from './simulator-limits.js';
import { createState, type IdentityCall, type RejectedContent } from './simulator-state.js';
import { streamRoute } from './stream-routes.js';
import { uploadRoute } from './upload-route.js';

/** What a key may call: the Push API, the Search API, the Platform (admin) API. */
export type CoveoPrivilege = 'push' | 'search' | 'admin';

/**
 * Options of {@link createCoveoSimulator}: accepted keys and their privileges, the organization,
 * its sources and fields, the index's delay, the clock, faults, limits and quotas.
 */
export interface CoveoSimulatorOptions {
  /** API keys accepted as `Authorization: Bearer <key>`, with every privilege. @default ['sim-api-key'] */
  apiKeys?: readonly string[];
  /** More keys, each holding only the listed privileges (other calls: 403 `ACCESS_DENIED`). */
  keyPrivileges?: Readonly<Record<string, readonly CoveoPrivilege[]>>;
  /** The one organization served; calls to another get 403 `ACCESS_DENIED`. @default 'simorg' */
  organizationId?: string;
  /** Sources that exist at start. @default a PUSH source `push-source` and a CATALOG source `catalog-source` */
  sources?: readonly { id: string; type: 'PUSH' | 'CATALOG' }[];
  /** Delay before a write is searchable, on the clock. @default 0 */
  indexingDelayMs?: number;
  /**
   * The clock, in epoch ms: indexing delays, ordering ids, upload expiry, the daily quota
   * (`createSimulatorClock(start)` to move it with `advance`). @default Date.now
   */
  clock?: SimulatorClock | (() => number);
  /** @deprecated Use `clock` (a `() => number` there does the same); `clock` wins when both are given. */
  now?: () => number;
  /**
   * Faults in front of every route (the upload URL included): an injector, or the options of a new
   * one. @default a new injector, rate 0
   */
  faults?: FaultInjector | FaultInjectorOptions;
  /** Lower the documented size limits to test them cheaply. @default the documented limits */
  limits?: Partial<SimulatorLimits>;
  /** Items the organization's index may hold; past it, 412 `DOCUMENT_LIMIT_EXCEEDED`. @default Infinity */
  documentLimit?: number;
  /** Items processed per UTC day (on the clock); past it, 429 `TOO_MANY_DOCUMENTS_DAILY`. @default Infinity */
  dailyDocumentQuota?: number;
  /** Fields the organization has, as names (STRING) or `{name, type}`. @default none */
  fields?: readonly (string | { name: string; type: string })[];
  /** Largest page of the field list. @default 1000 */
  maxFieldsPerPage?: number;
  /** Keep each item's body; `false` keeps only its id (benchmarks of millions). @default true */
  retainDocumentBodies?: boolean;
  /** Draws lost answers (see `loseAnswers`). @default Math.random */
  random?: () => number;
  /**
   * The Push API answers 202 to a file container and refuses its bad entries later (the item
   * never appears): the simulator does the same and lists them in `rejected()`. `true` answers
   * 400 `INVALID_JSON` (or 413) at the commit instead, applying nothing of the file.
   * @default false
   */
  strictBatches?: boolean;
}

/**
 * A Coveo simulator made by {@link createCoveoSimulator}, on http-core's simulator base: a
 * `node:http` handler, a loopback server, a `fetch` in process, its faults and clock, and what
 * tests inspect (items, rejections, identities, requests) or provoke (throttling, pauses, lost
 * answers).
 * @example
 * const sim = createCoveoSimulator();
 * const server = await sim.listen();
 * const source = new PushSource('sim-api-key', sim.organizationId, { baseUrl: server.url });
 * // or, with no server: new PushSource('sim-api-key', sim.organizationId, { fetch: sim.fetch })
 */
export interface CoveoSimulator extends SimulatorServer {
  /** The organization served. */
  organizationId: string;
  /** The keys accepted with every privilege. */
  apiKeys: readonly string[];
  /** The clock of indexing delays, upload expiry and the daily quota; `advance` moves it. */
  clock: SimulatorClock;
  /**
   * Serves the simulator on 127.0.0.1 (HTTPS with `tls`; `true` for a self-signed certificate)
   * and resolves with its base URL, the `baseUrl` to give a source. Upload URLs use the scheme
   * of the server they are handed out on. `port` 0 (the default) picks a free one.
   */
  listen(options?: SimulatorListenOptions): Promise<SimulatorListening>;
  /** Items pushed to a source (what landed), by document id. */
  documents(sourceId: string): ReadonlyMap<string, IndexedItem>;
  /**
   * The status last set by `POST /sources/{id}/status` (`REBUILD`, `REFRESH`, `INCREMENTAL`,
   * `IDLE`), `IDLE` before any, or `UNKNOWN` for a source that does not exist.
   */
  sourceStatus(sourceId: string): string;
  /**
   * File-container content taken (202) and refused afterwards, oldest first: which commit, file
   * and entry, the entry's `documentId` and why. Empty with `strictBatches`.
   */
  rejected(sourceId?: string): readonly RejectedContent[];
  /** Security identity calls by provider, in order, with their query and checked body. */
  securityIdentities(providerId: string): readonly IdentityCall[];
  /** The organization's fields, name → type. */
  fields(): ReadonlyMap<string, string>;
  /** Requests seen per route, e.g. `PUT /documents/batch`, `PUT /upload/{fileId}`. */
  requestCounts(): Record<string, number>;
  /** The last 10,000 requests as `METHOD /path` (no query), oldest first. */
  requests(): readonly string[];
  /** Every file container id handed out, in order. */
  fileIds(): readonly string[];
  /** Makes every pending write searchable now. */
  indexNow(): void;
  /** The next `count` Push, Search or Platform calls get a 429 with the documented code. */
  throttleNext(
    count: number,
    options?: { retryAfter?: number; code?: 'TOO_MANY_REQUESTS' | 'TOO_MANY_DOCUMENTS_DAILY' },
  ): void;
  /** While paused, Push calls get 400 `ORGANIZATION_IS_PAUSED`. */
  pause(paused?: boolean): void;
  /**
   * Lost answers: the request is applied, then the connection drops before the answer (the
   * next `next` requests, then a share `rate` of them). A client cannot tell whether it landed.
   */
  loseAnswers(options: { next?: number; rate?: number }): void;
  /** Answers dropped so far by `loseAnswers`. */
  lostAnswers(): number;
}

const MAX_LOG = 10_000;

/**
 * The Coveo Push API (also under the older `/v1/organizations` path of `push.cloud.coveo.com`),
 * Stream API and Search API on loopback, under one origin: documents, file
 * containers (their upload URLs served here too, S3-style, without authentication), batches,
 * streams (load, update, merge, delete-older-than), security identities, source status and
 * creation, field admin, and a Search API over an asynchronous index. Every body is checked
 * against the documented shapes; errors use `{errorCode, message}` with the documented codes.
 * A browser page of any origin may call it (CORS preflights answered, every header exposed).
 */
export function createCoveoSimulator(options: CoveoSimulatorOptions = {}): CoveoSimulator {
  const clock = createSimulatorClock(options.clock ?? options.now ?? Date.now);
  const random = options.random ?? Math.random;
  const apiKeys = options.apiKeys ?? ['sim-api-key'];
  const privileges = new Map<string, readonly CoveoPrivilege[]>(
    Object.entries(options.keyPrivileges ?? {}),
  );
  for (const key of apiKeys) privileges.set(key, ['push', 'search', 'admin']);
  const state = createState({
    now: clock.now,
    organizationId: options.organizationId ?? 'simorg',
    limits: { ...DEFAULT_SIMULATOR_LIMITS, ...options.limits },
    indexingDelayMs: options.indexingDelayMs ?? 0,
    retainBodies: options.retainDocumentBodies ?? true,
    strictBatches: options.strictBatches ?? false,
    documentLimit: options.documentLimit ?? Infinity,
    dailyDocumentQuota: options.dailyDocumentQuota ?? Infinity,
    fields: new Map(
      (options.fields ?? []).map((f) => (typeof f === 'string' ? [f, 'STRING'] : [f.name, f.type])),
    ),
    maxFieldsPerPage: options.maxFieldsPerPage ?? 1000,
  });
  for (const s of options.sources ?? [
    { id: 'push-source', type: 'PUSH' },
    { id: 'catalog-source', type: 'CATALOG' },
  ])
    state.addSource(s.id, s.type);
  const counts: Record<string, number> = {};
  const log: string[] = [];
  const throttles: { retryAfter?: number; code: string }[] = [];
  let paused = false;
  const lostAnswers = createLostAnswers({ random });

  const record = (method: string, path: string) => {
    const key = `${method} ${path
      .replace(/^\/push\/v1\/organizations\/[^/]+/, '')
      .replace(/\/sources\/[^/]+/, '')
      .replace(/^\/upload\/[^/]+/, '/upload/{fileId}')
      .replace(/\/(stream|providers)\/[^/]+\/(chunk|close|permissions|mappings)/, '/$1/{id}/$2')}`;
    counts[key] = (counts[key] ?? 0) + 1;
    log.push(`${method} ${path}`);
    if (log.length > MAX_LOG) log.splice(0, log.length - MAX_LOG);
  };

  const route = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    // The older Push host (`push.cloud.coveo.com/v1/organizations/...`) serves the same API.
    const path = url.pathname.startsWith('/v1/organizations/')
      ? `/push${url.pathname}`
      : url.pathname;
    record(req.method, path);
    const throttle = throttles.shift();
    if (throttle)
      return coveoError(429, throttle.code, 'Too many requests', {
        ...(throttle.retryAfter === undefined
          ? {}
          : { 'retry-after': String(throttle.retryAfter) }),
      });
    const auth = req.headers.get('authorization') ?? '';
    if (!auth.startsWith('Bearer ')) return coveoError(401, 'UNAUTHORIZED', 'Missing bearer token');
    const granted = privileges.get(auth.slice(7));
    if (!granted) return coveoError(401, 'INVALID_TOKEN', 'The token is not valid');
    const needed: CoveoPrivilege = path.startsWith('/push/')
      ? 'push'
      : path.startsWith('/rest/search/')
        ? 'search'
        : 'admin';
    if (!granted.includes(needed))
      return coveoError(403, 'ACCESS_DENIED', `The token lacks the ${needed} privilege`);
    const found =
      (await searchRoute(state, path, req, url)) ??
      (await adminRoute(state, path, req, url)) ??
      (await push(req, url, path));
    if (!found) return coveoError(404, 'NOT_FOUND', `No route ${req.method} ${path}`);
    // Every answer carries an X-Request-ID, as Coveo's do.
    if (!found.headers.has('x-request-id')) found.headers.set('x-request-id', requestId());
    return found;
  };

  const push = async (req: Request, url: URL, path: string) => {
    const m = /^\/push\/v1\/organizations\/([^/]+)(\/.*)$/.exec(path);
    if (!m) return undefined;
    if (m[1] !== state.organizationId)
      return coveoError(403, 'ACCESS_DENIED', 'Unknown organization');
    if (paused) return coveoError(400, 'ORGANIZATION_IS_PAUSED', 'The organization is paused');
    const rest = m[2] ?? '';
    if (req.method === 'POST' && rest === '/files') {
      const style = url.searchParams.get('useVirtualHostedStyleUrl');
      if (style !== null && style !== 'true' && style !== 'false')
        return coveoError(
          400,
          'INVALID_PARAMETER',
          'useVirtualHostedStyleUrl must be true or false',
        );
      return Response.json(state.container(url.origin), { status: 201 });
    }
    const identity = await identityRoute(state, rest, req, url);
    if (identity) return identity;
    const s = /^\/sources\/([^/]+)(\/.*)$/.exec(rest);
    if (!s) return undefined;
    const index = state.sources.get(s[1] ?? '');
    if (!index) return coveoError(404, 'SOURCE_NOT_FOUND', `No source ${s[1]}`);
    const op = s[2] ?? '';
    return (await pushRoute(state, index, op, req, url)) ?? streamRoute(state, index, op, req, url);
  };

  const inner = toNodeHandler(route);
  // CORS outermost (the base's order): a browser page's preflights are answered before faults and
  // routes (they consume no queued fault and are not counted), and every answer exposes its headers.
  const server = createSimulatorServer({
    handler: lostAnswers.wrap(async (req, res) => {
      const upload = /^\/upload\/([^/?]+)/.exec(req.url ?? '');
      if (!upload) return inner(req, res);
      const url = new URL(req.url ?? '/', 'http://simulator');
      record(req.method ?? 'GET', url.pathname);
      return uploadRoute(state, req, res, url, upload[1] ?? '');
    }),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  });
  return {
    handler: server.handler,
    faults: server.faults,
    fetch: server.fetch,
    listen: server.listen,
    clock,
    organizationId: state.organizationId,
    apiKeys,
    documents: (sourceId) => state.sources.get(sourceId)?.items ?? new Map(),
    sourceStatus: (sourceId) => state.sources.get(sourceId)?.status ?? 'UNKNOWN',
    rejected: (sourceId) =>
      state.rejected.filter((r) => sourceId === undefined || r.sourceId === sourceId),
    securityIdentities: (providerId) => state.identities.get(providerId) ?? [],
    fields: () => new Map(state.fields),
    requestCounts: () => ({ ...counts }),
    requests: () => [...log],
    fileIds: () => [...state.fileIds],
    indexNow: () => {
      for (const index of state.sources.values()) index.settle(true);
    },
    throttleNext: (count, o = {}) => {
      for (let i = 0; i < count; i++)
        throttles.push({
          code: o.code ?? 'TOO_MANY_REQUESTS',
          ...(o.retryAfter === undefined ? {} : { retryAfter: o.retryAfter }),
        });
    },
    pause: (p = true) => {
      paused = p;
    },
    loseAnswers: (o) => {
      lostAnswers.clear();
      lostAnswers.next(o.next ?? 0);
      lostAnswers.setRate(o.rate ?? 0);
    },
    lostAnswers: () => lostAnswers.stats().request ?? 0,
  };
}

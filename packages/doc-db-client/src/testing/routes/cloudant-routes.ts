import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CouchDatabase } from '../store/couch-store.js';
import { CouchHttpError, isObject, readJson, requireJsonContent, sendJson } from './http-io.js';

const bad = (reason: string) => new CouchHttpError(400, 'bad_request', reason);
const only = (req: IncomingMessage, ...methods: string[]) => {
  if (!methods.includes(req.method ?? ''))
    throw new CouchHttpError(405, 'method_not_allowed', `Only ${methods.join(',')} allowed`);
};

/** Per provisioned throughput block: reads, writes and queries per second (Cloudant Standard). */
const throughput = (blocks: number) => ({
  blocks,
  query: 5 * blocks,
  read: 100 * blocks,
  write: 50 * blocks,
});

/**
 * IBM Cloudant's account API (`/_api/v2/...`), as its API reference documents it, kept in memory:
 * API keys, CORS, provisioned throughput (a change applies at once), database counts, Activity
 * Tracker event types, and the requests of the current second by class (reads, writes, queries).
 */
export class CloudantAccount {
  private cors = { allow_credentials: true, enable_cors: true, origins: [] as string[] };
  private blocks = 1;
  private events: string[] = ['management'];
  private second = 0;
  private used = { read: 0, write: 0, query: 0 };
  private readonly throttles: { retryAfter?: number }[] = [];

  /** `clock`: the time in ms the requests of the current second are counted on. */
  constructor(private readonly clock: () => number = Date.now) {}

  /**
   * Counts a request against the current second, by the class Cloudant meters it in; when a
   * throttle is queued, answers Cloudant's 429 instead and resolves to true.
   */
  meter(req: IncomingMessage, res: ServerResponse, parts: readonly string[]): boolean {
    const second = Math.floor(this.clock() / 1000);
    if (second !== this.second) {
      this.second = second;
      this.used = { read: 0, write: 0, query: 0 };
    }
    const query = parts.some((p) =>
      ['_find', '_view', '_search', '_all_docs', '_design_docs'].includes(p),
    );
    const kind = query ? 'query' : req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'write';
    this.used[kind]++;
    const throttle = this.throttles.shift();
    if (!throttle) return false;
    // The body Cloudant's docs show for a request over the provisioned throughput.
    const rate = throughput(this.blocks)[kind];
    req.resume();
    sendJson(
      res,
      429,
      {
        error: 'too_many_requests',
        reason: `You've exceeded your current limit of ${rate} requests per second for ${kind} class. Please try later.`,
        class: kind,
        rate,
      },
      throttle.retryAfter === undefined ? {} : { 'retry-after': String(throttle.retryAfter) },
    );
    return true;
  }

  /** The next `count` metered requests get a 429 (see {@link CloudantAccount.meter}). */
  throttleNext(count: number, retryAfter?: number): void {
    for (let i = 0; i < count; i++)
      this.throttles.push(retryAfter === undefined ? {} : { retryAfter });
  }

  /** `/_api/v2/...`; resolves to false for any other path under `_api`. */
  async serve(
    req: IncomingMessage,
    res: ServerResponse,
    path: readonly string[],
    dbs: Map<string, CouchDatabase>,
  ): Promise<boolean> {
    const route = path.join('/');
    const body = async () => {
      requireJsonContent(req);
      const json = await readJson(req);
      if (!isObject(json)) throw bad('Request body must be a JSON object');
      return json;
    };
    if (route === 'api_keys') {
      only(req, 'POST');
      const key = `api-${randomBytes(12).toString('hex')}`;
      sendJson(res, 201, { ok: true, key, password: randomBytes(20).toString('hex') });
    } else if (path[0] === 'db' && path[2] === '_security' && path.length === 3) {
      only(req, 'PUT');
      const db = dbs.get(path[1] as string);
      if (!db) throw new CouchHttpError(404, 'not_found', 'Database does not exist.');
      const given = await body();
      if (!isObject(given.cloudant)) throw bad('`cloudant` must be an object of users and roles');
      db.security = { ...db.security, ...given };
      sendJson(res, 200, { ok: true });
    } else if (route === 'user/config/cors') {
      only(req, 'GET', 'PUT');
      if (req.method === 'GET') sendJson(res, 200, this.cors);
      else {
        const given = await body();
        const origins = given.origins;
        if (
          !Array.isArray(origins) ||
          !origins.every((o) => typeof o === 'string' && URL.canParse(o))
        )
          throw bad('`origins` must be a list of URLs');
        this.cors = {
          allow_credentials: given.allow_credentials !== false,
          enable_cors: given.enable_cors !== false,
          origins,
        };
        sendJson(res, 200, { ok: true });
      }
    } else if (route === 'user/capacity/throughput') {
      only(req, 'GET', 'PUT');
      const current = this.blocks;
      if (req.method === 'PUT') {
        const blocks = (await body()).blocks;
        if (!Number.isInteger(blocks) || (blocks as number) < 1)
          throw bad('`blocks` must be a whole number, 1 or more');
        this.blocks = blocks as number;
      }
      sendJson(res, 200, {
        current: { throughput: throughput(current) },
        target: { throughput: throughput(this.blocks) },
      });
    } else if (route === 'user/capacity/databases') {
      only(req, 'GET');
      sendJson(res, 200, { current: { databases: { total: 500 } } });
    } else if (route === 'user/current/databases') {
      only(req, 'GET');
      const total = [...dbs.keys()].filter((name) => !name.startsWith('_')).length;
      sendJson(res, 200, { databases: { total } });
    } else if (route === 'user/current/throughput') {
      only(req, 'GET');
      sendJson(res, 200, { throughput: { ...this.used } });
    } else if (route === 'user/activity_tracker/events') {
      only(req, 'GET', 'POST');
      if (req.method === 'GET') sendJson(res, 200, { types: this.events });
      else {
        const types = (await body()).types;
        if (
          !Array.isArray(types) ||
          types.length === 0 ||
          !types.every((t) => t === 'management' || t === 'data')
        )
          throw bad('`types` must be a list of "management" and "data"');
        this.events = [...new Set(types as string[])];
        sendJson(res, 200, { ok: true });
      }
    } else return false;
    return true;
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NodeHandler } from './loopback-server.js';

/** A fault a server can answer with instead of its real answer. */
export type Fault =
  | {
      kind: 'status';
      status: number;
      /** Seconds (number) or any header text (an HTTP-date, garbage ...). */
      retryAfter?: number | string;
      body?: string;
      contentType?: string;
    }
  /** Destroys the connection before any byte of response. */
  | { kind: 'reset' }
  /** Holds the request without answering for `ms` (forever when absent), then resets it. */
  | { kind: 'stall'; ms?: number }
  /** Answers 200 with a `content-length` it never fulfils, then resets mid-body. */
  | { kind: 'truncate' }
  /** Waits `ms`, then lets the real handler answer. */
  | { kind: 'delay'; ms: number };

/** Options of {@link createFaultInjector}: how often, which faults, and for which requests. */
export interface FaultInjectorOptions {
  /** Probability in [0, 1] that a request gets a random fault from `pool`. @default 0 */
  rate?: number;
  /** Faults drawn from when `rate` fires. @default 503, 429 with Retry-After 0, reset */
  pool?: readonly Fault[];
  /**
   * Draws for `rate` and the pick from `pool`; give {@link seededRandom} for repeatable runs.
   * @default Math.random
   */
  random?: () => number;
  /** Only requests this returns true for may get a fault. @default every request */
  match?: (req: IncomingMessage) => boolean;
}

/**
 * Puts faults (error statuses, resets, stalls, cut bodies, delays) in front of a `node:http`
 * handler: queued ones for the next requests, then random ones at a rate. Made by
 * {@link createFaultInjector}.
 * @example
 * const faults = createFaultInjector();
 * const server = await startLoopbackServer(faults.wrap(handler));
 * faults.failNext(2, 503); // the next two requests get 503, the third reaches the handler
 */
export interface FaultInjector {
  /** Wraps a handler so that faults run in front of it. */
  wrap(handler: NodeHandler): NodeHandler;
  /** Queues faults for the next matching requests, in order, before any random ones. */
  next(...faults: Fault[]): void;
  /** Shorthand: the next `count` matching requests get `status` (with an optional Retry-After). */
  failNext(count: number, status: number, options?: { retryAfter?: number | string }): void;
  /**
   * Sets the probability in [0, 1] that a matching request (with no queued fault) gets a fault,
   * drawn from `pool` when given, else from the pool in use.
   */
  setRate(rate: number, pool?: readonly Fault[]): void;
  /** How many faults of each kind (and statuses as `status:503`) were injected, and passes. */
  stats(): Record<string, number>;
  /** Drops queued faults, sets the rate to 0 and ends every stalled request. */
  clear(): void;
}

const DEFAULT_POOL: readonly Fault[] = [
  { kind: 'status', status: 503 },
  { kind: 'status', status: 429, retryAfter: 0 },
  { kind: 'reset' },
];

/** Builds a fault injector for loopback servers and simulators. */
export function createFaultInjector(options: FaultInjectorOptions = {}): FaultInjector {
  const queue: Fault[] = [];
  let rate = options.rate ?? 0;
  let pool = options.pool ?? DEFAULT_POOL;
  const random = options.random ?? Math.random;
  const counts: Record<string, number> = {};
  const stalled = new Set<ServerResponse>();
  const count = (key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };

  const pick = (req: IncomingMessage): Fault | undefined => {
    if (options.match && !options.match(req)) return undefined;
    const queued = queue.shift();
    if (queued) return queued;
    if (rate > 0 && random() < rate) return pool[Math.floor(random() * pool.length)];
    return undefined;
  };

  const apply = async (
    fault: Fault,
    req: IncomingMessage,
    res: ServerResponse,
    next: NodeHandler,
  ) => {
    count(fault.kind === 'status' ? `status:${fault.status}` : fault.kind);
    switch (fault.kind) {
      case 'status': {
        const headers: Record<string, string> = {
          'content-type': fault.contentType ?? 'application/json',
        };
        if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
        req.resume();
        res.writeHead(fault.status, headers);
        res.end(
          fault.body ??
            JSON.stringify({ error: 'injected_fault', reason: `injected ${fault.status}` }),
        );
        return;
      }
      case 'reset':
        req.socket.destroy();
        return;
      case 'stall': {
        stalled.add(res);
        res.on('close', () => stalled.delete(res));
        if (fault.ms !== undefined) {
          setTimeout(() => req.socket.destroy(), fault.ms).unref();
        }
        return;
      }
      case 'truncate':
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
        res.write('{"truncated":');
        setImmediate(() => req.socket.destroy());
        return;
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        await next(req, res);
        return;
    }
  };

  return {
    wrap: (handler) => async (req, res) => {
      const fault = pick(req);
      if (!fault) {
        count('passed');
        await handler(req, res);
        return;
      }
      await apply(fault, req, res, handler);
    },
    next: (...faults) => {
      queue.push(...faults);
    },
    failNext: (n, status, o = {}) => {
      for (let i = 0; i < n; i++) {
        queue.push({
          kind: 'status',
          status,
          ...(o.retryAfter !== undefined ? { retryAfter: o.retryAfter } : {}),
        });
      }
    },
    setRate: (r, p) => {
      rate = r;
      if (p) pool = p;
    },
    stats: () => ({ ...counts }),
    clear: () => {
      queue.length = 0;
      rate = 0;
      for (const res of stalled) res.socket?.destroy();
      stalled.clear();
    },
  };
}

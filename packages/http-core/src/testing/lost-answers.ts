import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NodeHandler } from './loopback-server.js';

/**
 * Answers lost after the service applied the request: the wrapped handler runs to the end (a
 * publish stores its messages, an upload stores its body), then the connection drops before the
 * first byte of the answer, as behind a load balancer that times out on a slow backend. The fault
 * a client cannot tell from "not sent": a blind retry of a non-idempotent call repeats it.
 */
export interface LostAnswers {
  /** The next `count` requests (those `match` accepts) lose their answer. @default 1 */
  next(count?: number, match?: (method: string, path: string) => boolean): void;
  /** Probability in [0, 1] that any request (that `match` accepts) loses its answer. */
  setRate(rate: number, match?: (method: string, path: string) => boolean): void;
  /** How many answers were lost, per request kind (see `LostAnswersOptions.kindOf`). */
  stats(): Record<string, number>;
  /** No more lost answers. */
  clear(): void;
}

/** Options of {@link createLostAnswers}: the random source and how lost answers are counted. */
export interface LostAnswersOptions {
  /** Draws for `setRate`. @default Math.random */
  random?: () => number;
  /** The kind a request is counted under in `stats()`. @default every request is `request` */
  kindOf?: (method: string, path: string) => string;
}

type Match = (method: string, path: string) => boolean;
const every: Match = () => true;

/** Lost answers for a `node:http` handler: `wrap` it, then steer with `next` and `setRate`. */
export function createLostAnswers(options: LostAnswersOptions = {}): LostAnswers & {
  /** Wraps a handler so that the requests picked by `next` or `setRate` lose their answer. */
  wrap(handler: NodeHandler): NodeHandler;
} {
  const random = options.random ?? Math.random;
  const kindOf = options.kindOf ?? (() => 'request');
  const queue: Match[] = [];
  let rate = 0;
  let rateMatch: Match = every;
  const counts: Record<string, number> = {};

  const pick = (req: IncomingMessage): boolean => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const index = queue.findIndex((m) => m(method, path));
    let lose = false;
    if (index >= 0) {
      queue.splice(index, 1);
      lose = true;
    } else if (rate > 0 && rateMatch(method, path) && random() < rate) lose = true;
    if (lose) {
      const kind = kindOf(method, path);
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    return lose;
  };

  /** Lets the handler run to the end, but the client never sees a byte of its answer. */
  const swallow = (req: IncomingMessage, res: ServerResponse) => {
    const drop = () => {
      req.socket.destroy();
      return res;
    };
    res.writeHead = drop as unknown as ServerResponse['writeHead'];
    res.write = (() => true) as unknown as ServerResponse['write'];
    res.end = drop as unknown as ServerResponse['end'];
  };

  return {
    wrap: (handler) => async (req, res) => {
      if (pick(req)) swallow(req, res);
      await handler(req, res);
    },
    next: (count = 1, match = every) => {
      for (let i = 0; i < count; i++) queue.push(match);
    },
    setRate: (r, match = every) => {
      rate = r;
      rateMatch = match;
    },
    stats: () => ({ ...counts }),
    clear: () => {
      queue.length = 0;
      rate = 0;
    },
  };
}

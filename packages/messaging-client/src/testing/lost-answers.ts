import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NodeHandler } from '@connectorkit/http-core/testing';

/**
 * Answers lost after AMS applied the request: the simulator handles the request for real (a
 * publish stores its messages, an ack moves the cursor), then drops the connection before the
 * first byte of the answer, as a load balancer that times out on a slow backend does. This is the
 * fault that makes a retried publish duplicate messages and a retried ack get `500 no ack pending`.
 */
export interface LostAnswers {
  /** The next `count` requests (those `match` accepts) lose their answer. @default 1 */
  next(count?: number, match?: (method: string, path: string) => boolean): void;
  /** Probability in [0, 1] that any request (that `match` accepts) loses its answer. */
  setRate(rate: number, match?: (method: string, path: string) => boolean): void;
  /** How many answers were lost, per request kind (`publish`, `pull`, `acknowledge`, `other`). */
  stats(): Record<string, number>;
  /** No more lost answers. */
  clear(): void;
}

type Match = (method: string, path: string) => boolean;
const every: Match = () => true;

function kindOf(path: string): string {
  const verb = /:(publish|pull|acknowledge)$/.exec(path)?.[1];
  return verb ?? 'other';
}

export function createLostAnswers(random: () => number = Math.random): LostAnswers & {
  wrap(handler: NodeHandler): NodeHandler;
} {
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
    if (lose) counts[kindOf(path)] = (counts[kindOf(path)] ?? 0) + 1;
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

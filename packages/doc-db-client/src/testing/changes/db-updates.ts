import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CouchHttpError } from '../routes/http-io.js';
import type { CouchDatabase } from '../store/couch-store.js';
import { formatSeq, type SeqStyle } from './changes-feed.js';

type DbEvent = 'created' | 'updated' | 'deleted';

/**
 * The server's database events, as `_global_changes` keeps them: one entry per database, at the
 * seq of its latest event (so `_db_updates` lists each database once, as CouchDB does).
 */
export class DbUpdatesLog {
  seq = 0;
  private readonly latest = new Map<string, { type: DbEvent; seq: number }>();
  readonly changed = new EventEmitter();

  record(name: string, type: DbEvent): void {
    this.latest.set(name, { type, seq: ++this.seq });
    this.changed.emit('change');
  }

  /** The entries after `since`, in seq order (or the reverse), at most `limit`. */
  after(since: number, descending: boolean, limit: number) {
    const rows = [...this.latest.entries()]
      .filter(([, e]) => e.seq > since)
      .sort((a, b) => (descending ? b[1].seq - a[1].seq : a[1].seq - b[1].seq));
    return rows.slice(0, limit).map(([db_name, e]) => ({ db_name, type: e.type, seq: e.seq }));
  }
}

/** The simulator's databases: a Map that records creations and deletions in the log. */
export class TrackedDatabases extends Map<string, CouchDatabase> {
  log: DbUpdatesLog | undefined;

  override set(name: string, db: CouchDatabase): this {
    const created = !this.has(name);
    super.set(name, db);
    if (created) this.log?.record(name, 'created');
    return this;
  }

  override delete(name: string): boolean {
    const deleted = super.delete(name);
    if (deleted) this.log?.record(name, 'deleted');
    return deleted;
  }
}

/** The simulator's change events (one per database written): each is an `updated` entry too. */
export class DbEvents extends EventEmitter {
  constructor(
    private readonly log: DbUpdatesLog,
    private readonly dbs: Map<string, CouchDatabase>,
  ) {
    super();
    this.setMaxListeners(0);
  }

  override emit(name: string | symbol, ...args: unknown[]): boolean {
    if (typeof name === 'string' && this.dbs.has(name)) this.log.record(name, 'updated');
    return super.emit(name, ...args);
  }
}

const FEEDS = ['normal', 'longpoll', 'continuous', 'eventsource'];
const bad = (reason: string) => new CouchHttpError(400, 'bad_request', reason);

function number(q: URLSearchParams, name: string, fallback: number): number {
  const text = q.get(name);
  if (text === null) return fallback;
  if (!/^\d+$/.test(text)) throw bad(`Invalid value for \`${name}\`: ${JSON.stringify(text)}`);
  return Number(text);
}

function parseSince(text: string | null, log: DbUpdatesLog): number {
  if (text === null || text === '0') return 0;
  if (text === 'now') return log.seq;
  const n = Number.parseInt(text.replace(/^"/, '').split('-')[0] ?? '', 10);
  if (Number.isNaN(n) || n < 0) throw bad("Malformed sequence supplied in 'since' parameter.");
  return n;
}

/**
 * `GET /_db_updates` (global_changes_httpd): every feed type, `since` (`now`), `limit`,
 * `timeout` (60 s by default), `heartbeat` and `descending`; server admins only.
 */
export function serveDbUpdates(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  log: DbUpdatesLog,
  style: SeqStyle,
  track: (res: ServerResponse) => void,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    throw new CouchHttpError(405, 'method_not_allowed', 'Only GET,HEAD allowed');
  const q = url.searchParams;
  const feed = q.get('feed') ?? 'normal';
  if (!FEEDS.includes(feed))
    throw bad('Supported `feed` types: normal, continuous, longpoll, eventsource');
  const limit = number(q, 'limit', Number.POSITIVE_INFINITY);
  const timeout = number(q, 'timeout', 60_000);
  const beat = q.get('heartbeat');
  const heartbeat =
    beat === null || beat === 'false' ? undefined : beat === 'true' ? 60_000 : Number(beat);
  const descending = q.get('descending') === 'true';
  let since = parseSince(q.get('since'), log);
  const seq = (n: number) => JSON.stringify(formatSeq(n, style));
  const row = (r: { db_name: string; type: string; seq: number }) =>
    `{"db_name":${JSON.stringify(r.db_name)},"type":"${r.type}","seq":${seq(r.seq)}}`;
  let sent = 0;
  const take = () => {
    const rows = log.after(since, descending, limit - sent);
    sent += rows.length;
    if (rows.length > 0) since = descending ? log.seq : (rows.at(-1)?.seq ?? since);
    return rows;
  };
  const first = take();
  if (feed === 'normal' || (feed === 'longpoll' && first.length > 0)) {
    const last = first.length > 0 ? since : descending ? log.seq : since;
    const text = `{"results":[\n${first.map(row).join(',\n')}\n],\n"last_seq":${seq(last)}}\n`;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'must-revalidate' });
    res.end(text);
    return;
  }
  const eventsource = feed === 'eventsource';
  res.writeHead(200, {
    'content-type': eventsource ? 'text/event-stream' : 'application/json',
    'cache-control': eventsource ? 'no-cache' : 'must-revalidate',
    'transfer-encoding': 'chunked',
  });
  track(res);
  const write = (rows: ReturnType<DbUpdatesLog['after']>) => {
    for (const r of rows)
      res.write(eventsource ? `data: ${row(r)}\nid: ${seq(r.seq)}\n\n` : `${row(r)}\n`);
  };
  if (feed === 'longpoll') res.write('{"results":[\n');
  else write(first);
  const timers: ReturnType<typeof setTimeout>[] = [];
  const stop = () => {
    for (const t of timers) clearTimeout(t);
    log.changed.off('change', onChange);
  };
  const end = (rows: ReturnType<DbUpdatesLog['after']>) => {
    stop();
    if (res.writableEnded) return;
    if (feed === 'longpoll')
      res.end(`${rows.map(row).join(',\n')}\n],\n"last_seq":${seq(since)}}\n`);
    else if (eventsource) res.end();
    else res.end(`{"last_seq":${seq(since)}}\n`);
  };
  const onChange = () => {
    const rows = take();
    if (rows.length === 0) return;
    if (feed === 'longpoll') {
      end(rows);
      return;
    }
    write(rows);
    if (sent >= limit) end([]);
  };
  if (sent >= limit && feed !== 'longpoll') {
    end([]);
    return;
  }
  log.changed.on('change', onChange);
  res.on('close', stop);
  timers.push(setTimeout(() => end([]), timeout));
  if (heartbeat !== undefined)
    timers.push(
      setInterval(() => res.write(eventsource ? 'event: heartbeat\ndata: \n\n' : '\n'), heartbeat),
    );
}

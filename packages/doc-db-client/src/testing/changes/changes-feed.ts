import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CouchHttpError, isObject, readJson } from '../routes/http-io.js';
import { type CouchDatabase, docJson, type StoredDoc } from '../store/couch-store.js';
import { changesFilter } from './changes-filters.js';

/** How sequences look on the wire; 'string' is CouchDB 2+/Cloudant's opaque form. */
export type SeqStyle = 'string' | 'number';

export interface FeedEnvironment {
  seqStyle: SeqStyle;
  omitPending: () => boolean;
  ignoreTimeout: () => boolean;
  /** Resolves when the database changes (or never). */
  onChange: (db: string, listener: () => void) => () => void;
  track: (res: ServerResponse) => void;
}

/** A sequence as the server shows it: `N-g1AAAA…` (opaque, like CouchDB 2+) or the number. */
export function formatSeq(n: number, style: SeqStyle): string | number {
  return style === 'number' ? n : `${n}-g1AAAAB${(n * 2654435761).toString(36)}x`;
}

function parseSeq(raw: string | null, db: CouchDatabase): number {
  if (raw === null || raw === '' || raw === '0') return 0;
  if (raw === 'now') return db.updateSeq;
  let value: unknown = raw;
  if (raw.startsWith('[') || raw.startsWith('"')) {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new CouchHttpError(
        400,
        'bad_request',
        "Malformed sequence supplied in 'since' parameter.",
      );
    }
  }
  const head = Array.isArray(value) ? value[0] : value;
  const n = Number.parseInt(String(head).split('-')[0] ?? '', 10);
  if (Number.isNaN(n) || n < 0)
    throw new CouchHttpError(
      400,
      'bad_request',
      "Malformed sequence supplied in 'since' parameter.",
    );
  return Math.min(n, db.updateSeq);
}

interface FeedQuery {
  feed: string;
  since: number;
  limit: number;
  timeout: number;
  heartbeat: number | undefined;
  includeDocs: boolean;
  seqInterval: number | undefined;
  descending: boolean;
  /** `style=all_docs`: every leaf in `changes`, not only the winner. */
  allLeaves: boolean;
  conflicts: boolean;
  filter: (doc: StoredDoc) => boolean;
  /** Set for a `_doc_ids` filter answered by looking the documents up (see changes-filters.ts). */
  docIds: readonly string[] | undefined;
}

/** couch_changes' default `limit`. */
const DEFAULT_LIMIT = 1e15;
const FEEDS = new Set(['normal', 'continuous', 'live', 'longpoll', 'eventsource']);

async function parseQuery(req: IncomingMessage, url: URL, db: CouchDatabase): Promise<FeedQuery> {
  const q = url.searchParams;
  const body = req.method === 'POST' ? await readJson(req) : undefined;
  if (body !== undefined && !isObject(body))
    throw new CouchHttpError(400, 'bad_request', 'Request body must be a JSON object');
  const feed = q.get('feed') ?? 'normal';
  if (!FEEDS.has(feed))
    throw new CouchHttpError(
      400,
      'bad_request',
      'Supported `feed` types: normal, continuous, live, longpoll, eventsource',
    );
  const { test: filter, docIds } = changesFilter(db, q, body);
  const number = (name: string) => {
    const text = q.get(name);
    if (text === null) return undefined;
    if (!/^\d+$/.test(text))
      throw new CouchHttpError(
        400,
        'bad_request',
        `Invalid value for \`${name}\`: ${JSON.stringify(text)}`,
      );
    return Number(text);
  };
  const heartbeat = q.get('heartbeat');
  return {
    feed: feed === 'live' ? 'continuous' : feed,
    since: parseSeq(q.get('since'), db),
    limit: number('limit') ?? Number.POSITIVE_INFINITY,
    timeout: number('timeout') ?? 60_000,
    heartbeat:
      heartbeat === null || heartbeat === 'false'
        ? undefined
        : heartbeat === 'true'
          ? 60_000
          : Number(heartbeat),
    includeDocs: q.get('include_docs') === 'true',
    seqInterval: number('seq_interval'),
    descending: q.get('descending') === 'true',
    allLeaves: q.get('style') === 'all_docs',
    conflicts: q.get('conflicts') === 'true',
    filter,
    docIds,
  };
}

/**
 * Collects up to `limit` matching changes after `since`; the scan position is the feed's
 * last_seq. `pending` is as CouchDB counts it: the changes after `since` less the ones it went
 * through (every one it scanned, or, for a few `doc_ids`, the ones it looked up).
 */
function collect(
  db: CouchDatabase,
  q: FeedQuery,
  since: number,
): { rows: StoredDoc[]; lastSeq: number; pending: number } {
  if (q.docIds && !q.descending) {
    const found: StoredDoc[] = [];
    for (const id of q.docIds) {
      const doc = db.docs.get(id);
      if (doc && doc.seq > since) found.push(doc);
    }
    found.sort((a, b) => a.seq - b.seq);
    const rows = found.slice(0, q.limit);
    const after = db.changesAfter(since, 0, false).pending;
    return { rows, lastSeq: rows.at(-1)?.seq ?? since, pending: after - rows.length };
  }
  const rows: StoredDoc[] = [];
  let position = since;
  let scanned = 0;
  const total = db.changesAfter(q.descending ? 0 : since, 0, false).pending;
  while (rows.length < q.limit) {
    const chunk = db.changesAfter(
      position,
      Math.min(1000, q.limit - rows.length) || 1,
      q.descending,
    );
    if (chunk.docs.length === 0) break;
    for (const doc of chunk.docs) {
      if (rows.length >= q.limit) break;
      scanned++;
      position = doc.seq;
      if (q.filter(doc)) rows.push(doc);
    }
  }
  if (q.descending) return { rows, lastSeq: db.updateSeq, pending: total - scanned };
  return { rows, lastSeq: position, pending: db.changesAfter(position, 0, false).pending };
}

/** The `changes` member: the winner, or every leaf (winner first) for `style=all_docs`. */
function changesText(doc: StoredDoc, q: FeedQuery): string {
  if (!q.allLeaves || !doc.others) return `[{"rev":"${doc.rev}"}]`;
  return `[${doc
    .leaves()
    .map((leaf) => `{"rev":${JSON.stringify(leaf.rev)}}`)
    .join(',')}]`;
}

function docText(doc: StoredDoc, q: FeedQuery): string {
  const json = docJson(doc);
  const conflicts = q.conflicts ? doc.conflicts() : [];
  if (conflicts.length > 0) json._conflicts = conflicts;
  return JSON.stringify(json);
}

/** One result row as JSON text (built directly: the feed is the simulator's hot path). */
function rowText(doc: StoredDoc, q: FeedQuery, style: SeqStyle, withSeq: boolean): string {
  if (withSeq && !q.includeDocs && !q.allLeaves) {
    // The common row never changes while the document does not: build it once.
    doc.rowCache ??= `{"seq":${JSON.stringify(formatSeq(doc.seq, style))},"id":${JSON.stringify(doc.id)},"changes":[{"rev":"${doc.rev}"}]${doc.deleted ? ',"deleted":true' : ''}}`;
    return doc.rowCache;
  }
  const seq = `"seq":${withSeq ? JSON.stringify(formatSeq(doc.seq, style)) : 'null'},`;
  const deleted = doc.deleted ? ',"deleted":true' : '';
  const body = q.includeDocs ? `,"doc":${docText(doc, q)}` : '';
  return `{${seq}"id":${JSON.stringify(doc.id)},"changes":${changesText(doc, q)}${deleted}${body}}`;
}

/** Serves `GET|POST /{db}/_changes` with every feed type. */
export async function serveChanges(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  db: CouchDatabase,
  env: FeedEnvironment,
): Promise<void> {
  const q = await parseQuery(req, url, db);
  const style = env.seqStyle;
  const closing = (lastSeq: number, pending: number) =>
    `"last_seq":${JSON.stringify(formatSeq(lastSeq, style))}${env.omitPending() ? '' : `,"pending":${pending}`}}\n`;
  // fabric_view_changes counts the limit down from its default (10^15) and shows a row's seq
  // when what is left is a multiple of seq_interval; other rows get `"seq": null`.
  const limitLeft = Number.isFinite(q.limit) ? q.limit : DEFAULT_LIMIT;
  const rowsText = (rows: StoredDoc[]) =>
    rows
      .map((doc, i) => {
        const withSeq = !q.seqInterval || (limitLeft - i) % q.seqInterval === 0;
        return rowText(doc, q, style, withSeq);
      })
      .join(',\n');
  let since = q.since;
  const first = collect(db, q, since);
  const headers = {
    'content-type': 'application/json',
    'cache-control': 'must-revalidate',
    'transfer-encoding': 'chunked',
  };
  if (q.feed === 'normal') {
    // A normal feed is a finished answer: CouchDB gives it a validator, from where it ends.
    const etag = `"${createHash('md5').update(`${db.name}:${first.lastSeq}:${first.rows.length}`).digest('hex').slice(0, 25)}"`;
    res.writeHead(200, { ...headers, etag });
  } else res.writeHead(200, headers);
  env.track(res);
  if (
    q.feed === 'normal' ||
    (q.feed === 'longpoll' && first.rows.length > 0 && !env.ignoreTimeout())
  ) {
    res.end(`{"results":[\n${rowsText(first.rows)}\n],\n${closing(first.lastSeq, first.pending)}`);
    return;
  }
  const continuous = q.feed === 'continuous' || q.feed === 'eventsource';
  if (!continuous) res.write('{"results":[\n');
  let sent = 0;
  const emit = (rows: StoredDoc[]) => {
    for (const doc of rows) {
      if (sent >= q.limit) break;
      sent++;
      if (continuous) res.write(`${rowText(doc, q, style, true)}\n`);
    }
  };
  if (continuous) {
    emit(first.rows);
    since = first.lastSeq;
  }
  await new Promise<void>((resolve) => {
    const timers: ReturnType<typeof setTimeout>[] = [];
    let unsubscribe = () => {};
    const finish = (rows: StoredDoc[], lastSeq: number, pending: number) => {
      cleanup();
      if (!res.writableEnded) {
        res.end(
          continuous
            ? `{${closing(lastSeq, pending)}`
            : `${rowsText(rows)}\n],\n${closing(lastSeq, pending)}`,
        );
      }
      resolve();
    };
    const cleanup = () => {
      for (const t of timers) {
        clearTimeout(t);
        clearInterval(t);
      }
      unsubscribe();
    };
    res.on('close', () => {
      cleanup();
      resolve();
    });
    if (q.heartbeat !== undefined || env.ignoreTimeout()) {
      timers.push(setInterval(() => res.write('\n'), q.heartbeat ?? 1000));
    }
    if (!env.ignoreTimeout()) {
      timers.push(
        setTimeout(() => {
          const rest = collect(db, q, since);
          finish([], since, rest.pending + rest.rows.length);
        }, q.timeout),
      );
    }
    unsubscribe = env.onChange(db.name, () => {
      const next = collect(db, q, since);
      if (next.rows.length === 0) return;
      if (env.ignoreTimeout()) return;
      if (continuous) {
        emit(next.rows);
        since = next.lastSeq;
        if (sent >= q.limit) finish([], since, next.pending);
        return;
      }
      finish(next.rows, next.lastSeq, next.pending);
    });
  });
}

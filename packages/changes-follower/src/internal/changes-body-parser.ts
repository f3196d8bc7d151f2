import type { ChangesResultItem } from '@connectorkit/doc-db-client';

/** How CouchDB and Cloudant begin a `normal` or `longpoll` body. */
const COUCHDB_PREFIX = '{"results":[\n';
const COMMA = 0x2c;
const CLOSE_ARRAY = 0x5d;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A parser of a `_changes` response body (`{"results":[...],"last_seq":...}`), fed text as it
 * arrives. CouchDB and Cloudant write `{"results":[` and a newline, then one compact row per line
 * (each followed by a comma), then a line starting with `]` and the rest of the object. In that
 * layout the complete lines of each piece are parsed at once, so the body is never held whole
 * nor copied into one string; only the unfinished last line is kept between pieces. Any other
 * layout (express-pouchdb writes the object on one line) is collected and parsed at the end.
 * Malformed JSON throws a `SyntaxError`.
 */
export class ChangesBodyParser {
  /** The rows parsed so far. */
  readonly rows: ChangesResultItem[] = [];
  private mode: 'unknown' | 'lines' | 'tail' | 'whole' = 'unknown';
  /** The first characters, until the layout is known. */
  private head = '';
  /** Lines: the unfinished last line. */
  private carry = '';
  /** Lines: the text from the line that closes `results` on. */
  private tail = '';
  /** Any other layout: every piece. */
  private pieces: string[] = [];

  /** Consumes the next piece of the body. */
  push(text: string): void {
    if (this.mode === 'lines') this.pushLines(text);
    else if (this.mode === 'tail') this.tail += text;
    else if (this.mode === 'whole') this.pieces.push(text);
    else {
      this.head += text;
      if (this.head.length < COUCHDB_PREFIX.length && COUCHDB_PREFIX.startsWith(this.head)) return;
      const head = this.head;
      this.head = '';
      this.mode = head.startsWith(COUCHDB_PREFIX) ? 'lines' : 'whole';
      this.push(this.mode === 'lines' ? head.slice(COUCHDB_PREFIX.length) : head);
    }
  }

  /** Ends the body; returns the envelope (`last_seq`, `pending`, any other field) with `results: []`. */
  end(): Record<string, unknown> {
    if (this.mode === 'whole') {
      const body = JSON.parse(this.pieces.join('')) as unknown;
      this.pieces = [];
      if (!isPlainObject(body)) throw new SyntaxError('The _changes body is not a JSON object');
      const { results = [], ...envelope } = body;
      if (!Array.isArray(results)) throw new SyntaxError('The _changes results are not an array');
      this.take(results);
      return { ...envelope, results: [] };
    }
    if (this.mode !== 'tail') throw new SyntaxError('The _changes body ended before its results');
    const envelope = JSON.parse(`{"results":[${this.tail}`) as unknown;
    if (!isPlainObject(envelope)) throw new SyntaxError('The _changes body is not a JSON object');
    return envelope;
  }

  private pushLines(text: string): void {
    const joined = this.carry === '' ? text : this.carry + text;
    const lastNewline = joined.lastIndexOf('\n');
    if (lastNewline < 0) {
      this.carry = joined;
      return;
    }
    this.carry = joined.slice(lastNewline + 1);
    const lines = joined.slice(0, lastNewline + 1);
    // A line that starts with `]` closes `results`; what follows is the envelope's tail.
    let close = -1;
    if (lines.charCodeAt(0) === CLOSE_ARRAY) close = 0;
    else {
      const at = lines.indexOf('\n]');
      if (at >= 0) close = at + 1;
    }
    this.parseRowLines(close < 0 ? lines : lines.slice(0, close));
    if (close >= 0) {
      this.mode = 'tail';
      this.tail = lines.slice(close) + this.carry;
      this.carry = '';
    }
  }

  /** Complete row lines, `{...},\n{...},\n`, parsed as one array (the last comma dropped). */
  private parseRowLines(lines: string): void {
    let end = lines.length;
    while (end > 0 && isWhitespace(lines.charCodeAt(end - 1))) end--;
    if (end > 0 && lines.charCodeAt(end - 1) === COMMA) end--;
    if (end > 0) this.take(JSON.parse(`[${lines.slice(0, end)}]`) as unknown[]);
  }

  private take(rows: unknown[]): void {
    for (const row of rows) {
      if (!isPlainObject(row)) throw new SyntaxError('A _changes result is not an object');
      this.rows.push(row as ChangesResultItem);
    }
  }
}

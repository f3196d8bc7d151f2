import { MAX_JSON_DEPTH, nestsDeeperThan } from '@connectorkit/http-core';
import type { ChangesResultItem } from '../../schemas/responses.js';

/** How CouchDB and Cloudant begin a `normal` or `longpoll` body. */
const COUCHDB_PREFIX = '{"results":[\n';
const COMMA = 0x2c;
const CLOSE_ARRAY = 0x5d;
/** A row sits two levels down: in `results`, in the answer. */
const MAX_ROW_DEPTH = MAX_JSON_DEPTH - 2;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Why a body could not be read: `incomplete` when it ended before its JSON did (a body cut short
 * looks like that), `malformed` when it is not a `_changes` answer, `deep` when it nests deeper
 * than {@link MAX_JSON_DEPTH}. The message never quotes the body.
 */
export class ChangesBodyError extends SyntaxError {
  constructor(
    message: string,
    readonly kind: 'incomplete' | 'malformed' | 'deep',
  ) {
    super(message);
  }
}

const deep = () => new ChangesBodyError(`nests deeper than ${MAX_JSON_DEPTH} levels`, 'deep');

/** JSON.parse, with its SyntaxError (which quotes the text) replaced by a ChangesBodyError. */
function parse(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const ended = /end of JSON input|Unterminated string/.test((error as Error).message);
    throw new ChangesBodyError(
      ended ? `${what} ended before its JSON did` : `${what} is not valid JSON`,
      ended ? 'incomplete' : 'malformed',
    );
  }
}

/**
 * A parser of a `_changes` response body (`{"results":[...],"last_seq":...}`), fed text as it
 * arrives. CouchDB and Cloudant write `{"results":[` and a newline, then one compact row per line
 * (each followed by a comma), then a line starting with `]` and the rest of the object. In that
 * layout the complete lines of each piece are parsed at once, so the body is never held whole
 * nor copied into one string; only the unfinished last line is kept between pieces. Any other
 * layout (express-pouchdb writes the object on one line) is collected and parsed at the end.
 * A body that is not such an answer throws a {@link ChangesBodyError}.
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
      const text = this.pieces.join('');
      this.pieces = [];
      if (nestsDeeperThan(text, 0, text.length, MAX_JSON_DEPTH)) throw deep();
      const body = parse(text, 'The _changes body');
      if (!isPlainObject(body))
        throw new ChangesBodyError('The _changes body is not a JSON object', 'malformed');
      const { results, ...envelope } = body;
      if (!Array.isArray(results))
        throw new ChangesBodyError('The _changes body has no results array', 'malformed');
      this.take(results);
      return { ...envelope, results: [] };
    }
    if (this.mode === 'unknown' && this.head.trim() === '')
      throw new ChangesBodyError('The _changes body is empty', 'malformed');
    if (this.mode !== 'tail')
      throw new ChangesBodyError('The _changes body ended before its results did', 'incomplete');
    const text = `{"results":[${this.tail}`;
    if (nestsDeeperThan(text, 0, text.length, MAX_JSON_DEPTH)) throw deep();
    const envelope = parse(text, 'The _changes body');
    if (!isPlainObject(envelope))
      throw new ChangesBodyError('The _changes body is not a JSON object', 'malformed');
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
    if (end === 0) return;
    // Only a line longer than twice the limit can nest that deep: most rows cost an indexOf.
    for (let start = 0; start < end; ) {
      let newline = lines.indexOf('\n', start);
      if (newline < 0 || newline > end) newline = end;
      if (nestsDeeperThan(lines, start, newline, MAX_ROW_DEPTH)) throw deep();
      start = newline + 1;
    }
    const rows = parse(`[${lines.slice(0, end)}]`, 'A _changes row');
    this.take(rows as unknown[]);
  }

  private take(rows: unknown[]): void {
    for (const row of rows) {
      if (!isPlainObject(row))
        throw new ChangesBodyError('A _changes result is not an object', 'malformed');
      this.rows.push(row as ChangesResultItem);
    }
  }
}

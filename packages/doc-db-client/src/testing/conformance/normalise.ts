import { createHash } from 'node:crypto';

/**
 * The conformance README's normalisation rules, so a response of any CouchDB-compatible server
 * compares with a recorded CouchDB 3.5.0 one. Test support: not exported from `/testing`.
 */

/** A response as it came off the wire. */
export interface RawResponse {
  status: number;
  /** Lower-cased names; `set-cookie` is the list of cookies. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Set when no complete answer came within the step's time limit. */
  error?: string;
}

export interface NormalisedResponse {
  status: number;
  headers?: Record<string, unknown>;
  body?: { json: unknown } | { length: number; sha256?: string };
  error?: string;
}

const SEQ_KEYS = new Set([
  'seq',
  'last_seq',
  'update_seq',
  'purge_seq',
  'committed_update_seq',
  'compacted_seq',
]);
const MASKED_KEYS = new Set(['instance_start_time', 'sizes', 'ref']);
const TIME_KEYS = new Set([
  'execution_time_ms',
  'started_on',
  'updated_on',
  'start_time',
  'last_updated',
  'timestamp',
]);
const REV = /^(\d+)-([0-9a-f]{32})$/;
const HEX32 = /^[0-9a-f]{32}$/;
const HEX40_RUN = /[0-9a-f]{40}/g;

/** The state one transcript carries from step to step: the run prefix and the rev-hash table. */
export class Normaliser {
  private readonly hashes = new Map<string, number>();

  constructor(private readonly prefix: string) {}

  private hashNumber(hash: string): number {
    let n = this.hashes.get(hash);
    if (n === undefined) {
      n = this.hashes.size + 1;
      this.hashes.set(hash, n);
    }
    return n;
  }

  private withoutPrefix(text: string): string {
    return this.prefix === '' ? text : text.split(this.prefix).join('{prefix}');
  }

  private string(value: string, inRevisionIds: boolean): string {
    const text = this.withoutPrefix(value);
    const rev = REV.exec(text);
    if (rev) return `${rev[1]}-#${this.hashNumber(rev[2] as string)}`;
    if (HEX32.test(text)) return inRevisionIds ? `#${this.hashNumber(text)}` : '#uuid';
    return text.replace(HEX40_RUN, '#sha1');
  }

  /**
   * Rules 4 and 5: the JSON walk, members in sorted key order. `context` is `revisions` for the
   * value of a `_revisions` member and `ids` for the `ids` array inside it.
   */
  json(value: unknown, context: 'revisions' | 'ids' | undefined = undefined): unknown {
    if (typeof value === 'string') return this.string(value, context === 'ids');
    if (Array.isArray(value)) return value.map((item) => this.json(item, context));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object).sort(compareCodePoints)) {
      const member = object[key];
      const name = this.withoutPrefix(key);
      if (SEQ_KEYS.has(key)) out[name] = seqMask(member);
      else if (MASKED_KEYS.has(key)) out[name] = '#';
      else if (TIME_KEYS.has(key)) out[name] = '#time';
      else if (key === 'bookmark' && typeof member === 'string' && member !== 'nil')
        out[name] = '#bookmark';
      else if (key === '_revisions') out[name] = this.json(member, 'revisions');
      else
        out[name] = this.json(member, key === 'ids' && context === 'revisions' ? 'ids' : undefined);
    }
    return out;
  }

  private etag(value: string): string {
    const weak = value.startsWith('W/');
    const rest = weak ? value.slice(2) : value;
    const quoted = /^"(.*)"$/.exec(rest);
    if (!quoted) return `${weak ? 'W/' : ''}#etag(unquoted)`;
    const inner = quoted[1] as string;
    const rev = REV.exec(inner);
    let shown = '#etag';
    if (rev) shown = `${rev[1]}-#${this.hashNumber(rev[2] as string)}`;
    else if (/^0-\d+$/.test(inner)) shown = inner;
    return `${weak ? 'W/' : ''}"${shown}"`;
  }

  private location(value: string): string {
    return this.withoutPrefix(value.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '{origin}')).replace(
      /[0-9a-f]{32}/g,
      '#uuid',
    );
  }

  /** Rule 2 (called after the body, which numbers its rev hashes first). */
  private headers(raw: RawResponse['headers']): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const one = (name: string) => {
      const value = raw[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    const contentType = one('content-type');
    if (contentType !== undefined) out['content-type'] = mediaType(contentType);
    const etag = one('etag');
    if (etag !== undefined) out.etag = this.etag(etag.trim());
    const location = one('location');
    if (location !== undefined) out.location = this.location(location);
    const cacheControl = one('cache-control');
    if (cacheControl !== undefined) out['cache-control'] = cacheControl;
    const cookies = raw['set-cookie'];
    if (cookies !== undefined)
      out['set-cookie'] = (Array.isArray(cookies) ? cookies : [cookies]).map(cookieShape);
    return out;
  }

  /** A whole response, as the transcript's `response` member. */
  response(raw: RawResponse, method: string): NormalisedResponse {
    if (raw.error !== undefined) return { status: 0, error: raw.error };
    const type = mediaType(String(raw.headers['content-type'] ?? ''));
    let body: NormalisedResponse['body'];
    if (method === 'HEAD') body = { length: raw.body.length };
    else {
      const parsed = type === 'application/json' ? parseJson(raw.body) : undefined;
      body =
        parsed === undefined
          ? {
              length: raw.body.length,
              sha256: createHash('sha256').update(raw.body).digest('hex'),
            }
          : { json: this.json(parsed.value) };
    }
    return { status: raw.status, headers: this.headers(raw.headers), body };
  }
}

function seqMask(value: unknown): unknown {
  if (value === null) return null;
  if (typeof value === 'string') return '#seq';
  if (typeof value === 'number') return '#seq(number)';
  if (Array.isArray(value)) return '#seq(array)';
  if (typeof value === 'object') return '#seq(object)';
  return value;
}

function mediaType(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase();
}

function cookieShape(cookie: string): string {
  const [pair = '', ...attributes] = cookie.split(';').map((part) => part.trim());
  const eq = pair.indexOf('=');
  const name = eq === -1 ? pair : pair.slice(0, eq);
  const value = eq === -1 ? '' : pair.slice(eq + 1);
  const names = attributes
    .filter((a) => a !== '')
    .map((a) => (a.split('=')[0] ?? '').trim())
    .sort(compareCodePoints);
  return [`${name}=${value === '' ? '' : '#'}`, ...names].join('; ');
}

function parseJson(body: Buffer): { value: unknown } | undefined {
  if (body.length === 0) return undefined;
  try {
    return { value: JSON.parse(body.toString('utf8')) };
  } catch {
    return undefined;
  }
}

/** Code-point order (the order the recorder's sorted keys use). */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Canonical JSON: keys sorted at every level, no whitespace. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const members = Object.keys(object)
      .filter((key) => object[key] !== undefined)
      .sort(compareCodePoints)
      .map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The canonical text with every rev-hash number erased (`3-#12` → `3-#`, `"#12"` → `"#"`). */
export function eraseHashNumbers(text: string): string {
  return text.replace(/(\d-)#\d+/g, '$1#').replace(/"#\d+"/g, '"#"');
}

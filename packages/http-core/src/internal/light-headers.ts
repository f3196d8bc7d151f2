/**
 * The `Headers` interface over a `Map`. Node's global `Headers` is undici's: touching it loads
 * undici (about 4 MB of RSS), and each one runs WebIDL conversions, which requests sent over
 * `node:http` never need. Like `Headers`, names are case-insensitive and iterate lower-cased in
 * sorted order, values are trimmed, appended values are joined with `, ` (each `set-cookie` kept
 * apart). Unlike it, characters are not checked here: the transport refuses invalid ones.
 */
export class LightHeaders implements Headers {
  readonly #values = new Map<string, string>();
  #cookies: string[] = [];

  constructor(init?: HeadersInit | Iterable<readonly [string, string]>) {
    if (!init) return;
    if (typeof (init as Iterable<unknown>)[Symbol.iterator] === 'function') {
      for (const [name, value] of init as Iterable<readonly [string, string]>)
        this.append(name, value);
    } else {
      const record = init as Record<string, string>;
      for (const name of Object.keys(record)) this.append(name, record[name] as string);
    }
  }

  /** The headers of a `node:http` message, from its `rawHeaders` (name, value, name, ...). */
  static fromRaw(raw: readonly string[]): LightHeaders {
    const headers = new LightHeaders();
    for (let i = 1; i < raw.length; i += 2) headers.append(raw[i - 1] as string, raw[i] as string);
    return headers;
  }

  /** A copy, without going through iteration. */
  clone(): LightHeaders {
    const copy = new LightHeaders();
    for (const [key, value] of this.#values) copy.#values.set(key, value);
    copy.#cookies = [...this.#cookies];
    return copy;
  }

  /** Sets every header on `record` (names lower-cased, unsorted), without iterating. */
  copyInto(record: Record<string, string>): void {
    for (const [key, value] of this.#values) record[key] = value;
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const clean = String(value).trim();
    if (key === 'set-cookie') this.#cookies.push(clean);
    const current = this.#values.get(key);
    this.#values.set(key, current === undefined ? clean : `${current}, ${clean}`);
  }

  set(name: string, value: string): void {
    const key = name.toLowerCase();
    const clean = String(value).trim();
    if (key === 'set-cookie') this.#cookies = [clean];
    this.#values.set(key, clean);
  }

  get(name: string): string | null {
    return this.#values.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }

  delete(name: string): void {
    const key = name.toLowerCase();
    if (key === 'set-cookie') this.#cookies = [];
    this.#values.delete(key);
  }

  getSetCookie(): string[] {
    return [...this.#cookies];
  }

  forEach(
    callback: (value: string, key: string, parent: Headers) => void,
    thisArg?: unknown,
  ): void {
    for (const [key, value] of this) callback.call(thisArg, value, key, this);
  }

  *entries(): HeadersIterator<[string, string]> {
    for (const key of [...this.#values.keys()].sort()) {
      if (key === 'set-cookie') for (const cookie of this.#cookies) yield [key, cookie];
      else yield [key, this.#values.get(key) as string];
    }
  }

  *keys(): HeadersIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): HeadersIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'Headers';
  }
}

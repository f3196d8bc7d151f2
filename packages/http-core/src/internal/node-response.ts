import type { IncomingMessage } from 'node:http';
import type * as Stream from 'node:stream';
import type { Readable } from 'node:stream';
import type * as Zlib from 'node:zlib';
import { LightHeaders } from './light-headers.js';
import { nodeBuiltin } from './runtime.js';
import type { WireResponse } from './wire-response.js';

/** A decoder for a coding asked for with `accept-encoding: gzip, deflate`. */
function decoderFor(coding: string): NodeJS.ReadWriteStream | undefined {
  if (coding !== 'gzip' && coding !== 'deflate') return undefined;
  // Only ever reached under the node transport, which exists only where node:zlib does.
  const zlib = nodeBuiltin<typeof Zlib>('node:zlib') as typeof Zlib;
  return coding === 'gzip' ? zlib.createGunzip() : zlib.createInflate();
}

/**
 * A web stream over a node stream that reads a chunk only when its reader asks (high-water mark
 * 0): `Readable.toWeb` keeps reading ahead into its own queue.
 */
function pullStream(source: Readable): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel(reason) {
        source.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * The response's `content-encoding`, lower-cased, read from the raw header list: `message.headers`
 * would build an object of every header on each response.
 */
function contentCoding(raw: readonly string[]): string {
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 16 && name.toLowerCase() === 'content-encoding')
      return String(raw[i + 1])
        .trim()
        .toLowerCase();
  }
  return '';
}

/**
 * A `node:http` response as the client reads it: the body is collected straight from the socket
 * (gzip and deflate decoded, as fetch does), and the headers and the platform `Response` are
 * built only when asked for.
 */
export class NodeResponse implements WireResponse {
  readonly status: number;
  readonly statusText: string;
  readonly #message: IncomingMessage;
  readonly #source: Readable | undefined;
  #headers: Headers | undefined;
  #response: Response | undefined;
  #stream: ReadableStream<Uint8Array> | undefined;
  #used = false;
  #failure: unknown;

  constructor(message: IncomingMessage, nullBody: boolean) {
    this.status = message.statusCode ?? 0;
    this.statusText = message.statusMessage ?? '';
    this.#message = message;
    if (nullBody) message.resume();
    else {
      const decoder = decoderFor(contentCoding(message.rawHeaders));
      this.#source = decoder
        ? ((nodeBuiltin<typeof Stream>('node:stream') as typeof Stream).pipeline(
            message,
            decoder,
            () => {},
          ) as unknown as Readable)
        : message;
    }
  }

  get ok(): boolean {
    return this.status > 199 && this.status < 300;
  }

  get headers(): Headers {
    this.#headers ??= LightHeaders.fromRaw(this.#message.rawHeaders);
    return this.#headers;
  }

  /** The body as a web stream, without a `Response` (which would load undici). */
  get body(): ReadableStream<Uint8Array> | null {
    if (this.#response || this.#used) return this.toResponse().body;
    if (!this.#source) return null;
    this.#used = true;
    this.#stream = pullStream(this.#source);
    return this.#stream;
  }

  /** Ends the body with `reason` (an abort): readers reject with it. */
  fail(reason: unknown): void {
    this.#failure = reason;
    this.#source?.destroy(reason instanceof Error ? reason : undefined);
    this.#message.destroy();
  }

  async text(): Promise<string> {
    if (this.#response) return this.#response.text();
    const bytes = await this.#read();
    // fetch's text() drops a UTF-8 byte order mark; so does this.
    return bytes.toString(
      'utf8',
      bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0,
    );
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.toResponse().arrayBuffer();
  }

  toResponse(): Response {
    if (!this.#response) {
      const source = this.#source;
      // A body already read through this object shows as used (`bodyUsed`), as with fetch.
      const drained = !this.#stream && this.#used && source !== undefined;
      const body = this.#stream ?? (source && (drained ? '' : pullStream(source)));
      this.#response = new Response(body ?? null, {
        status: this.status,
        statusText: this.statusText,
        headers: this.headers,
      });
      if (drained) this.#response.text().catch(() => {});
      this.#used = true;
    }
    return this.#response;
  }

  #read(): Promise<Buffer> {
    const source = this.#source;
    if (this.#used) return Promise.reject(new TypeError('Body is unusable'));
    this.#used = true;
    if (!source) return Promise.resolve(Buffer.alloc(0));
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      source.on('data', (chunk: Buffer) => chunks.push(chunk));
      source.once('end', () =>
        resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)),
      );
      // Cut off mid-way: the error fetch gives (`TypeError: terminated`), or the abort reason.
      const fail = (cause?: unknown) =>
        reject(
          this.#failure ??
            new TypeError('terminated', { cause: cause ?? new Error('other side closed') }),
        );
      source.once('error', fail).once('close', () => source.readableEnded || fail());
    });
  }
}

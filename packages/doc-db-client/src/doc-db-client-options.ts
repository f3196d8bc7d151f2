import {
  type AuthProvider,
  type HttpClient,
  type HttpLogger,
  type HttpPlugin,
  type HttpTransport,
  InputValidationError,
  RetryInputSchema,
  type RetryOptions,
  type TimeoutOptions,
  type TlsOptions,
  toProblems,
} from '@connectorkit/http-core';
import * as v from 'valibot';
import type { DocDbLimits } from './internal/json-body.js';

/**
 * Options of {@link createDocDbClient}: the server, credentials, and how calls are retried, timed
 * out and checked. Every field is checked when the client is made.
 */
export interface DocDbClientOptions {
  /** Server URL, e.g. `http://127.0.0.1:5984` or `https://account.cloudant.com`. Credentials in it are sent as Basic auth. Required unless `http` is given. */
  url?: string;
  /**
   * Credentials for every call: `basicAuth`, `couchDbSessionAuth`, `iamAuth` ... from
   * `@connectorkit/http-core`. @default none (or Basic from credentials in `url`)
   */
  auth?: AuthProvider;
  /**
   * Laid over the defaults: `{ limit: 8 }` or `8` changes the limit and keeps the rest; `false`
   * turns retries off. @default { limit: 4, maxDelay: 30_000, statuses 408, 429, 500, 502-504 }
   * (ibm-cloud-sdk-core's knobs, with jitter)
   */
  retry?: RetryOptions | number | false;
  /**
   * A number is the per-attempt response timeout in ms; `deadline` bounds a whole call, retries
   * included. @default { response: 150_000 } (the Cloudant SDK's read timeout)
   */
  timeout?: number | false | TimeoutOptions;
  /**
   * Sends every request through this fetch (a test double, an instrumented fetch).
   * @default `node:http(s)` with keep-alive where available, else the global fetch
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Sends requests this way, e.g. http-core's `nodeHttpTransport()` (ignored when `fetch` is
   * given). @default `node:http(s)` with keep-alive where available, else the global fetch
   */
  transport?: HttpTransport;
  /** Receives http-core's structured events (attempts, responses, retries), secrets redacted. */
  logger?: HttpLogger;
  /** CA, client certificate and checks for HTTPS (Node's `https` module). */
  tls?: TlsOptions;
  /** http-core plugins, run after the package's own that turns errors into `DocDbError`s. */
  plugins?: readonly HttpPlugin[];
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Validate responses with the package's valibot schemas. Turn off for speed. @default true */
  validateResponses?: boolean;
  /**
   * A ready-made http-core client to share (its auth, retry, timeouts and transport) with other
   * clients; CouchDB's error envelope and classes are laid over it (`client.http` is that
   * extended client). `url`, `auth`, `retry`, `timeout`, `fetch`, `transport`, `logger`, `tls`,
   * `plugins`, `headers` and `validateResponses` are then not used.
   */
  http?: HttpClient;
  /**
   * Sizes refused before sending, with an InputValidationError naming the document or the batch.
   * Set them to your server's: Cloudant allows 1 MB documents and 10 MB requests
   * (`{ maxDocumentBytes: 1_000_000, maxRequestBytes: 10_000_000 }`); `Infinity` checks nothing.
   * @default { maxDocumentBytes: 8_000_000, maxRequestBytes: 4_294_967_296 } (CouchDB 3's
   * `max_document_size` and `max_http_request_size`)
   */
  limits?: Partial<DocDbLimits>;
}

/** The Cloudant SDK's read timeout. */
export const DEFAULT_DOC_DB_TIMEOUT_MS = 150_000;

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const object = <T extends v.ObjectEntries>(entries: T, message: string) =>
  v.pipe(v.custom<Record<string, unknown>>(isObject, message), v.looseObject(entries));
const fn = (message: string) => v.custom((f) => typeof f === 'function', message);

const HttpUrl = v.pipe(
  v.string('must be a string'),
  v.check((s) => {
    if (!URL.canParse(s)) return false;
    const { protocol, hostname } = new URL(s);
    return (protocol === 'http:' || protocol === 'https:') && hostname !== '';
  }, 'must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:5984'),
);
const MS_RULE = 'must be false or a whole number of ms, 1 to 2147483647';
const Ms = v.union(
  [
    v.literal(false),
    v.pipe(
      v.number(MS_RULE),
      v.safeInteger(MS_RULE),
      v.minValue(1, MS_RULE),
      v.maxValue(2_147_483_647, MS_RULE),
    ),
  ],
  MS_RULE,
);
const Timeout = v.lazy((input) =>
  isObject(input) ? v.looseObject({ response: v.optional(Ms), deadline: v.optional(Ms) }) : Ms,
);
const Bytes = v.custom<number>(
  (n) => n === Number.POSITIVE_INFINITY || (Number.isSafeInteger(n) && (n as number) >= 1),
  'must be a whole number of bytes, 1 or more, or Infinity',
);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_TEXT = /^[\t\x20-\x7e\x80-\xff]*$/;

const ClientOptionsSchema = object(
  {
    url: v.optional(HttpUrl),
    auth: v.optional(
      v.custom(
        (a) => isObject(a) && typeof a.authenticate === 'function',
        'must be an auth provider (basicAuth(), iamAuth(), couchDbSessionAuth() ...)',
      ),
    ),
    retry: v.optional(RetryInputSchema),
    timeout: v.optional(Timeout),
    fetch: v.optional(fn('must be a fetch function')),
    transport: v.optional(
      v.custom(
        (t) => isObject(t) && typeof t.connect === 'function',
        'must be a transport (nodeHttpTransport() ...)',
      ),
    ),
    logger: v.optional(fn('must be a function')),
    tls: v.optional(v.custom(isObject, 'must be an object')),
    plugins: v.optional(
      v.array(v.custom(isObject, 'must be a plugin object'), 'must be an array of plugins'),
    ),
    headers: v.optional(
      v.pipe(
        v.custom<Record<string, unknown>>(isObject, 'must be an object of header names to values'),
        v.check(
          (h) => Object.keys(h).every((name) => HEADER_NAME.test(name)),
          'must have valid header names',
        ),
        v.check(
          (h) => Object.values(h).every((x) => typeof x === 'string' && HEADER_TEXT.test(x)),
          'must have string values without control characters or characters above U+00FF',
        ),
      ),
    ),
    validateResponses: v.optional(v.boolean('must be true or false')),
    limits: v.optional(
      object(
        { maxDocumentBytes: v.optional(Bytes), maxRequestBytes: v.optional(Bytes) },
        'must be an object { maxDocumentBytes?, maxRequestBytes? }',
      ),
    ),
    http: v.optional(
      v.custom(
        (h) => isObject(h) && typeof h.request === 'function' && isObject(h.options),
        'must be a client made by createHttpClient',
      ),
    ),
  },
  'must be an object of options',
);

/**
 * Checks the options when the client is made, so a bad URL or a NaN timeout is named at once
 * rather than failing every call later. Messages never repeat a value (a URL may hold a password).
 * @throws {InputValidationError} subject `createDocDbClient options`, one issue per bad option.
 */
export function checkClientOptions(options: unknown): asserts options is DocDbClientOptions {
  const result = v.safeParse(ClientOptionsSchema, options);
  const issues = result.success ? [] : toProblems(result.issues);
  if (
    result.success &&
    (options as DocDbClientOptions).http === undefined &&
    (options as DocDbClientOptions).url === undefined
  ) {
    issues.push({ path: 'url', message: 'is required (or give a ready-made client as `http`)' });
  }
  if (issues.length > 0) {
    throw new InputValidationError({ subject: 'createDocDbClient options', issues });
  }
}

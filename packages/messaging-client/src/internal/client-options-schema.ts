import * as v from 'valibot';
import {
  finite,
  flag,
  fn,
  hasSpaceOrControl,
  headers,
  isHttpsUrl,
  isRecord,
  ms,
  name,
  strings,
  text,
  whole,
} from './input-rules.js';

/*
 * The options of `new ArgoMessagingService(...)`, checked when the client is made. No message
 * quotes a value: the token, the key and the endpoint's userinfo are secrets.
 */

const BARE_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** `http(s)://host[:port][/path]` or a bare `host[:port]`; no credentials, query or fragment. */
export function isEndpoint(value: string): boolean {
  if (value === '' || hasSpaceOrControl(value) || /[?#@]/.test(value)) return false;
  const hasScheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value);
  if (!hasScheme && !BARE_HOST.test(value)) return false;
  try {
    const url = new URL(hasScheme ? value : `https://${value}`);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const pem = v.union([v.string(), v.instance(Uint8Array)], 'must be PEM text or bytes');
const object = (entries: v.ObjectEntries, message: string) =>
  v.pipe(v.custom<Record<string, unknown>>(isRecord, message), v.looseObject(entries));

const RetryObject = object(
  {
    limit: v.optional(whole(0)),
    baseDelay: v.optional(ms),
    maxDelay: v.optional(ms),
    multiplier: v.optional(finite(1, 1_000)),
    jitter: v.optional(v.picklist(['full', 'none'], 'must be "full" or "none"')),
    statusCodes: v.optional(v.array(whole(100, 599), 'must be an array of HTTP statuses')),
    methods: v.optional(strings),
    retryServerErrors: v.optional(flag),
    retryNetworkErrors: v.optional(flag),
    retryTimeouts: v.optional(flag),
    maxRetryAfter: v.optional(ms),
    budget: v.optional(v.pipe(v.number('must be a number'), v.minValue(0, 'must be 0 or more'))),
    shouldRetry: v.optional(fn),
    now: v.optional(fn),
    sleep: v.optional(fn),
    random: v.optional(fn),
  },
  'must be a whole number (the limit), false, or an object of retry options',
);

const tokenText = v.regex<string, string>(
  /^[\x21-\x7e]*$/,
  'must be printable ASCII without spaces (it is sent in a header)',
);

/** A token given to `assignToken`. */
export const TokenSchema: v.GenericSchema<string> = v.pipe(
  text,
  v.nonEmpty('must not be empty'),
  tokenText,
);

const timeoutValue = v.union([ms, v.literal(false)], 'must be a number of milliseconds or false');

export const ClientOptionsSchema: v.GenericSchema<unknown> = object(
  {
    endpoint: v.pipe(
      text,
      v.check(
        isEndpoint,
        'must be an http:// or https:// URL or a host[:port], without credentials, query or fragment',
      ),
    ),
    project: name,
    token: v.optional(v.pipe(text, tokenText)),
    cert: v.optional(pem),
    key: v.optional(pem),
    authnPort: v.optional(whole(1, 65_535)),
    authnUrl: v.optional(v.pipe(text, v.check(isHttpsUrl, 'must be an https:// URL'))),
    tls: v.optional(
      object(
        {
          ca: v.optional(v.union([pem, v.array(pem)], 'must be PEM text or bytes, or an array')),
          cert: v.optional(pem),
          key: v.optional(pem),
          rejectUnauthorized: v.optional(flag),
        },
        'must be an object of TLS options (ca, cert, key, rejectUnauthorized)',
      ),
    ),
    fetch: v.optional(fn),
    headers: v.optional(headers),
    retry: v.optional(
      v.union(
        [whole(0), v.literal(false), RetryObject],
        'must be a whole number (the limit), false, or an object of retry options',
      ),
    ),
    timeout: v.optional(
      v.union(
        [
          timeoutValue,
          object(
            { response: v.optional(timeoutValue), deadline: v.optional(timeoutValue) },
            'must be an object',
          ),
        ],
        'must be a number of milliseconds, false, or { response, deadline }',
      ),
    ),
    logger: v.optional(fn),
    warn: v.optional(fn),
    maxMessageBytes: v.optional(whole(1)),
  },
  'must be an object',
);

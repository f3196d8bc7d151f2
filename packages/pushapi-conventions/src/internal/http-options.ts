import * as v from 'valibot';
import type { HttpPushAPIOptions } from '../http-push-api-options.js';
import { PushAPIVersion } from '../types.js';
import { checkInput, invalid } from './check-input.js';
import { hasControl, isWellFormed, uriLike } from './text-rules.js';

const wholeNumber = (min: number, max: number, rule: string) =>
  v.pipe(v.number(rule), v.integer(rule), v.minValue(min, rule), v.maxValue(max, rule));
const fn = (rule: string) =>
  v.custom<(...args: never[]) => unknown>((f) => typeof f === 'function', rule);
const PORT_RULE = 'must be a whole number from 1 to 65535 (or such a number as text)';

// A host name, an IPv4 address, or an IPv6 address (bracketed or not): nothing that would move
// the port or add a path to the URL.
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const IPV6 = /^\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\]$|^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$/;
const Host = v.pipe(
  v.string('must be a string'),
  v.nonEmpty('must not be empty'),
  v.check(
    (h) => HOST_NAME.test(h) || IPV6.test(h),
    'must be a host name or an IP address (letters, digits, ".", "-", "_"; no scheme, port or path)',
  ),
);

const ConnectorName = v.pipe(
  uriLike(false),
  v.check((n) => n !== '.' && n !== '..', 'must not be "." or ".." (URL resolution would drop it)'),
);

// Secrets: no rule quotes the value, so a refused password never reaches a message.
const Login = v.nullish(
  v.pipe(
    v.string('must be a string or null'),
    v.nonEmpty('must not be empty'),
    v.check((t) => !t.includes(':'), 'must not contain ":" (Basic authentication splits on it)'),
    v.check(
      (t) => isWellFormed(t) && !hasControl(t),
      'must not contain control characters or lone surrogates',
    ),
  ),
);
const Password = v.nullish(
  v.pipe(
    v.string('must be a string or null'),
    v.check(
      (t) => isWellFormed(t) && !hasControl(t),
      'must not contain control characters or lone surrogates',
    ),
  ),
);

// valibot's number() refuses NaN already.
const Delay = v.pipe(v.number('must be a number of ms'), v.minValue(0, 'must be 0 or more'));
/** A plain object (`{ ... }`): not an array, a typed array, a date or a class instance. */
export const anObject = (rule: string): v.GenericSchema<object> =>
  v.custom<object>((o) => {
    if (typeof o !== 'object' || o === null) return false;
    const proto = Object.getPrototypeOf(o);
    return proto === Object.prototype || proto === null;
  }, rule);

const RetryObject = v.pipe(
  anObject('must be false, a number of retries, or retry options'),
  v.looseObject({
    limit: v.optional(wholeNumber(0, 100, 'must be a whole number from 0 to 100')),
    baseDelay: v.optional(Delay),
    maxDelay: v.optional(Delay),
    maxRetryAfter: v.optional(Delay),
    budget: v.optional(Delay),
    multiplier: v.optional(
      v.pipe(
        v.number('must be a number'),
        v.finite('must be finite'),
        v.minValue(1, 'must be 1 or more'),
      ),
    ),
    jitter: v.optional(v.picklist(['full', 'none'], 'must be "full" or "none"')),
    methods: v.optional(v.array(v.string('must be a string'), 'must be an array of methods')),
    statusCodes: v.optional(
      v.array(wholeNumber(100, 599, 'must be an HTTP status'), 'must be an array of statuses'),
    ),
    retryServerErrors: v.optional(v.boolean('must be true or false')),
    retryNetworkErrors: v.optional(v.boolean('must be true or false')),
    retryTimeouts: v.optional(v.boolean('must be true or false')),
    shouldRetry: v.optional(fn('must be a function')),
    now: v.optional(fn('must be a function')),
    sleep: v.optional(fn('must be a function')),
    random: v.optional(fn('must be a function')),
  }),
);

const Ms = wholeNumber(1, 2_147_483_647, 'must be a whole number of ms from 1 to 2147483647');
const TIMEOUT_RULE = 'must be false, a whole number of ms from 1 to 2147483647, or timeout options';

const BASE_URL_RULE = 'must be an http(s) URL with a host and no path, query or credentials';
const BaseUrl = v.pipe(
  v.string(BASE_URL_RULE),
  v.check((text) => {
    if (!URL.canParse(text)) return false;
    const url = new URL(text);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.hostname !== '' &&
      url.username === '' &&
      url.password === '' &&
      (url.pathname === '/' || url.pathname === '') &&
      !text.includes('?') &&
      !text.includes('#')
    );
  }, BASE_URL_RULE),
);

const OptionsSchema = v.pipe(
  anObject('must be an options object'),
  v.looseObject({
    version: v.literal(PushAPIVersion.PAPI_V4, 'must be PushAPIVersion.PAPI_V4'),
    host: v.optional(Host),
    baseUrl: v.optional(BaseUrl),
    port: v.optional(
      v.union(
        [
          wholeNumber(1, 65535, PORT_RULE),
          v.pipe(v.string(PORT_RULE), v.regex(/^(?:\d{1,5})?$/, PORT_RULE)),
        ],
        PORT_RULE,
      ),
    ),
    basePort: v.optional(
      wholeNumber(1, 65533, 'must be a whole number from 1 to 65533 (the port is basePort + 2)'),
    ),
    connectorName: ConnectorName,
    connectorType: uriLike(false),
    login: Login,
    password: Password,
    scheme: v.optional(v.picklist(['http', 'https'], 'must be "http" or "https"')),
    timeoutMs: v.optional(Ms),
    timeout: v.optional(v.union([v.literal(false), Ms, anObject(TIMEOUT_RULE)], TIMEOUT_RULE)),
    retry: v.optional(
      v.union(
        [
          v.literal(false),
          wholeNumber(0, 100, 'must be a whole number from 0 to 100'),
          RetryObject,
        ],
        'must be false, a number of retries from 0 to 100, or retry options',
      ),
    ),
    fetch: v.optional(fn('must be a fetch function')),
    logger: v.optional(fn('must be a function')),
    // defineService spreads plugins before http-core checks them; the rest is checked there.
    plugins: v.optional(v.array(v.any(), 'must be an array of plugins')),
    http: v.optional(
      v.custom(
        (h) =>
          typeof h === 'object' &&
          h !== null &&
          typeof (h as { request?: unknown }).request === 'function' &&
          typeof (h as { extend?: unknown }).extend === 'function',
        'must be an http-core client (createHttpClient())',
      ),
    ),
  }),
);

export interface ResolvedHttpOptions {
  options: HttpPushAPIOptions;
  baseUrl: string;
  login: string | null;
  password: string | null;
}

/**
 * The constructor's two forms (one options object, or the recommendation's positional
 * arguments), checked before anything else happens.
 * @throws {InvalidParameterError}
 */
export function resolveHttpOptions(args: readonly unknown[]): ResolvedHttpOptions {
  const raw =
    args.length === 1
      ? args[0]
      : {
          version: args[0],
          host: args[1],
          port: args[2],
          connectorName: args[3],
          connectorType: args[4],
          login: args[5] ?? null,
          password: args[6] ?? null,
        };
  const options = checkInput(
    OptionsSchema,
    raw,
    'HttpPushAPI options',
  ) as unknown as HttpPushAPIOptions;
  const login = options.login ?? null;
  const password = options.password ?? null;
  const refuse = (path: string, message: string): never => {
    throw invalid('HttpPushAPI options', [{ path, message }]);
  };
  if ((login === null) !== (password === null))
    refuse('login', 'login and password must both be set or both be null');
  if (options.auth !== undefined && login !== null)
    refuse('auth', 'give auth or login and password, not both');
  if (options.timeout !== undefined && options.timeoutMs !== undefined)
    refuse('timeoutMs', 'give timeout or timeoutMs, not both');
  if (options.baseUrl !== undefined) {
    for (const field of ['host', 'port', 'basePort', 'scheme'] as const)
      if (options[field] !== undefined) refuse('baseUrl', `give baseUrl or ${field}, not both`);
    return { options, baseUrl: new URL(options.baseUrl).origin, login, password };
  }
  if (options.host === undefined)
    return refuse('host', 'must be a host name or an IP address (or give baseUrl)');
  const port =
    options.port === undefined || options.port === ''
      ? (options.basePort ?? 10000) + 2
      : Number(options.port);
  if (port < 1 || port > 65535) refuse('port', PORT_RULE);
  const host =
    options.host.includes(':') && !options.host.startsWith('[')
      ? `[${options.host}]`
      : options.host;
  const baseUrl = `${options.scheme ?? 'http'}://${host}:${port}`;
  if (!URL.canParse(baseUrl)) refuse('host', 'must be a host name or an IP address');
  return { options, baseUrl, login, password };
}

const SDK_ERROR_MARKER: unique symbol = Symbol.for('connectorkit.sdk-error') as never;
const SDK_ERROR_KINDS: unique symbol = Symbol.for('connectorkit.sdk-error.kinds') as never;

/** Records that `error` is of `kind`, so guards work across copies and for subclasses. */
export function markErrorKind(error: SdkError, kind: string): void {
  const kinds = (error as unknown as Record<symbol, string[] | undefined>)[SDK_ERROR_KINDS];
  if (kinds) kinds.push(kind);
  else Object.defineProperty(error, SDK_ERROR_KINDS, { value: [kind], enumerable: false });
}

/** Every `code` an error from a connectorkit package can carry. Client packages add their own. */
export type SdkErrorCode =
  | 'HTTP_ERROR'
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
  | 'AUTHENTICATION_ERROR'
  | 'RESPONSE_VALIDATION_ERROR'
  | 'INPUT_VALIDATION_ERROR'
  | 'CONFIG_ERROR'
  | (string & {});

/** What every {@link SdkError} is built from; subclasses add their own facts. */
export interface SdkErrorOptions {
  /** The error's message; must already be free of secrets. */
  message: string;
  /** Stable machine-readable kind, e.g. `HTTP_ERROR`. */
  code: SdkErrorCode;
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
}

/**
 * Base class of every error a connectorkit package throws. Guards such as {@link isSdkError}
 * check a `Symbol.for` marker, so they hold when two copies of the package are installed.
 */
export class SdkError extends Error {
  override name = 'SdkError';
  readonly code: SdkErrorCode;

  constructor({ message, code, cause }: SdkErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    Object.defineProperty(this, SDK_ERROR_MARKER, { value: true, enumerable: false });
    markErrorKind(this, 'SdkError');
  }
}

/** Facts about the request an error belongs to; every field already redacted. */
export interface RequestFacts {
  method: string;
  /** URL with credentials and token-like query parameters replaced by `[REDACTED]`. */
  url: string;
  /** Retries made before this error (attempts minus one). */
  retryCount: number;
  /** Attempts made, the first one included. */
  attempts: number;
}

export interface HttpErrorOptions extends RequestFacts {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  data: unknown;
  body: string;
  requestId: string | undefined;
  serviceCode: string | undefined;
  serviceMessage: string | undefined;
  isRetryable: boolean;
}

/** The server answered with a status outside 2xx. */
export class HttpError extends SdkError {
  override name = 'HttpError';
  readonly status: number;
  readonly statusText: string;
  readonly method: string;
  readonly url: string;
  /** Response headers, with cookies and credentials redacted. */
  readonly headers: Record<string, string>;
  /** The parsed error body (JSON when it parsed, else the bounded text). */
  readonly data: unknown;
  /** The error body as text, cut at 8 KiB. */
  readonly body: string;
  readonly requestId: string | undefined;
  /** The service's own error code (`conflict`, `TOO_MANY_REQUESTS`, ...), when its envelope has one. */
  readonly serviceCode: string | undefined;
  readonly serviceMessage: string | undefined;
  retryCount: number;
  attempts: number;
  readonly isRetryable: boolean;

  constructor(options: HttpErrorOptions) {
    const detail = options.serviceMessage ?? options.serviceCode;
    super({
      message: `${options.method} ${options.url} failed: ${options.status} ${options.statusText}${detail ? ` (${detail})` : ''}`,
      code: 'HTTP_ERROR',
    });
    markErrorKind(this, 'HttpError');
    this.status = options.status;
    this.statusText = options.statusText;
    this.method = options.method;
    this.url = options.url;
    this.headers = options.headers;
    this.data = options.data;
    this.body = options.body;
    this.requestId = options.requestId;
    this.serviceCode = options.serviceCode;
    this.serviceMessage = options.serviceMessage;
    this.retryCount = options.retryCount;
    this.attempts = options.attempts;
    this.isRetryable = options.isRetryable;
  }
}

/**
 * The request got no complete response: refused, reset, DNS or TLS failure, or a body cut short
 * after the headers.
 */
export class NetworkError extends SdkError {
  override name = 'NetworkError';
  readonly method: string;
  readonly url: string;
  retryCount: number;
  attempts: number;
  /**
   * The server may have acted on the request: it was sent (in part or whole) before the failure,
   * or its answer had begun. `false` only for connections never made (refused, DNS).
   */
  readonly mayHaveBeenApplied: boolean;

  constructor(
    options: RequestFacts & {
      cause: unknown;
      /** @default true */
      mayHaveBeenApplied?: boolean;
      /** Whether repeating the call is safe; when not, the message warns. @default true */
      idempotent?: boolean;
    },
  ) {
    const reason = describeCause(options.cause);
    const mayHaveBeenApplied = options.mayHaveBeenApplied ?? true;
    const warning =
      mayHaveBeenApplied && options.idempotent === false
        ? '; the request may have been applied: check before sending it again'
        : '';
    super({
      message: `${options.method} ${options.url} failed: network error${reason ? ` (${reason})` : ''}${warning}`,
      code: 'NETWORK_ERROR',
      cause: options.cause,
    });
    markErrorKind(this, 'NetworkError');
    this.method = options.method;
    this.url = options.url;
    this.retryCount = options.retryCount;
    this.attempts = options.attempts;
    this.mayHaveBeenApplied = mayHaveBeenApplied;
  }
}

/** An attempt took longer than `timeout`, or the whole call outlived its `deadline`. */
export class TimeoutError extends SdkError {
  override name = 'TimeoutError';
  readonly method: string;
  readonly url: string;
  readonly timeoutMs: number;
  /** `attempt`: one attempt waited too long for the response; `deadline`: the whole call did. */
  readonly kind: 'attempt' | 'deadline';
  retryCount: number;
  attempts: number;

  constructor(options: RequestFacts & { timeoutMs: number; kind: 'attempt' | 'deadline' }) {
    super({
      message: `${options.method} ${options.url} failed: ${options.kind === 'deadline' ? 'deadline' : 'timeout'} of ${options.timeoutMs} ms exceeded`,
      code: 'TIMEOUT',
    });
    markErrorKind(this, 'TimeoutError');
    this.method = options.method;
    this.url = options.url;
    this.timeoutMs = options.timeoutMs;
    this.kind = options.kind;
    this.retryCount = options.retryCount;
    this.attempts = options.attempts;
  }
}

/** Credentials could not be turned into an authenticated request (token or session server refused). */
export class AuthenticationError extends SdkError {
  override name = 'AuthenticationError';
  readonly provider: string;
  readonly status: number | undefined;
  /**
   * Whether asking again may succeed: the token server could not be reached, or answered 429 or
   * a 5xx. Token caches retry such failures with backoff before giving up.
   */
  readonly isRetryable: boolean;
  /** The delay the token server asked for (`Retry-After`), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(options: {
    provider: string;
    message: string;
    status?: number | undefined;
    cause?: unknown;
    /** @default false */
    isRetryable?: boolean;
    retryAfterMs?: number | undefined;
  }) {
    super({
      message: `${options.provider} authentication failed: ${options.message}`,
      code: 'AUTHENTICATION_ERROR',
      cause: options.cause,
    });
    markErrorKind(this, 'AuthenticationError');
    this.provider = options.provider;
    this.status = options.status;
    this.isRetryable = options.isRetryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** One problem found by valibot, flattened to a dotted path and the rule's message. */
export interface ValidationProblem {
  path: string;
  message: string;
}

/** A response body did not match the schema the caller gave. */
export class ResponseValidationError extends SdkError {
  override name = 'ResponseValidationError';
  readonly method: string;
  readonly url: string;
  readonly issues: readonly ValidationProblem[];
  readonly data: unknown;

  constructor(options: {
    method: string;
    url: string;
    issues: readonly ValidationProblem[];
    data: unknown;
  }) {
    super({
      message: `${options.method} ${options.url} returned an unexpected body: ${formatProblems(options.issues)}`,
      code: 'RESPONSE_VALIDATION_ERROR',
    });
    markErrorKind(this, 'ResponseValidationError');
    this.method = options.method;
    this.url = options.url;
    this.issues = options.issues;
    this.data = options.data;
  }
}

/** A caller's argument broke a rule; thrown before any request is sent. */
export class InputValidationError extends SdkError {
  override name = 'InputValidationError';
  /** What was being validated, e.g. `document` or `createDatabase options`. */
  readonly subject: string;
  readonly issues: readonly ValidationProblem[];

  constructor(options: { subject: string; issues: readonly ValidationProblem[] }) {
    super({
      message: `Invalid ${options.subject}: ${formatProblems(options.issues)}`,
      code: 'INPUT_VALIDATION_ERROR',
    });
    markErrorKind(this, 'InputValidationError');
    this.subject = options.subject;
    this.issues = options.issues;
  }
}

/** Settings from options, environment or a credentials file are missing or invalid. */
export class ConfigError extends SdkError {
  override name = 'ConfigError';
  readonly problems: readonly ValidationProblem[];

  constructor(options: { problems: readonly ValidationProblem[]; context?: string }) {
    super({
      message: `Invalid configuration${options.context ? ` for ${options.context}` : ''}: ${formatProblems(options.problems)}`,
      code: 'CONFIG_ERROR',
    });
    markErrorKind(this, 'ConfigError');
    this.problems = options.problems;
  }
}

function formatProblems(problems: readonly ValidationProblem[]): string {
  return problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ');
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return '';
  const inner = (cause as { cause?: unknown }).cause;
  const code =
    (inner as { code?: unknown } | undefined)?.code ?? (cause as { code?: unknown }).code;
  return typeof code === 'string' ? code : cause.message.replace(/\/\/[^/\s@]*@/g, '//[REDACTED]@');
}

function hasMarker(value: unknown): value is SdkError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[SDK_ERROR_MARKER] === true
  );
}

/** Builds a guard that recognizes errors marked with `kind` by any copy of the package. */
export const errorGuard =
  <T extends SdkError>(kind: string) =>
  (value: unknown): value is T =>
    hasMarker(value) &&
    ((value as unknown as Record<symbol, string[] | undefined>)[SDK_ERROR_KINDS]?.includes(kind) ??
      false);
const guard = errorGuard;

/** True for any error thrown by a connectorkit package, whichever copy of it threw. */
export const isSdkError: (value: unknown) => value is SdkError = hasMarker;
/**
 * True for an {@link HttpError} (and its subclasses, such as a client's `NotFoundError`),
 * whichever copy of the package threw it.
 */
export const isHttpError: (value: unknown) => value is HttpError = guard<HttpError>('HttpError');
/**
 * True for a {@link NetworkError} (the server could not be reached or the connection broke),
 * whichever copy of the package threw it.
 */
export const isNetworkError: (value: unknown) => value is NetworkError =
  guard<NetworkError>('NetworkError');
/**
 * True for a {@link TimeoutError} (an attempt or the whole call ran out of time), whichever copy
 * of the package threw it.
 */
export const isTimeoutError: (value: unknown) => value is TimeoutError =
  guard<TimeoutError>('TimeoutError');
/**
 * True for an {@link AuthenticationError} (credentials could not be obtained or were refused),
 * whichever copy of the package threw it.
 */
export const isAuthenticationError: (value: unknown) => value is AuthenticationError =
  guard<AuthenticationError>('AuthenticationError');
/**
 * True for a {@link ResponseValidationError} (an answer that is not JSON or does not fit its
 * schema), whichever copy of the package threw it.
 */
export const isResponseValidationError: (value: unknown) => value is ResponseValidationError =
  guard<ResponseValidationError>('ResponseValidationError');
/**
 * True for an {@link InputValidationError} (an argument refused before any request), whichever
 * copy of the package threw it.
 */
export const isInputValidationError: (value: unknown) => value is InputValidationError =
  guard<InputValidationError>('InputValidationError');
/**
 * True for a {@link ConfigError} (missing or invalid settings), whichever copy of the package
 * threw it.
 */
export const isConfigError: (value: unknown) => value is ConfigError =
  guard<ConfigError>('ConfigError');

import {
  type DefineErrorOptions,
  defineError,
  errorGuard,
  type HttpErrorOptions,
  httpErrorOptionsOf,
  markErrorKind,
  SdkError,
  type ValidationProblem,
} from '@connectorkit/http-core';
import { readErrorXml } from './internal/error-xml-text.js';

/** The `<error>` description a PAPI server sends with a 400. */
export interface PapiErrorDescription {
  type: string;
  shortMessage: string;
  message: string;
}

/**
 * What a {@link PushAPIException} (or a subclass) is made from: a message (which must hold no
 * secret) and the `<error>` fields, or the facts of a failed HTTP exchange (http-core's
 * `HttpErrorOptions`, all of them), which make the exception an http-core `HttpError` too and
 * give it its message.
 */
export interface PushAPIExceptionOptions extends Partial<HttpErrorOptions> {
  /** Required unless the options are an exchange's facts, which give the message. */
  message?: string;
  /** The `<error><type>` the server sent (`InvalidParameterError`, ...); also the `code`. */
  type?: string;
  /** The `<error><short_message>` the server sent. */
  shortMessage?: string;
  /** @deprecated Use `status` (the same HTTP status). */
  httpStatus?: number;
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
}

/** The facts of a failed exchange, all present: the exception is an `HttpError`. */
function isAnswer(o: PushAPIExceptionOptions): o is PushAPIExceptionOptions & HttpErrorOptions {
  return (
    typeof o.status === 'number' &&
    typeof o.statusText === 'string' &&
    typeof o.method === 'string' &&
    typeof o.url === 'string' &&
    typeof o.headers === 'object' &&
    typeof o.body === 'string' &&
    typeof o.retryCount === 'number' &&
    typeof o.attempts === 'number' &&
    typeof o.isRetryable === 'boolean'
  );
}

/** The recommendation's wording for an answer, by what it says. */
function answerMessage(o: HttpErrorOptions): string {
  if (o.serviceCode !== undefined) return `${o.serviceCode}: ${o.serviceMessage ?? ''}`;
  const status = `${o.status}${o.statusText ? ` ${o.statusText}` : ''}`;
  if (o.status === 401) {
    const connector = /\/connectors\/([^/?#]+)\//.exec(o.url)?.[1];
    return `The server refused the credentials for connector "${connector ?? '?'}" (${status})`;
  }
  if (o.status >= 502 && o.status <= 504) return `The Push API server is unavailable (${status})`;
  return `The Push API server answered ${status}`;
}

/**
 * Base of every Push API error, with the server's `<error>` fields when there were some. Made
 * from a failed HTTP exchange (a 4xx or 5xx answer), it is also an http-core `HttpError`:
 * `isHttpError(e)` holds and every `HttpError` field is set with http-core's meaning (`status`,
 * `statusText` the reason phrase, `serviceCode` the `<error><type>`, `serviceMessage`,
 * `requestId`, `retryCount`, `attempts`, `isRetryable`, `method`, `url`, `headers`, `data`,
 * `body`). Otherwise (unreachable, timed out, refused before sending, FakePushAPI's own) those
 * fields are `undefined`.
 */
export class PushAPIException extends SdkError {
  override name = 'PushAPIException';
  readonly type: string | undefined;
  readonly shortMessage: string | undefined;
  /** The HTTP status of the answer, when there was one. */
  readonly status: number | undefined;
  /** The HTTP reason phrase of the answer (`Bad Request`, ...). */
  readonly statusText: string | undefined;
  readonly method: string | undefined;
  /** The request's URL, credentials and token-like parameters redacted. */
  readonly url: string | undefined;
  /** The answer's headers, cookies and credentials redacted. */
  readonly headers: Record<string, string> | undefined;
  /** The answer's body as http-core parsed it (the XML as text). */
  readonly data: unknown;
  /** The answer's body as text, cut at 8 KiB. */
  readonly body: string | undefined;
  readonly requestId: string | undefined;
  /** The `<error><type>` of the answer, as http-core names a service's code. */
  readonly serviceCode: string | undefined;
  /** The `<error><short_message>` of the answer (its `<message>` when that is empty). */
  readonly serviceMessage: string | undefined;
  /** Retries made before this error. */
  retryCount: number | undefined;
  /** Attempts made, the first one included. */
  attempts: number | undefined;
  /** Whether the retry policy would have retried this answer. */
  readonly isRetryable: boolean | undefined;

  constructor(options: PushAPIExceptionOptions) {
    const answer = isAnswer(options) ? options : undefined;
    const type =
      options.type ?? answer?.serviceCode ?? (answer?.status === 401 ? 'Unauthorized' : undefined);
    super({
      message: options.message ?? (answer ? answerMessage(answer) : 'The Push API call failed'),
      code: type ?? 'PUSH_API_ERROR',
      cause: options.cause,
    });
    markErrorKind(this, 'PushAPIException');
    if (answer) markErrorKind(this, 'HttpError');
    this.type = type;
    this.shortMessage =
      options.shortMessage ??
      (answer?.serviceCode === undefined ? undefined : readErrorXml(answer.body)?.shortMessage);
    // The HttpError fields, with http-core's one list of them (undefined when not from an answer).
    Object.assign(this, httpErrorOptionsOf(options as HttpErrorOptions));
    this.status = options.status ?? options.httpStatus;
  }

  /** @deprecated Use `status` (the same HTTP status). */
  get httpStatus(): number | undefined {
    return this.status;
  }
}

/** A class of this package's errors: made with `new`, recognised with `instanceof`. */
export interface PushAPIExceptionClass<T extends PushAPIException, O = PushAPIExceptionOptions> {
  new (options: O): T;
  readonly prototype: T;
}

/** A named subclass, made by http-core's `defineError` (kind-based `instanceof` and guards). */
const subclass = <T extends PushAPIException, O = PushAPIExceptionOptions>(
  Base: abstract new (options: O) => PushAPIException,
  name: string,
  options?: DefineErrorOptions,
): PushAPIExceptionClass<T, O> =>
  defineError(Base, name, options) as unknown as PushAPIExceptionClass<T, O>;

/** The server cannot be reached: refused, timed out, or overloaded (502, 503, 504). */
export interface ServerUnavailableException extends PushAPIException {}
/** The server cannot be reached: refused, timed out, or overloaded (502, 503, 504). */
export const ServerUnavailableException: PushAPIExceptionClass<ServerUnavailableException> =
  subclass(PushAPIException, 'ServerUnavailableException');

/** The connector name (or type, or credentials) is not recognized. */
export interface InvalidConnectorException extends PushAPIException {}
/** The connector name (or type, or credentials) is not recognized. */
export const InvalidConnectorException: PushAPIExceptionClass<InvalidConnectorException> = subclass(
  PushAPIException,
  'InvalidConnectorException',
);

/** The server says `InvalidConnectorNameError`. */
export interface InvalidConnectorNameError extends InvalidConnectorException {}
/** The server says `InvalidConnectorNameError`. */
export const InvalidConnectorNameError: PushAPIExceptionClass<InvalidConnectorNameError> = subclass(
  InvalidConnectorException,
  'InvalidConnectorNameError',
);

/** Anything else that went wrong. */
export interface UnknownErrorException extends PushAPIException {}
/** Anything else that went wrong. */
export const UnknownErrorException: PushAPIExceptionClass<UnknownErrorException> = subclass(
  PushAPIException,
  'UnknownErrorException',
);

/** The server says `UnknownError`. */
export interface UnknownError extends UnknownErrorException {}
/** The server says `UnknownError`. */
export const UnknownError: PushAPIExceptionClass<UnknownError> = subclass(
  UnknownErrorException,
  'UnknownError',
);

/** What an {@link InvalidParameterError} refused before sending is made from. */
export interface InvalidParameterErrorOptions extends PushAPIExceptionOptions {
  /** What was checked, e.g. `deleteDocumentList(uris)`. */
  subject?: string;
  /** Each field that broke a rule, and the rule; given, the error is an InputValidationError too. */
  issues?: readonly ValidationProblem[];
}

/** The facts of a refused parameter, which {@link InvalidParameterError} adds to its base. */
abstract class ParameterProblem extends PushAPIException {
  /** What was checked, e.g. `deleteDocumentList(uris)`; absent when the server reported it. */
  readonly subject: string | undefined;
  /** Each field that broke a rule, and the rule (empty when the server reported it). */
  readonly issues: readonly ValidationProblem[];
  constructor(options: InvalidParameterErrorOptions) {
    super(options);
    this.subject = options.subject;
    this.issues = options.issues ?? [];
    if (options.issues !== undefined) markErrorKind(this, 'InputValidationError');
  }
}

/**
 * A parameter is missing or malformed: checked before sending (then it carries `subject` and
 * `issues`, and http-core's `isInputValidationError` recognises it), or reported by the server.
 */
export interface InvalidParameterError extends ParameterProblem {}
/**
 * A parameter is missing or malformed: checked before sending (then it carries `subject` and
 * `issues`, and http-core's `isInputValidationError` recognises it), or reported by the server.
 */
export const InvalidParameterError: PushAPIExceptionClass<
  InvalidParameterError,
  InvalidParameterErrorOptions
> = subclass(ParameterProblem, 'InvalidParameterError');

/** What an {@link InvalidResponseError} is made from. */
export interface InvalidResponseErrorOptions extends Omit<PushAPIExceptionOptions, 'message'> {
  method: string;
  url: string;
  issues: readonly ValidationProblem[];
  data: unknown;
}

/** The facts of a refused 2xx answer, which {@link InvalidResponseError} adds to its base. */
abstract class ResponseProblem extends UnknownErrorException {
  declare readonly method: string;
  declare readonly url: string;
  /** Each part of the answer that broke a rule, and the rule. */
  readonly issues: readonly ValidationProblem[];
  constructor(options: InvalidResponseErrorOptions) {
    const detail = options.issues
      .map((p) => (p.path ? `${p.path}: ${p.message}` : p.message))
      .join('; ');
    super({
      ...options,
      message: `${options.method} ${options.url} returned an unexpected body: ${detail}`,
    });
    this.issues = options.issues;
  }
}

/**
 * The server answered 2xx with a body this client cannot read as the command's answer (not a
 * number where a serial goes, a line of the wrong form, a cursor that does not move, text that is
 * not UTF-8, a `content-type` other than `text/plain`). http-core's `isResponseValidationError`
 * recognises it (not `isHttpError`: the answer was a success); `data` holds the start of the
 * body, with the credentials removed.
 */
export interface InvalidResponseError extends ResponseProblem {}
/**
 * The server answered 2xx with a body this client cannot read as the command's answer. See the
 * interface of the same name.
 */
export const InvalidResponseError: PushAPIExceptionClass<
  InvalidResponseError,
  InvalidResponseErrorOptions
> = subclass(ResponseProblem, 'InvalidResponseError', { kinds: ['ResponseValidationError'] });

/** `startPushSession()` while a push session is open. */
export interface PushAPISessionExistsException extends PushAPIException {}
/** `startPushSession()` while a push session is open. */
export const PushAPISessionExistsException: PushAPIExceptionClass<PushAPISessionExistsException> =
  subclass(PushAPIException, 'PushAPISessionExistsException');

/** `stopPushSession()` with no push session open. */
export interface PushAPISessionNotFoundException extends PushAPIException {}
/** `stopPushSession()` with no push session open. */
export const PushAPISessionNotFoundException: PushAPIExceptionClass<PushAPISessionNotFoundException> =
  subclass(PushAPIException, 'PushAPISessionNotFoundException');

/** The server's session id changed: it restarted and lost what was only Pushed (a connectorkit addition). */
export interface PushAPISessionMismatchException extends PushAPIException {}
/** The server's session id changed: it restarted and lost what was only Pushed (a connectorkit addition). */
export const PushAPISessionMismatchException: PushAPIExceptionClass<PushAPISessionMismatchException> =
  subclass(PushAPIException, 'PushAPISessionMismatchException');

/**
 * True for any {@link PushAPIException} (every error of this package), whichever copy of the
 * package threw it (`instanceof` fails across two installed versions).
 */
export const isPushAPIException: (v: unknown) => v is PushAPIException =
  errorGuard('PushAPIException');
/** True for a {@link ServerUnavailableException}, whichever copy of the package threw it. */
export const isServerUnavailableException: (v: unknown) => v is ServerUnavailableException =
  errorGuard('ServerUnavailableException');
/**
 * True for an {@link InvalidConnectorException}, its subclass {@link InvalidConnectorNameError}
 * included, whichever copy of the package threw it.
 */
export const isInvalidConnectorException: (v: unknown) => v is InvalidConnectorException =
  errorGuard('InvalidConnectorException');
/**
 * True for an {@link UnknownErrorException}, its subclasses {@link UnknownError} and
 * {@link InvalidResponseError} included, whichever copy of the package threw it.
 */
export const isUnknownErrorException: (v: unknown) => v is UnknownErrorException =
  errorGuard('UnknownErrorException');
/**
 * True for an {@link InvalidParameterError}, refused before sending or reported by the server,
 * whichever copy of the package threw it.
 */
export const isInvalidParameterError: (v: unknown) => v is InvalidParameterError =
  errorGuard('InvalidParameterError');
/**
 * True for an {@link InvalidResponseError} (a 2xx answer of the wrong form), whichever copy of
 * the package threw it.
 */
export const isInvalidResponseError: (v: unknown) => v is InvalidResponseError =
  errorGuard('InvalidResponseError');
/** True for a {@link PushAPISessionMismatchException}, whichever copy of the package threw it. */
export const isPushAPISessionMismatchException: (
  v: unknown,
) => v is PushAPISessionMismatchException = errorGuard('PushAPISessionMismatchException');

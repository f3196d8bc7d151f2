import {
  errorGuard,
  markErrorKind,
  SdkError,
  type ValidationProblem,
} from '@connectorkit/http-core';

/** The `<error>` description a PAPI server sends with a 400. */
export interface PapiErrorDescription {
  type: string;
  shortMessage: string;
  message: string;
}

/** What a {@link PushAPIException} (or a subclass) is made from; `message` must hold no secret. */
export interface PushAPIExceptionOptions {
  message: string;
  /** The `<error><type>` the server sent (`InvalidParameterError`, ...); also the `code`. */
  type?: string;
  /** The `<error><short_message>` the server sent. */
  shortMessage?: string;
  /** The HTTP status of the answer, when there was one. */
  httpStatus?: number;
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
}

/** Base of every Push API error, with the server's `<error>` fields when there were some. */
export class PushAPIException extends SdkError {
  override name = 'PushAPIException';
  readonly type: string | undefined;
  readonly shortMessage: string | undefined;
  readonly httpStatus: number | undefined;

  constructor(options: PushAPIExceptionOptions) {
    super({
      message: options.message,
      code: options.type ?? 'PUSH_API_ERROR',
      cause: options.cause,
    });
    markErrorKind(this, 'PushAPIException');
    this.type = options.type;
    this.shortMessage = options.shortMessage;
    this.httpStatus = options.httpStatus;
  }
}

/** The server cannot be reached: refused, timed out, or overloaded (502, 503, 504). */
export class ServerUnavailableException extends PushAPIException {
  override name = 'ServerUnavailableException';
  constructor(options: PushAPIExceptionOptions) {
    super(options);
    markErrorKind(this, 'ServerUnavailableException');
  }
}

/** The connector name (or type, or credentials) is not recognized. */
export class InvalidConnectorException extends PushAPIException {
  override name = 'InvalidConnectorException';
  constructor(options: PushAPIExceptionOptions) {
    super(options);
    markErrorKind(this, 'InvalidConnectorException');
  }
}

/** The server says `InvalidConnectorNameError`. */
export class InvalidConnectorNameError extends InvalidConnectorException {
  override name = 'InvalidConnectorNameError';
  constructor(options: PushAPIExceptionOptions) {
    super(options);
    markErrorKind(this, 'InvalidConnectorNameError');
  }
}

/** Anything else that went wrong. */
export class UnknownErrorException extends PushAPIException {
  override name = 'UnknownErrorException';
  constructor(options: PushAPIExceptionOptions) {
    super(options);
    markErrorKind(this, 'UnknownErrorException');
  }
}

/** The server says `UnknownError`. */
export class UnknownError extends UnknownErrorException {
  override name = 'UnknownError';
  constructor(options: PushAPIExceptionOptions) {
    super(options);
    markErrorKind(this, 'UnknownError');
  }
}

/**
 * A parameter is missing or malformed: checked before sending (then it carries `subject` and
 * `issues`, and http-core's `isInputValidationError` recognises it), or reported by the server.
 */
export class InvalidParameterError extends PushAPIException {
  override name = 'InvalidParameterError';
  /** What was checked, e.g. `deleteDocumentList(uris)`; absent when the server reported it. */
  readonly subject: string | undefined;
  /** Each field that broke a rule, and the rule (empty when the server reported it). */
  readonly issues: readonly ValidationProblem[];
  constructor(
    options: PushAPIExceptionOptions & { subject?: string; issues?: readonly ValidationProblem[] },
  ) {
    super(options);
    markErrorKind(this, 'InvalidParameterError');
    this.subject = options.subject;
    this.issues = options.issues ?? [];
    if (options.issues !== undefined) markErrorKind(this, 'InputValidationError');
  }
}

/**
 * The server answered 2xx with a body this client cannot read as the command's answer (not a
 * number where a serial goes, a line of the wrong form, a cursor that does not move, text that is
 * not UTF-8, a `content-type` other than `text/plain`). http-core's `isResponseValidationError`
 * recognises it; `data` holds the start of the body, with the credentials removed.
 */
export class InvalidResponseError extends UnknownErrorException {
  override name = 'InvalidResponseError';
  readonly method: string;
  readonly url: string;
  readonly issues: readonly ValidationProblem[];
  readonly data: unknown;
  constructor(
    options: Omit<PushAPIExceptionOptions, 'message'> & {
      method: string;
      url: string;
      issues: readonly ValidationProblem[];
      data: unknown;
    },
  ) {
    const detail = options.issues
      .map((p) => (p.path ? `${p.path}: ${p.message}` : p.message))
      .join('; ');
    super({
      ...options,
      message: `${options.method} ${options.url} returned an unexpected body: ${detail}`,
    });
    markErrorKind(this, 'InvalidResponseError');
    markErrorKind(this, 'ResponseValidationError');
    this.method = options.method;
    this.url = options.url;
    this.issues = options.issues;
    this.data = options.data;
  }
}

/** `startPushSession()` while a push session is open. */
export class PushAPISessionExistsException extends PushAPIException {
  override name = 'PushAPISessionExistsException';
  constructor(options: PushAPIExceptionOptions) {
    super(options);
    markErrorKind(this, 'PushAPISessionExistsException');
  }
}

/** `stopPushSession()` with no push session open. */
export class PushAPISessionNotFoundException extends PushAPIException {
  override name = 'PushAPISessionNotFoundException';
  constructor(options: PushAPIExceptionOptions) {
    super(options);
    markErrorKind(this, 'PushAPISessionNotFoundException');
  }
}

/** The server's session id changed: it restarted and lost what was only Pushed (a connectorkit addition). */
export class PushAPISessionMismatchException extends PushAPIException {
  override name = 'PushAPISessionMismatchException';
  constructor(options: PushAPIExceptionOptions) {
    super(options);
    markErrorKind(this, 'PushAPISessionMismatchException');
  }
}

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

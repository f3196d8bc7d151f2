import { errorGuard, markErrorKind, SdkError } from '@connectorkit/http-core';

/** The `<error>` description a PAPI server sends with a 400. */
export interface PapiErrorDescription {
  type: string;
  shortMessage: string;
  message: string;
}

export interface PushAPIExceptionOptions {
  message: string;
  type?: string;
  shortMessage?: string;
  httpStatus?: number;
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

/** A parameter is missing or malformed (checked before sending, or reported by the server). */
export class InvalidParameterError extends PushAPIException {
  override name = 'InvalidParameterError';
  constructor(options: PushAPIExceptionOptions) {
    super(options);
    markErrorKind(this, 'InvalidParameterError');
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

export const isPushAPIException: (v: unknown) => v is PushAPIException =
  errorGuard('PushAPIException');
export const isServerUnavailableException: (v: unknown) => v is PushAPIException = errorGuard(
  'ServerUnavailableException',
);
export const isInvalidConnectorException: (v: unknown) => v is PushAPIException = errorGuard(
  'InvalidConnectorException',
);
export const isUnknownErrorException: (v: unknown) => v is PushAPIException =
  errorGuard('UnknownErrorException');
export const isInvalidParameterError: (v: unknown) => v is PushAPIException =
  errorGuard('InvalidParameterError');
export const isPushAPISessionMismatchException: (v: unknown) => v is PushAPIException = errorGuard(
  'PushAPISessionMismatchException',
);

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
const unescapeXml = (text: string) =>
  text.replace(
    /&(amp|lt|gt|quot|apos);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] ?? '',
  );

/** Serializes an error description to the recommendation's XML (for languages without exceptions). */
export function toErrorXml(error: PapiErrorDescription): string {
  return `<?xml version="1.0" encoding="UTF-8"?><error><type>${escapeXml(error.type)}</type><short_message>${escapeXml(error.shortMessage)}</short_message><message>${escapeXml(error.message)}</message></error>`;
}

/** Parses the `<error>` XML; `undefined` when the text is not one. */
export function parseErrorXml(xml: string): PapiErrorDescription | undefined {
  const field = (name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
  const type = field('type');
  if (type === undefined || !/<error[\s>]/.test(xml)) return undefined;
  return {
    type: unescapeXml(type.trim()),
    shortMessage: unescapeXml(field('short_message') ?? ''),
    message: unescapeXml(field('message') ?? ''),
  };
}

/** The exception a client raises for a server's error description. */
export function exceptionFor(
  description: PapiErrorDescription,
  httpStatus?: number,
): PushAPIException {
  const options = {
    message: `${description.type}: ${description.shortMessage || description.message}`,
    type: description.type,
    shortMessage: description.shortMessage,
    ...(httpStatus === undefined ? {} : { httpStatus }),
  };
  switch (description.type) {
    case 'InvalidConnectorNameError':
      return new InvalidConnectorNameError(options);
    case 'InvalidParameterError':
      return new InvalidParameterError(options);
    case 'SessionMismatchError':
      return new PushAPISessionMismatchException(options);
    case 'UnknownError':
      return new UnknownError(options);
    default:
      return new UnknownErrorException(options);
  }
}

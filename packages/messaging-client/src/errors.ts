import {
  errorGuard,
  markErrorKind,
  SdkError,
  type ValidationProblem,
} from '@connectorkit/http-core';

/** What `new AmsException(options)` takes. */
export interface AmsExceptionOptions {
  /** The error's message. */
  message: string;
  /** The error's `code`. @default 'AMS_ERROR' */
  code?: string;
  /** The error that caused it (an http-core error for a failed call). */
  cause?: unknown;
}

/** Base of every error of this package (argo-ams-library's `AmsException`). */
export class AmsException extends SdkError {
  override name = 'AmsException';
  constructor(options: AmsExceptionOptions) {
    super({ message: options.message, code: options.code ?? 'AMS_ERROR', cause: options.cause });
    markErrorKind(this, 'AmsException');
  }
}

/** What `new AmsServiceException(options)` takes: the answer's status and envelope. */
export interface AmsServiceExceptionOptions extends AmsExceptionOptions {
  /** HTTP status. */
  status: number;
  /** The envelope's `status` (`NOT_FOUND`, `INTERNAL_SERVER_ERROR`, ...); '' for non-JSON bodies. */
  statusText: string;
  /** The envelope's `code` (argo-ams-library's `.code`). @default `status` (non-JSON bodies) */
  serviceCode?: number;
  /** The envelope's `message`, or the (bounded) body text of a non-JSON answer. */
  errorMessage: string;
  /** The library's route name, e.g. `sub_ack`. */
  route: string;
  /** How many times the call was retried before this answer. */
  retryCount: number;
}

/**
 * The service answered with an error: the HTTP `status`, and from the envelope its `serviceCode`,
 * `statusText` and `errorMessage` (the seed's `.code`, `.status` and message).
 */
export class AmsServiceException extends AmsException {
  override name = 'AmsServiceException';
  readonly status: number;
  readonly serviceCode: number;
  readonly statusText: string;
  readonly errorMessage: string;
  readonly route: string;
  readonly retryCount: number;
  constructor(options: AmsServiceExceptionOptions) {
    super({ ...options, code: options.code ?? 'AMS_SERVICE_ERROR' });
    markErrorKind(this, 'AmsServiceException');
    this.status = options.status;
    this.serviceCode = options.serviceCode ?? options.status;
    this.statusText = options.statusText;
    this.errorMessage = options.errorMessage;
    this.route = options.route;
    this.retryCount = options.retryCount;
  }
}

/** 502/503/504 or an HTML page from the load balancer in front of AMS. */
export class AmsBalancerException extends AmsServiceException {
  override name = 'AmsBalancerException';
  constructor(options: AmsServiceExceptionOptions) {
    super({ ...options, code: 'AMS_BALANCER_ERROR' });
    markErrorKind(this, 'AmsBalancerException');
  }
}

/** 408: a request timeout, or `ack timeout` (the messages will be delivered again). */
export class AmsTimeoutException extends AmsServiceException {
  override name = 'AmsTimeoutException';
  constructor(options: AmsServiceExceptionOptions) {
    super({ ...options, code: 'AMS_TIMEOUT' });
    markErrorKind(this, 'AmsTimeoutException');
  }
}

/** The service could not be reached, the connection broke, or no answer came in time. */
export class AmsConnectionException extends AmsException {
  override name = 'AmsConnectionException';
  readonly route: string;
  constructor(options: AmsExceptionOptions & { route: string }) {
    super({ ...options, code: 'AMS_CONNECTION_ERROR' });
    markErrorKind(this, 'AmsConnectionException');
    this.route = options.route;
  }
}

/**
 * A message that cannot be sent (no data and no attributes, too large, bad attributes). It is an
 * input error too: `isInputValidationError` holds for it, with `subject` and `issues`.
 */
export class AmsMessageException extends AmsException {
  override name = 'AmsMessageException';
  /** What was being checked: `AmsMessage`, `attributes`, `message`, `messages` ... */
  readonly subject: string;
  readonly issues: readonly ValidationProblem[];
  constructor(message: string, subject = 'message', path: string = subject) {
    super({ message, code: 'AMS_MESSAGE_ERROR' });
    markErrorKind(this, 'AmsMessageException');
    markErrorKind(this, 'InputValidationError');
    this.subject = subject;
    this.issues = [{ path, message }];
  }
}

/** True for any {@link AmsException} (every error of this package), whichever copy threw it. */
export const isAmsException: (e: unknown) => e is AmsException = errorGuard('AmsException');
/**
 * True for an {@link AmsServiceException} (an error answer, its balancer and timeout subclasses
 * included), whichever copy of the package threw it.
 * @example
 * if (isAmsServiceException(error) && error.status === 404) return undefined;
 */
export const isAmsServiceException: (e: unknown) => e is AmsServiceException =
  errorGuard('AmsServiceException');
/**
 * True for an {@link AmsBalancerException} (502/503/504 or a balancer's HTML page), whichever copy
 * of the package threw it.
 */
export const isAmsBalancerException: (e: unknown) => e is AmsBalancerException =
  errorGuard('AmsBalancerException');
/** True for an {@link AmsTimeoutException} (408, `ack timeout` included), from any copy. */
export const isAmsTimeoutException: (e: unknown) => e is AmsTimeoutException =
  errorGuard('AmsTimeoutException');
/**
 * True for an {@link AmsConnectionException} (no connection, a broken one, or no answer in time),
 * whichever copy of the package threw it.
 */
export const isAmsConnectionException: (e: unknown) => e is AmsConnectionException =
  errorGuard('AmsConnectionException');
/** True for an {@link AmsMessageException} (a message that cannot be sent), from any copy. */
export const isAmsMessageException: (e: unknown) => e is AmsMessageException =
  errorGuard('AmsMessageException');

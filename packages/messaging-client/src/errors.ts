import {
  defineError,
  errorGuard,
  HttpError,
  type HttpErrorOptions,
  markErrorKind,
  SdkError,
  type SdkErrorCode,
  type ValidationProblem,
} from '@connectorkit/http-core';
import * as v from 'valibot';
import { AmsErrorBody } from './internal/wire-schemas.js';

/** What `new AmsException(options)` takes. */
export interface AmsExceptionOptions {
  /** The error's message. */
  message: string;
  /** The error's `code`. @default 'AMS_ERROR' */
  code?: string;
  /** The error that caused it (an http-core error for a failed call). */
  cause?: unknown;
}

/**
 * Base of every error of this package (argo-ams-library's `AmsException`). `instanceof` goes by
 * kind, so it holds for {@link AmsServiceException} (an http-core `HttpError`) and for errors of
 * any installed copy of the package.
 */
export class AmsException extends SdkError {
  override name = 'AmsException';
  constructor(options: AmsExceptionOptions) {
    super({ message: options.message, code: options.code ?? 'AMS_ERROR', cause: options.cause });
    markErrorKind(this, 'AmsException');
  }
  /** `instanceof` by kind: true for this class's errors from any installed copy of the package. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isAmsException(value);
  }
}

/**
 * What `new AmsServiceException(options)` takes: the facts of the failed exchange (http-core's
 * `HttpErrorOptions`, e.g. `httpErrorOptionsOf(error)`) and the library's route name.
 */
export interface AmsServiceExceptionOptions extends HttpErrorOptions {
  /** The library's route name, e.g. `sub_ack` (`GET /projects/{project}/...` for `request()`). */
  route?: string;
}

/**
 * The service answered with an error. It is an http-core `HttpError` (`isHttpError` holds):
 * `status` and `statusText` (`404`, `Not Found`), `serviceCode` and `serviceMessage` (the
 * envelope's `status` and `message`: `NOT_FOUND`, `Topic doesn't exist`), `requestId`,
 * `retryCount`, `attempts`, `isRetryable`, `method`, `url`, `data`, `body`. From the seed it
 * keeps `errorMessage` and `route`, and the envelope's `code` and `status` as `envelopeCode` and
 * `envelopeStatus`.
 */
export class AmsServiceException extends HttpError {
  override name = 'AmsServiceException';
  /** The envelope's `message`, or the (bounded) body text of an answer without one. */
  readonly errorMessage: string;
  /** The library's route name (`topic_get`, `sub_ack` ...); '' when not known. */
  readonly route: string;
  /** The envelope's numeric `code` (the seed's `.code`), the HTTP status when there is none. */
  readonly envelopeCode: number;
  /** The envelope's `status` (`NOT_FOUND` ...; the seed's `.status`), '' when there is none. */
  readonly envelopeStatus: string;
  constructor(options: AmsServiceExceptionOptions) {
    super(options);
    (this as { code: SdkErrorCode }).code = 'AMS_SERVICE_ERROR';
    markErrorKind(this, 'AmsException');
    markErrorKind(this, 'AmsServiceException');
    const parsed = v.safeParse(AmsErrorBody, options.data);
    const envelope = parsed.success ? parsed.output.error : undefined;
    this.envelopeCode = envelope?.code ?? options.status;
    this.envelopeStatus = envelope?.status ?? '';
    this.errorMessage = envelope?.message ?? options.body.trim().slice(0, 512);
    this.route = options.route ?? '';
    // The seed's message (V8 writes the stack's first line when it is first read, so it agrees).
    if (this.route) {
      this.message = `While trying the [${this.route}]: ${this.errorMessage || this.statusText} (${this.status}${this.envelopeStatus && ` ${this.envelopeStatus}`})`;
    }
  }
  /** `instanceof` by kind: true for this class's errors from any installed copy of the package. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isAmsServiceException(value);
  }
}

/** 502/503/504 or an HTML page from the load balancer in front of AMS. */
export const AmsBalancerException: typeof AmsServiceException = defineError(
  AmsServiceException,
  'AmsBalancerException',
  {
    code: 'AMS_BALANCER_ERROR',
  },
);
/** 502/503/504 or an HTML page from the load balancer in front of AMS. */
export type AmsBalancerException = AmsServiceException;

/** 408: a request timeout, or `ack timeout` (the messages will be delivered again). */
export const AmsTimeoutException: typeof AmsServiceException = defineError(
  AmsServiceException,
  'AmsTimeoutException',
  {
    code: 'AMS_TIMEOUT',
  },
);
/** 408: a request timeout, or `ack timeout` (the messages will be delivered again). */
export type AmsTimeoutException = AmsServiceException;

/** The service could not be reached, the connection broke, or no answer came in time. */
export class AmsConnectionException extends AmsException {
  override name = 'AmsConnectionException';
  readonly route: string;
  constructor(options: AmsExceptionOptions & { route: string }) {
    super({ ...options, code: 'AMS_CONNECTION_ERROR' });
    markErrorKind(this, 'AmsConnectionException');
    this.route = options.route;
  }
  /** `instanceof` by kind: true for this class's errors from any installed copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isAmsConnectionException(value);
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
  /** `instanceof` by kind: true for this class's errors from any installed copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isAmsMessageException(value);
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

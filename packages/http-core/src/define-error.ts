import {
  errorGuard,
  type HttpError,
  type HttpErrorOptions,
  markErrorKind,
  type SdkError,
  type SdkErrorCode,
} from './errors.js';

// biome-ignore lint/suspicious/noExplicitAny: a class of any constructor signature
type ErrorClass = abstract new (...args: any[]) => SdkError;

/** What {@link defineError} adds to the subclass it makes. */
export interface DefineErrorOptions {
  /** The subclass's `code` (its base's when absent), e.g. `AMS_BALANCER_ERROR`. */
  code?: SdkErrorCode;
  /** More kinds its guards recognise, e.g. `InputValidationError` for an input error of a service. */
  kinds?: readonly string[];
}

/**
 * Makes a named subclass of an error class, the one way every connectorkit package writes its
 * error classes: same constructor as `Base`, `name` set, its kind recorded so that
 * `errorGuard(name)` and `instanceof` hold for errors from any installed copy of the package.
 * @example
 * export const NotFoundError = defineError(DocDbError, 'NotFoundError');
 * export const isNotFoundError = errorGuard<InstanceType<typeof NotFoundError>>('NotFoundError');
 */
export function defineError<C extends ErrorClass>(
  Base: C,
  name: string,
  options: DefineErrorOptions = {},
): C {
  const isKind = errorGuard(name);
  // biome-ignore lint/suspicious/noExplicitAny: forwards any constructor arguments
  const Concrete = Base as unknown as new (...args: any[]) => SdkError;
  const Defined = class extends Concrete {
    // biome-ignore lint/suspicious/noExplicitAny: forwards any constructor arguments
    constructor(...args: any[]) {
      super(...args);
      this.name = name;
      if (options.code !== undefined) (this as { code: SdkErrorCode }).code = options.code;
      markErrorKind(this, name);
      for (const kind of options.kinds ?? []) markErrorKind(this, kind);
    }
    static [Symbol.hasInstance](value: unknown): boolean {
      return isKind(value);
    }
  };
  Object.defineProperty(Defined, 'name', { value: name });
  return Defined as unknown as C;
}

/**
 * The facts of an {@link HttpError} (or of options carrying them), to make another class of error
 * from them or to give them to an error class that is not an `HttpError` subclass.
 */
export function httpErrorOptionsOf(error: HttpError | HttpErrorOptions): HttpErrorOptions {
  return {
    status: error.status,
    statusText: error.statusText,
    method: error.method,
    url: error.url,
    headers: error.headers,
    data: error.data,
    body: error.body,
    requestId: error.requestId,
    serviceCode: error.serviceCode,
    serviceMessage: error.serviceMessage,
    retryCount: error.retryCount,
    attempts: error.attempts,
    isRetryable: error.isRetryable,
  };
}

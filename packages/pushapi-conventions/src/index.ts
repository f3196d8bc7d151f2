export { parseErrorXml, toErrorXml } from './error-xml.js';
export {
  InvalidConnectorException,
  InvalidConnectorNameError,
  InvalidParameterError,
  type InvalidParameterErrorOptions,
  InvalidResponseError,
  type InvalidResponseErrorOptions,
  isInvalidConnectorException,
  isInvalidParameterError,
  isInvalidResponseError,
  isPushAPIException,
  isPushAPISessionMismatchException,
  isServerUnavailableException,
  isUnknownErrorException,
  type PapiErrorDescription,
  PushAPIException,
  type PushAPIExceptionClass,
  type PushAPIExceptionOptions,
  PushAPISessionExistsException,
  PushAPISessionMismatchException,
  PushAPISessionNotFoundException,
  ServerUnavailableException,
  UnknownError,
  UnknownErrorException,
} from './errors.js';
export { exceptionFor } from './exception-for.js';
export { FakePushAPI, type FakePushAPIOptions } from './fake-push-api.js';
export { HttpPushAPI } from './http-push-api.js';
export type {
  HttpPushAPIEnvironmentOptions,
  HttpPushAPIOptions,
} from './http-push-api-options.js';
export { PushAPIFactory } from './push-api-factory.js';
export {
  type CheckpointInfo,
  type Document,
  type DocumentOperationStatus,
  type DocumentStatus,
  ENUMERATION_MODES,
  type EnumerationMode,
  type MultiValue,
  type Part,
  type PushAPI,
  type PushAPICallOptions,
  type PushAPIIterator,
  PushAPIVersion,
  type SyncedEntry,
} from './types.js';
export { VERSION } from './version.js';

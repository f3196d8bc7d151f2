export {
  exceptionFor,
  InvalidConnectorException,
  InvalidConnectorNameError,
  InvalidParameterError,
  isInvalidConnectorException,
  isInvalidParameterError,
  isPushAPIException,
  isPushAPISessionMismatchException,
  isServerUnavailableException,
  isUnknownErrorException,
  type PapiErrorDescription,
  PushAPIException,
  type PushAPIExceptionOptions,
  PushAPISessionExistsException,
  PushAPISessionMismatchException,
  PushAPISessionNotFoundException,
  parseErrorXml,
  ServerUnavailableException,
  toErrorXml,
  UnknownError,
  UnknownErrorException,
} from './errors.js';
export { FakePushAPI, type FakePushAPIOptions } from './fake-push-api.js';
export { HttpPushAPI, type HttpPushAPIOptions } from './http-push-api.js';
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
  type PushAPIIterator,
  PushAPIVersion,
  type SyncedEntry,
} from './types.js';
export { VERSION } from './version.js';

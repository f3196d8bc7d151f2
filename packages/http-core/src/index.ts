export type { AuthContext, AuthProvider, AuthTarget } from './auth/auth-provider.js';
export {
  type CouchDbSessionAuthOptions,
  couchDbSessionAuth,
} from './auth/couchdb-session-auth.js';
export { DEFAULT_IAM_URL, type IamAuthOptions, iamAuth, iamTokenUrl } from './auth/iam-auth.js';
export {
  type ApiKeyAuthOptions,
  apiKeyAuth,
  basicAuth,
  bearerTokenAuth,
  noAuth,
} from './auth/static-auth.js';
export {
  type CachedToken,
  createTokenCache,
  readJwtTimes,
  type TokenCache,
  type TokenCacheOptions,
} from './auth/token-cache.js';
export {
  type ContainerAuthOptions,
  containerAuth,
  DEFAULT_CR_TOKEN_FILES,
  type TrustedProfile,
  type VpcAuthOptions,
  vpcAuth,
} from './auth/trusted-profile-auth.js';
export { type X509TokenAuthOptions, x509TokenAuth } from './auth/x509-token-auth.js';
export {
  type BackoffOptions,
  type Clock,
  computeBackoff,
  parseRetryAfter,
  type RandomSource,
  type Sleeper,
  sleep,
} from './backoff.js';
export { parseDotenv, readCredentialsFile } from './config/credentials-file.js';
export {
  AUTH_TYPES,
  type LoadServiceConfigOptions,
  loadServiceConfig,
  type ServiceConfig,
} from './config/load-service-config.js';
export type { ServiceSettings } from './config/service-settings.js';
export { createHttpClient, type HttpClient } from './create-http-client.js';
export { type DefineErrorOptions, defineError, httpErrorOptionsOf } from './define-error.js';
export {
  AuthenticationError,
  ConfigError,
  errorGuard,
  HttpError,
  type HttpErrorOptions,
  InputValidationError,
  isAuthenticationError,
  isConfigError,
  isHttpError,
  isInputValidationError,
  isNetworkError,
  isResponseValidationError,
  isSdkError,
  isTimeoutError,
  markErrorKind,
  NetworkError,
  type RequestFacts,
  ResponseValidationError,
  SdkError,
  type SdkErrorCode,
  type SdkErrorOptions,
  TimeoutError,
  type ValidationProblem,
} from './errors.js';
export {
  DEFAULT_RESPONSE_TIMEOUT_MS,
  type HttpClientOptions,
  type HttpTransport,
  type ServiceErrorInfo,
  type TimeoutOptions,
  type TlsOptions,
} from './http-client-options.js';
export type { HttpResponse } from './http-response.js';
export { MAX_JSON_DEPTH, nestsDeeperThan } from './internal/json-text.js';
export type { SearchParamsInit } from './internal/url.js';
export type { HttpLogEvent, HttpLogger } from './logger.js';
export { nodeHttpTransport } from './node-http-transport.js';
export {
  retryRule as RetryInputSchema,
  timeoutRule as TimeoutInputSchema,
} from './options-schema.js';
export { assertNoDotSegments, buildPath, PathSegmentSchema, pathSegment } from './path.js';
export {
  type AfterResponseState,
  type BeforeErrorState,
  type BeforeRequestState,
  type BeforeRetryState,
  type HttpHooks,
  type HttpPlugin,
  requestIdPlugin,
} from './plugins.js';
export {
  isSecretHeader,
  isSecretParam,
  REDACTED,
  redactHeaders,
  redactSecrets,
  redactUrl,
} from './redact.js';
export type { JsonRequestOptions, RequestBody, RequestOptions } from './request-options.js';
export {
  DEFAULT_RETRY_METHODS,
  DEFAULT_RETRY_STATUS_CODES,
  isRetryableStatus,
  layRetryOptions,
  type ResolvedRetryOptions,
  type RetryOptions,
  type RetryState,
  resolveRetryOptions,
} from './retry-policy.js';
export { defineService } from './service/define-service.js';
export type {
  HttpErrorClass,
  Service,
  ServiceClientOptions,
  ServiceErrorEnvelope,
  ServiceErrorTable,
  ServiceProfile,
} from './service/service-profile.js';
export {
  type AnySchema,
  type Schema,
  type SchemaIssue,
  toProblems,
  validateInput,
} from './validate.js';
export { VERSION } from './version.js';

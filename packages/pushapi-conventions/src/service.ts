import {
  defineService,
  type HttpErrorClass,
  type RetryOptions,
  type Service,
} from '@connectorkit/http-core';
import * as v from 'valibot';
import { DescriptionSchema, parseErrorXml } from './error-xml.js';
import {
  InvalidConnectorException,
  InvalidConnectorNameError,
  InvalidParameterError,
  type PushAPIException,
  type PushAPIExceptionClass,
  PushAPISessionMismatchException,
  ServerUnavailableException,
  UnknownError,
  UnknownErrorException,
} from './errors.js';
import { VERSION } from './version.js';

/*
 * The Exalead CloudView Push API as http-core's service seam sees it: the one place that says how
 * an answer becomes an error, how calls are retried and sent, and which variables configure it.
 */

/**
 * The `<error>` envelope of a 4xx/5xx answer. http-core hands over the body as text (it is XML);
 * error-xml.ts parses it and the description's schema checks the result.
 */
const ErrorEnvelope = v.pipe(
  v.string(),
  v.transform((text) => parseErrorXml(text)),
  DescriptionSchema,
);

/** The class each `<error><type>` becomes (`SessionMismatchError` is connectorkit's type). */
export const PAPI_ERROR_TYPES: Readonly<Record<string, PushAPIExceptionClass<PushAPIException>>> = {
  InvalidConnectorNameError,
  InvalidParameterError,
  SessionMismatchError: PushAPISessionMismatchException,
  UnknownError,
};

/** PAPI classes are made from an exchange's facts as http-core's table wants; see PushAPIException. */
const asHttp = (Class: PushAPIExceptionClass<PushAPIException>) =>
  Class as unknown as HttpErrorClass;

/**
 * The retry policy (as before the seam): 2 retries of reads (GET) on 408, 429, 502, 503, 504,
 * network errors, bodies cut short and timeouts; writes (POST) only when http-core knows the
 * request never left (a refused connection) or the server said 429. A caller's `retry` is laid
 * over it field by field.
 */
const PAPI_RETRY: RetryOptions = {
  limit: 2,
  methods: ['GET'],
  statusCodes: [408, 429, 502, 503, 504],
  retryServerErrors: false,
  retryNetworkErrors: true,
  retryTimeouts: true,
};

/**
 * The Push API service profile: the `<error>` XML envelope (`serviceCode` is its `type`,
 * `serviceMessage` its `short_message`, else its `message`); 401 is InvalidConnectorException,
 * 502-504 ServerUnavailableException, an `<error>` type its own class, anything else
 * UnknownErrorException; 60 s per attempt; sent with fetch (HttpPushAPI reads each answer whole
 * inside the attempt through a fetch wrapper, so a body cut short is retried and bounded by the
 * timeout; PAPI answers are small text); the `PAPI_*` environment variables of
 * `HttpPushAPI.fromEnvironment`.
 */
export const papiService: Service = defineService({
  name: 'pushapi-conventions',
  version: VERSION,
  errorEnvelope: {
    schema: ErrorEnvelope,
    code: (d) => d.type,
    message: (d) => d.shortMessage || d.message || undefined,
  },
  errors: {
    byCode: Object.fromEntries(
      Object.entries(PAPI_ERROR_TYPES).map(([type, Class]) => [type, asHttp(Class)]),
    ),
    byStatus: {
      401: asHttp(InvalidConnectorException),
      502: asHttp(ServerUnavailableException),
      503: asHttp(ServerUnavailableException),
      504: asHttp(ServerUnavailableException),
    },
    fallback: asHttp(UnknownErrorException),
  },
  retry: PAPI_RETRY,
  timeout: 60_000,
  transport: 'fetch',
  env: {
    PAPI_URL: 'baseUrl',
    PAPI_CONNECTOR_NAME: 'connectorName',
    PAPI_CONNECTOR_TYPE: 'connectorType',
    PAPI_LOGIN: 'login',
    PAPI_PASSWORD: 'password',
  },
  // Basic credentials: http-core redacts authorization already; named so the profile says it.
  secretHeaders: ['authorization'],
});

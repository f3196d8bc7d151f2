import * as v from 'valibot';
import { isInvalidParameterError } from '../errors.js';
import type {
  HttpPushAPIEnvironmentOptions,
  HttpPushAPIOptions,
} from '../http-push-api-options.js';
import { papiService } from '../service.js';
import { PushAPIVersion } from '../types.js';
import { checkInput, invalid } from './check-input.js';
import { anObject } from './http-options.js';

const SUBJECT = 'HttpPushAPI.fromEnvironment';
/** Where the server is named: the variable, or any of these options. */
const LOCATION = ['baseUrl', 'host', 'port', 'basePort', 'scheme'] as const;

const OverridesSchema = v.pipe(
  anObject('must be an options object'),
  v.looseObject({
    env: v.optional(
      v.pipe(
        anObject('must be an object of variables'),
        v.record(
          v.string(),
          v.optional(v.string('must be a string')),
          'must be an object of variables',
        ),
      ),
    ),
  }),
);

/**
 * The options named by the `PAPI_*` variables (service.ts) under `overrides`, given to `make`.
 * Missing variables, and refused values that came from a variable, are reported by the
 * variable's name.
 */
export function optionsFromEnvironment<T>(
  overrides: HttpPushAPIEnvironmentOptions,
  make: (options: HttpPushAPIOptions) => T,
): T {
  const { env, ...given } = checkInput(
    OverridesSchema,
    overrides,
    SUBJECT,
    'overrides',
  ) as HttpPushAPIEnvironmentOptions;
  const found: Record<string, string> = papiService.fromEnvironment(env);
  // A location given in the overrides replaces the variable's.
  if (LOCATION.some((field) => given[field] !== undefined)) delete found.baseUrl;
  // A refused option not given in the overrides is reported by its variable's name.
  const variableOf = new Map(
    Object.entries(papiService.profile.env ?? {})
      .filter(([, option]) => (given as Record<string, unknown>)[option] === undefined)
      .map(([variable, option]) => [option, variable]),
  );
  const options = { version: PushAPIVersion.PAPI_V4, ...found, ...given } as HttpPushAPIOptions;
  const missing = [
    ...(LOCATION.some((field) => options[field] !== undefined)
      ? []
      : [{ path: 'PAPI_URL', message: 'must be set (or give baseUrl or host)' }]),
    ...(options.connectorName === undefined
      ? [{ path: 'PAPI_CONNECTOR_NAME', message: 'must be set (or give connectorName)' }]
      : []),
    ...(options.connectorType === undefined
      ? [{ path: 'PAPI_CONNECTOR_TYPE', message: 'must be set (or give connectorType)' }]
      : []),
  ];
  if (missing.length > 0) throw invalid(SUBJECT, missing);
  try {
    return make(options);
  } catch (error) {
    if (!isInvalidParameterError(error) || error.subject === undefined) throw error;
    throw invalid(
      SUBJECT,
      error.issues.map((issue) => {
        const option = issue.path.split('.')[0] ?? '';
        const variable = variableOf.get(option);
        return variable ? { ...issue, path: variable } : issue;
      }),
    );
  }
}

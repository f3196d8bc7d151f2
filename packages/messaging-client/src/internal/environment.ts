import { ConfigError } from '@connectorkit/http-core';
import type { ArgoMessagingServiceOptions } from '../argo-messaging-service-options.js';
import { AMS_ENV, amsService } from '../service.js';
import { check, options as optionsSchema } from './input-rules.js';

/** What `ArgoMessagingService.fromEnvironment` takes: options laid over the environment's. */
export interface FromEnvironmentOptions extends Partial<ArgoMessagingServiceOptions> {
  /** Where the variables are read. @default `process.env` */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The client's options from `AMS_ENDPOINT`, `AMS_PROJECT` and `AMS_TOKEN`, `overrides` laid over
 * them (a token is not needed when `cert`, `auth` or `http` is given).
 * @throws {ConfigError} naming every variable that is missing
 */
export function optionsFromEnvironment(
  overrides: FromEnvironmentOptions = {},
): ArgoMessagingServiceOptions {
  check(optionsSchema({}), overrides, 'ArgoMessagingService.fromEnvironment options');
  const { env, ...rest } = overrides;
  const merged: Record<string, unknown> = { ...amsService.fromEnvironment(env), ...rest };
  const credentials = merged.cert || merged.auth || merged.http;
  const problems = Object.entries(AMS_ENV)
    .filter(([, option]) => merged[option] === undefined && !(option === 'token' && credentials))
    .map(([variable, option]) => ({
      path: variable,
      message: `is not set (nor the ${option} option)`,
    }));
  if (problems.length > 0) {
    throw new ConfigError({ context: 'ArgoMessagingService.fromEnvironment', problems });
  }
  return merged as unknown as ArgoMessagingServiceOptions;
}

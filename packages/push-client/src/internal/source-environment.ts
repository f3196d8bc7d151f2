import { ConfigError, type ValidationProblem } from '@connectorkit/http-core';
import * as v from 'valibot';
import type { PlatformOptions } from '../platform-options.js';
import { COVEO_ENV, coveoService } from '../service.js';
import { BaseUrlSchema } from './platform-options-schema.js';
import { IdSchema } from './text-rules.js';

/** An API key or token goes in a header: printable ASCII, no space. Never quoted in errors. */
export const ApiKeySchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.nonEmpty('must not be empty'),
  v.check((k) => /^[\x21-\x7e]+$/.test(k), 'must be printable ASCII without spaces'),
);

const RULES: Readonly<Record<string, v.GenericSchema<string>>> = {
  apiKey: ApiKeySchema,
  organizationId: IdSchema as v.GenericSchema<string>,
  region: v.picklist(['us', 'eu', 'au', 'ca'], "must be 'us', 'eu', 'au' or 'ca'"),
  environment: v.picklist(
    ['prod', 'dev', 'stg', 'hipaa'],
    "must be 'prod', 'dev', 'stg' or 'hipaa'",
  ),
  baseUrl: BaseUrlSchema,
};
const REQUIRED = ['COVEO_API_KEY', 'COVEO_ORGANIZATION_ID'];

/** What `fromEnvironment` reads: the key, the organization and the platform options. */
export interface SourceEnvironment {
  apiKey: string;
  organizationId: string;
  options: Pick<PlatformOptions, 'region' | 'environment' | 'baseUrl'>;
}

/**
 * Reads a source's settings from the environment (`COVEO_API_KEY`, `COVEO_ORGANIZATION_ID`,
 * `COVEO_REGION`, `COVEO_ENVIRONMENT`, `COVEO_BASE_URL`; unset and empty ones left out).
 * @throws {ConfigError} naming every variable missing or malformed (never quoting a value).
 */
export function readSourceEnvironment(
  env?: Readonly<Record<string, string | undefined>>,
): SourceEnvironment {
  const read = coveoService.fromEnvironment(env);
  const problems: ValidationProblem[] = [];
  for (const variable of REQUIRED) {
    if (read[COVEO_ENV[variable] as string] === undefined)
      problems.push({ path: variable, message: 'is not set' });
  }
  for (const [variable, option] of Object.entries(COVEO_ENV)) {
    const value = read[option];
    const rule = RULES[option];
    if (value === undefined || rule === undefined) continue;
    const result = v.safeParse(rule, value);
    if (!result.success) problems.push({ path: variable, message: result.issues[0].message });
  }
  if (problems.length > 0) throw new ConfigError({ problems, context: 'the Coveo environment' });
  const { apiKey, organizationId, ...options } = read;
  return {
    apiKey: apiKey as string,
    organizationId: organizationId as string,
    options: options as SourceEnvironment['options'],
  };
}

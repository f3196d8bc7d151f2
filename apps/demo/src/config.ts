import * as v from 'valibot';

/** Where each service of the pipeline lives: `embedded` (started in-process) or real settings. */
export interface DemoConfig {
  /** `undefined`: the embedded express-pouchdb server; otherwise read through CLOUDANT_* variables. */
  database: 'embedded' | 'environment';
  coveo: 'embedded' | { organizationId: string; apiKey: string; sourceId: string; region: string };
  ams: 'embedded' | { endpoint: string; token: string; project: string };
  papi:
    | 'embedded'
    | {
        host: string;
        port: number | undefined;
        connector: string;
        login: string | null;
        password: string | null;
      };
}

/** Every variable the demo reads, with what it means (printed by --help). */
export const ENVIRONMENT_VARIABLES: readonly (readonly [string, string])[] = [
  [
    'CLOUDANT_URL',
    'CouchDB or Cloudant URL (with CLOUDANT_AUTH_TYPE, _APIKEY, _USERNAME, _PASSWORD ...)',
  ],
  ['COVEO_ORG_ID', 'Coveo organization id'],
  ['COVEO_API_KEY', 'Coveo API key with push (and search) privileges'],
  ['COVEO_SOURCE_ID', 'Coveo push source id'],
  ['COVEO_REGION', 'Coveo region: us (default), eu, au or ca'],
  ['AMS_ENDPOINT', 'ARGO Messaging Service host, e.g. msg.argo.grnet.gr'],
  ['AMS_TOKEN', 'ARGO Messaging token (x-api-key)'],
  ['AMS_PROJECT', 'ARGO Messaging project'],
  ['PAPI_HOST', 'Exalead CloudView host'],
  ['PAPI_PORT', 'Exalead CloudView Push API port (default: base port + 2)'],
  ['PAPI_CONNECTOR', 'Exalead connector name'],
  ['PAPI_LOGIN', 'Exalead login (with PAPI_PASSWORD, or neither)'],
  ['PAPI_PASSWORD', 'Exalead password'],
];

/** Thrown for settings the demo cannot run with; the CLI prints its message alone. */
export class DemoConfigError extends Error {
  override name = 'DemoConfigError';
}

const REQUIRED: Record<'COVEO_' | 'AMS_' | 'PAPI_', readonly string[]> = {
  COVEO_: ['COVEO_ORG_ID', 'COVEO_API_KEY', 'COVEO_SOURCE_ID'],
  AMS_: ['AMS_ENDPOINT', 'AMS_TOKEN', 'AMS_PROJECT'],
  PAPI_: ['PAPI_HOST', 'PAPI_CONNECTOR'],
};

const FormatSchema = v.object({
  CLOUDANT_URL: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol),
        'CLOUDANT_URL must be an http or https URL, such as https://account.cloudant.com or http://127.0.0.1:5984',
      ),
    ),
  ),
  COVEO_REGION: v.optional(
    v.picklist(['us', 'eu', 'au', 'ca'], 'COVEO_REGION must be us, eu, au or ca'),
  ),
  PAPI_PORT: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,5}$/, 'PAPI_PORT must be a port number'),
      v.transform(Number),
      v.maxValue(65535, 'PAPI_PORT must be at most 65535'),
    ),
  ),
});

function group(env: NodeJS.ProcessEnv, prefix: string): Record<string, string> | undefined {
  const entries = Object.entries(env).filter(
    (e): e is [string, string] => e[0].startsWith(prefix) && e[1] !== undefined,
  );
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * Reads which services are real from the environment. A service with none of its variables set
 * runs embedded; one with some set must have all it needs. Every problem is reported at once.
 */
export function readDemoConfig(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const problems: string[] = [];
  const groups = {
    COVEO_: group(env, 'COVEO_'),
    AMS_: group(env, 'AMS_'),
    PAPI_: group(env, 'PAPI_'),
  };
  for (const [prefix, values] of Object.entries(groups) as [
    keyof typeof REQUIRED,
    Record<string, string> | undefined,
  ][]) {
    if (!values) continue;
    for (const key of REQUIRED[prefix]) {
      if (!values[key]) problems.push(`${key} must be set (some ${prefix}* variables are)`);
    }
  }
  const formats = v.safeParse(FormatSchema, {
    CLOUDANT_URL: env.CLOUDANT_URL || undefined,
    COVEO_REGION: env.COVEO_REGION,
    PAPI_PORT: env.PAPI_PORT,
  });
  if (!formats.success) for (const issue of formats.issues) problems.push(issue.message);
  if (groups.PAPI_ && (env.PAPI_LOGIN === undefined) !== (env.PAPI_PASSWORD === undefined)) {
    problems.push('PAPI_LOGIN and PAPI_PASSWORD must be set together or not at all');
  }
  if (problems.length > 0) {
    throw new DemoConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  const e = (key: string) => env[key] as string;
  const port = formats.success ? formats.output.PAPI_PORT : undefined;
  return {
    database: env.CLOUDANT_URL ? 'environment' : 'embedded',
    coveo: groups.COVEO_
      ? {
          organizationId: e('COVEO_ORG_ID'),
          apiKey: e('COVEO_API_KEY'),
          sourceId: e('COVEO_SOURCE_ID'),
          region: env.COVEO_REGION ?? 'us',
        }
      : 'embedded',
    ams: groups.AMS_
      ? { endpoint: e('AMS_ENDPOINT'), token: e('AMS_TOKEN'), project: e('AMS_PROJECT') }
      : 'embedded',
    papi: groups.PAPI_
      ? {
          host: e('PAPI_HOST'),
          port,
          connector: e('PAPI_CONNECTOR'),
          login: env.PAPI_LOGIN ?? null,
          password: env.PAPI_PASSWORD ?? null,
        }
      : 'embedded',
  };
}

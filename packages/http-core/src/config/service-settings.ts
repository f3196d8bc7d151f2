/** The settings a service reads from options, the environment or a credentials file. */
export interface ServiceSettings {
  url?: string;
  /** IAM, CONTAINER, VPC, COUCHDB_SESSION, BEARERTOKEN, BASIC or NOAUTH (any case). */
  authType?: string;
  apikey?: string;
  username?: string;
  password?: string;
  bearerToken?: string;
  authUrl?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  iamProfileId?: string;
  iamProfileName?: string;
  iamProfileCrn?: string;
  iamAccountId?: string;
  crTokenFilename?: string;
  /** `"true"` turns certificate checks off for the service. */
  disableSsl?: string;
  /** `"true"` turns certificate checks off for the token server. */
  authDisableSsl?: string;
  enableRetries?: string;
  maxRetries?: string;
  /** Seconds; the longest wait between retries. */
  retryInterval?: string;
}

/** Setting name → the suffix of its variable (`<SERVICE>_<SUFFIX>`). */
export const SETTING_VARIABLES: Readonly<Record<keyof ServiceSettings, readonly string[]>> = {
  url: ['URL'],
  authType: ['AUTH_TYPE', 'AUTHTYPE'],
  apikey: ['APIKEY'],
  username: ['USERNAME'],
  password: ['PASSWORD'],
  bearerToken: ['BEARER_TOKEN'],
  authUrl: ['AUTH_URL'],
  clientId: ['CLIENT_ID'],
  clientSecret: ['CLIENT_SECRET'],
  scope: ['SCOPE'],
  iamProfileId: ['IAM_PROFILE_ID'],
  iamProfileName: ['IAM_PROFILE_NAME'],
  iamProfileCrn: ['IAM_PROFILE_CRN'],
  iamAccountId: ['IAM_ACCOUNT_ID'],
  crTokenFilename: ['CR_TOKEN_FILENAME'],
  disableSsl: ['DISABLE_SSL'],
  authDisableSsl: ['AUTH_DISABLE_SSL'],
  enableRetries: ['ENABLE_RETRIES'],
  maxRetries: ['MAX_RETRIES'],
  retryInterval: ['RETRY_INTERVAL'],
};

/** Settings whose values are secrets: never shown in a message. */
export const SECRET_SETTINGS: ReadonlySet<keyof ServiceSettings> = new Set([
  'apikey',
  'password',
  'bearerToken',
  'clientSecret',
]);

/** `cloudant` → `CLOUDANT`, `my-service` → `MY_SERVICE`. */
export function servicePrefix(serviceName: string): string {
  return serviceName.toUpperCase().replace(/-/g, '_');
}

/** Picks a service's settings out of a variables map (environment or credentials file). */
export function settingsFromVariables(
  serviceName: string,
  variables: Record<string, string | undefined>,
): ServiceSettings {
  const prefix = servicePrefix(serviceName);
  const out: ServiceSettings = {};
  for (const [setting, suffixes] of Object.entries(SETTING_VARIABLES) as [
    keyof ServiceSettings,
    readonly string[],
  ][]) {
    for (const suffix of suffixes) {
      const value = variables[`${prefix}_${suffix}`];
      if (value !== undefined && value !== '') {
        out[setting] = value;
        break;
      }
    }
  }
  return out;
}

/** The variable name shown in messages for a setting. */
export function variableName(serviceName: string, setting: keyof ServiceSettings): string {
  return `${servicePrefix(serviceName)}_${SETTING_VARIABLES[setting][0]}`;
}

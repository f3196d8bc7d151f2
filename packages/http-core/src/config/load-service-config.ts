import type { AuthProvider } from '../auth/auth-provider.js';
import { couchDbSessionAuth } from '../auth/couchdb-session-auth.js';
import { iamAuth } from '../auth/iam-auth.js';
import { basicAuth, bearerTokenAuth, noAuth } from '../auth/static-auth.js';
import { containerAuth, vpcAuth } from '../auth/trusted-profile-auth.js';
import { ConfigError, type ValidationProblem } from '../errors.js';
import type { TlsOptions } from '../http-client-options.js';
import type { RetryOptions } from '../retry-policy.js';
import { readCredentialsFile } from './credentials-file.js';
import { type ServiceSettings, settingsFromVariables, variableName } from './service-settings.js';

/** The auth types the configuration accepts (upper case; the input may be any case). */
export const AUTH_TYPES: readonly string[] = [
  'IAM',
  'CONTAINER',
  'VPC',
  'COUCHDB_SESSION',
  'BEARERTOKEN',
  'BASIC',
  'NOAUTH',
];

/** Options of {@link loadServiceConfig}: where settings come from besides the defaults. */
export interface LoadServiceConfigOptions {
  /** Settings given in code; they win over the environment and the file. */
  explicit?: ServiceSettings;
  /** Environment variables to read (`{}` in a browser when not given). @default process.env */
  env?: Record<string, string | undefined>;
  /** Credentials file (or a folder holding `ibm-credentials.env`). @default env.IBM_CREDENTIALS_FILE */
  credentialsFile?: string;
  /** Whether a URL is required. @default true */
  requireUrl?: boolean;
}

/** What a client needs to talk to the service. Secrets live only inside `auth`. */
export interface ServiceConfig {
  url: string | undefined;
  authType: string;
  auth: AuthProvider;
  /** Set when `DISABLE_SSL` is true: certificate checks off. */
  tls: TlsOptions | undefined;
  /** Set when `ENABLE_RETRIES` is true (with `MAX_RETRIES` and `RETRY_INTERVAL`). */
  retry: RetryOptions | undefined;
}

/**
 * Reads a service's configuration, IBM SDK style (`<SERVICE>_URL`, `_AUTH_TYPE`, `_APIKEY` ...).
 * Each setting is taken from the explicit options, else the environment, else the credentials
 * file named by `IBM_CREDENTIALS_FILE`. The default auth type is IAM when an API key is set and
 * CONTAINER otherwise. Every missing or invalid setting is reported in one {@link ConfigError}.
 * @throws {ConfigError}
 */
export function loadServiceConfig(
  serviceName: string,
  options: LoadServiceConfigOptions = {},
): ServiceConfig {
  // No process in a browser: only the options' own env there.
  const env =
    options.env ?? (globalThis as { process?: { env: NodeJS.ProcessEnv } }).process?.env ?? {};
  const file = options.credentialsFile ?? env.IBM_CREDENTIALS_FILE;
  const fromFile = file ? settingsFromVariables(serviceName, readCredentialsFile(file) ?? {}) : {};
  const settings: ServiceSettings = {
    ...fromFile,
    ...settingsFromVariables(serviceName, env),
    ...definedOnly(options.explicit ?? {}),
  };
  const problems: ValidationProblem[] = [];
  const name = (s: keyof ServiceSettings) => variableName(serviceName, s);
  const need = (...keys: (keyof ServiceSettings)[]) => {
    for (const key of keys) {
      if (!settings[key])
        problems.push({ path: name(key), message: `is required for auth type ${authType}` });
    }
  };

  const authType = (settings.authType ?? (settings.apikey ? 'IAM' : 'CONTAINER')).toUpperCase();
  if (!AUTH_TYPES.includes(authType)) {
    problems.push({ path: name('authType'), message: `must be one of ${AUTH_TYPES.join(', ')}` });
  }
  if (settings.url) {
    if (!/^https?:\/\/[^\s/]+/i.test(settings.url)) {
      problems.push({ path: name('url'), message: 'must be an http:// or https:// URL' });
    }
  } else if (options.requireUrl ?? true) {
    problems.push({ path: name('url'), message: 'is required' });
  }
  for (const key of ['disableSsl', 'authDisableSsl', 'enableRetries'] as const) {
    if (settings[key] !== undefined && !/^(true|false)$/i.test(settings[key])) {
      problems.push({ path: name(key), message: 'must be "true" or "false"' });
    }
  }
  for (const key of ['maxRetries', 'retryInterval'] as const) {
    if (settings[key] !== undefined && !/^\d+$/.test(settings[key])) {
      problems.push({ path: name(key), message: 'must be a whole number' });
    }
  }
  for (const key of ['apikey', 'username', 'password', 'bearerToken'] as const) {
    const value = settings[key];
    if (value && /^[{"]|[}"]$/.test(value)) {
      problems.push({
        path: name(key),
        message: 'must not start or end with {, } or " (check the quoting)',
      });
    }
  }
  if (authType === 'IAM') need('apikey');
  if (authType === 'BASIC' || authType === 'COUCHDB_SESSION') need('username', 'password');
  if (authType === 'BEARERTOKEN') need('bearerToken');
  if (
    authType === 'CONTAINER' &&
    !settings.iamProfileId &&
    !settings.iamProfileName &&
    !settings.iamProfileCrn
  ) {
    problems.push({
      path: name('iamProfileId'),
      message: `or ${name('iamProfileName')} or ${name('iamProfileCrn')} is required for auth type CONTAINER (set ${name('apikey')} for IAM instead)`,
    });
  }
  if (problems.length > 0) throw new ConfigError({ problems, context: serviceName });

  const isTrue = (value: string | undefined) => value?.toLowerCase() === 'true';
  return {
    url: settings.url?.replace(/\/+$/, ''),
    authType,
    auth: buildAuth(authType, settings),
    tls: isTrue(settings.disableSsl) ? { rejectUnauthorized: false } : undefined,
    retry: isTrue(settings.enableRetries)
      ? {
          limit: settings.maxRetries ? Number(settings.maxRetries) : 4,
          maxDelay: settings.retryInterval ? Number(settings.retryInterval) * 1000 : 30_000,
        }
      : undefined,
  };
}

function buildAuth(authType: string, s: ServiceSettings): AuthProvider {
  const text = (value: string | undefined) => value ?? '';
  const profile = {
    ...(s.iamProfileId ? { profileId: s.iamProfileId } : {}),
    ...(s.iamProfileName ? { profileName: s.iamProfileName } : {}),
    ...(s.iamProfileCrn ? { profileCrn: s.iamProfileCrn } : {}),
    ...(s.iamAccountId ? { accountId: s.iamAccountId } : {}),
  };
  switch (authType) {
    case 'IAM':
      return iamAuth({
        apikey: text(s.apikey),
        ...(s.authUrl ? { url: s.authUrl } : {}),
        ...(s.clientId ? { clientId: s.clientId } : {}),
        ...(s.clientSecret ? { clientSecret: s.clientSecret } : {}),
        ...(s.scope ? { scope: s.scope } : {}),
      });
    case 'CONTAINER':
      return containerAuth({
        ...profile,
        ...(s.authUrl ? { url: s.authUrl } : {}),
        ...(s.crTokenFilename ? { crTokenFilename: s.crTokenFilename } : {}),
      });
    case 'VPC':
      return vpcAuth({
        ...(s.iamProfileId ? { profileId: s.iamProfileId } : {}),
        ...(s.iamProfileCrn ? { profileCrn: s.iamProfileCrn } : {}),
        ...(s.authUrl ? { metadataUrl: s.authUrl } : {}),
      });
    case 'COUCHDB_SESSION':
      return couchDbSessionAuth({ username: text(s.username), password: text(s.password) });
    case 'BEARERTOKEN':
      return bearerTokenAuth({ token: text(s.bearerToken) });
    case 'BASIC':
      return basicAuth({ username: text(s.username), password: text(s.password) });
    default:
      return noAuth();
  }
}

function definedOnly(settings: ServiceSettings): ServiceSettings {
  return Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined && value !== ''),
  ) as ServiceSettings;
}

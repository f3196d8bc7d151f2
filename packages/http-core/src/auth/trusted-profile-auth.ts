import type * as FsPromises from 'node:fs/promises';
import { AuthenticationError } from '../errors.js';
import { isHeaderValue } from '../internal/checks.js';
import { parseJsonText } from '../internal/json-text.js';
import { requireNodeBuiltin } from '../internal/runtime.js';
import { checkAuthOptions } from './auth-options.js';
import type { AuthContext, AuthProvider } from './auth-provider.js';
import { iamTokenUrl } from './iam-auth.js';
import { createTokenCache, type TokenCache } from './token-cache.js';
import { refused, requestIamToken, toCachedToken, unreachable } from './token-response.js';

/** The trusted profile to assume: one of id, name (with the account) or CRN. */
export interface TrustedProfile {
  profileId?: string;
  profileName?: string;
  profileCrn?: string;
  /** Account of `profileName`. */
  accountId?: string;
}

export interface ContainerAuthOptions extends TrustedProfile {
  /** File holding the compute-resource token. @default the IBM SDKs' default locations */
  crTokenFilename?: string;
  /** IAM base URL. @default https://iam.cloud.ibm.com */
  url?: string;
}

/** Where IBM's SDKs look for a compute-resource token when no file is named. */
export const DEFAULT_CR_TOKEN_FILES: readonly string[] = [
  '/var/run/secrets/tokens/vault-token',
  '/var/run/secrets/tokens/sa-token',
  '/var/run/secrets/codeengine.cloud.ibm.com/compute-resource-token/token',
];

function profileFields(profile: TrustedProfile): Record<string, string> {
  if (profile.profileId) return { profile_id: profile.profileId };
  if (profile.profileCrn) return { profile_crn: profile.profileCrn };
  if (profile.profileName) {
    return {
      profile_name: profile.profileName,
      ...(profile.accountId ? { account: profile.accountId } : {}),
    };
  }
  return {};
}

async function readCrToken(options: ContainerAuthOptions): Promise<string> {
  const files = options.crTokenFilename ? [options.crTokenFilename] : DEFAULT_CR_TOKEN_FILES;
  const { readFile } = requireNodeBuiltin<typeof FsPromises>('node:fs/promises', 'containerAuth');
  for (const file of files) {
    try {
      const token = (await readFile(file, 'utf8')).trim();
      if (token) return token;
    } catch {
      // try the next location
    }
  }
  throw new AuthenticationError({
    provider: 'container',
    message: `no compute-resource token could be read from ${files.join(', ')}`,
  });
}

function providerFrom(type: string, cache: TokenCache, secrets: () => string[]): AuthProvider {
  return {
    type,
    async authenticate({ headers }, context) {
      headers.set('authorization', `Bearer ${await cache.get(context)}`);
    },
    async refresh(context) {
      await cache.refresh(context);
      return true;
    },
    secrets: () => [...secrets(), cache.current()].filter((s): s is string => !!s),
  };
}

/**
 * IAM trusted profile from a container: reads the compute-resource token from its file (again on
 * every refresh, since the platform rotates it) and exchanges it at IAM for a bearer token.
 */
export function containerAuth(options: ContainerAuthOptions): AuthProvider {
  checkAuthOptions('containerAuth', options);
  let lastCrToken: string | undefined;
  const cache = createTokenCache({
    provider: 'container',
    fetchToken: async (context) => {
      lastCrToken = await readCrToken(options);
      return requestIamToken({
        provider: 'container',
        url: iamTokenUrl(options.url),
        form: {
          grant_type: 'urn:ibm:params:oauth:grant-type:cr-token',
          cr_token: lastCrToken,
          ...profileFields(options),
        },
        fetch: context.fetch,
        signal: context.signal,
        now: context.now,
      });
    },
  });
  return providerFrom('container', cache, () => (lastCrToken ? [lastCrToken] : []));
}

/** Options of {@link vpcAuth}: the trusted profile and the instance metadata service. */
export interface VpcAuthOptions {
  /** Trusted profile id; without it or `profileCrn`, the instance's default profile is used. */
  profileId?: string;
  /** Trusted profile CRN, used when `profileId` is not given. */
  profileCrn?: string;
  /** Instance metadata service. @default http://169.254.169.254 */
  metadataUrl?: string;
  /** Metadata API version. @default 2022-03-01 */
  version?: string;
}

async function metadataCall(
  context: AuthContext,
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
): Promise<{
  access_token: string;
  expires_in: number | undefined;
  expiration: number | undefined;
}> {
  let response: Response;
  try {
    response = await context.fetch(url, {
      ...init,
      ...(context.signal ? { signal: context.signal } : {}),
    });
  } catch (cause) {
    throw unreachable('vpc', 'the metadata service', cause);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (cause) {
    throw unreachable('vpc', 'the metadata service', cause);
  }
  const message = `the metadata service answered ${response.status} without an access_token`;
  if (!response.ok) throw refused('vpc', message, response, context.now());
  const parsed = parseJsonText(text);
  const body = (parsed.ok ? parsed.value : undefined) as
    | { access_token?: unknown; expires_in?: unknown; expiration?: unknown }
    | undefined;
  const { access_token, expires_in, expiration } = body ?? {};
  if (!isHeaderValue(access_token) || access_token === '') {
    throw new AuthenticationError({ provider: 'vpc', message, status: response.status });
  }
  const seconds = (x: unknown) =>
    typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : undefined;
  return {
    access_token: access_token as string,
    expires_in: seconds(expires_in),
    expiration: seconds(expiration),
  };
}

/**
 * IAM trusted profile from VPC instance metadata: gets an instance identity token, then exchanges
 * it for an IAM token for the profile.
 */
export function vpcAuth(options: VpcAuthOptions = {}): AuthProvider {
  checkAuthOptions('vpcAuth', options);
  const base = (options.metadataUrl ?? 'http://169.254.169.254').replace(/\/+$/, '');
  const version = options.version ?? '2022-03-01';
  const json = { 'content-type': 'application/json', accept: 'application/json' };
  let lastIdentity: string | undefined;
  const cache = createTokenCache({
    provider: 'vpc',
    fetchToken: async (context) => {
      const identity = await metadataCall(
        context,
        `${base}/instance_identity/v1/token?version=${version}`,
        {
          method: 'PUT',
          headers: { ...json, 'metadata-flavor': 'ibm' },
          body: JSON.stringify({ expires_in: 300 }),
        },
      );
      lastIdentity = identity.access_token;
      const profile = options.profileId
        ? { trusted_profile: { id: options.profileId } }
        : options.profileCrn
          ? { trusted_profile: { crn: options.profileCrn } }
          : {};
      const iam = await metadataCall(
        context,
        `${base}/instance_identity/v1/iam_token?version=${version}`,
        {
          method: 'POST',
          headers: { ...json, authorization: `Bearer ${identity.access_token}` },
          body: JSON.stringify(profile),
        },
      );
      return toCachedToken(iam.access_token, iam, context.now());
    },
  });
  return providerFrom('vpc', cache, () => (lastIdentity ? [lastIdentity] : []));
}

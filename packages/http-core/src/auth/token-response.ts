import * as v from 'valibot';
import { AuthenticationError } from '../errors.js';
import { type CachedToken, readJwtTimes } from './token-cache.js';

/** The token response of IBM Cloud IAM (and of the trusted-profile exchanges). */
const IamTokenResponseSchema = v.looseObject({
  access_token: v.pipe(v.string(), v.nonEmpty()),
  expires_in: v.optional(v.number()),
  expiration: v.optional(v.number()),
});

/** Posts a form to a token endpoint and turns the answer into a cached token. */
export async function requestIamToken(options: {
  provider: string;
  url: string;
  form: Record<string, string>;
  headers?: Record<string, string>;
  fetch: typeof globalThis.fetch;
  signal?: AbortSignal | undefined;
  now: () => number;
}): Promise<CachedToken> {
  let response: Response;
  try {
    response = await options.fetch(options.url, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
        ...options.headers,
      },
      body: new URLSearchParams(options.form).toString(),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    throw new AuthenticationError({
      provider: options.provider,
      message: 'the token server could not be reached',
      cause,
    });
  }
  const text = await response.text();
  if (!response.ok) {
    throw new AuthenticationError({
      provider: options.provider,
      message: `the token server answered ${response.status} ${response.statusText}`,
      status: response.status,
    });
  }
  let parsed: v.InferOutput<typeof IamTokenResponseSchema>;
  try {
    parsed = v.parse(IamTokenResponseSchema, JSON.parse(text));
  } catch {
    throw new AuthenticationError({
      provider: options.provider,
      message: 'the token server answered without an access_token',
    });
  }
  return toCachedToken(parsed.access_token, parsed, options.now());
}

/** Works out a token's lifetime from the response fields, else from its JWT claims. */
export function toCachedToken(
  value: string,
  fields: { expires_in?: number | undefined; expiration?: number | undefined },
  now: number,
): CachedToken {
  const jwt = readJwtTimes(value);
  const expiresAt =
    fields.expiration !== undefined
      ? fields.expiration * 1000
      : fields.expires_in !== undefined
        ? now + fields.expires_in * 1000
        : (jwt.expiresAt ?? now + 60 * 60_000);
  const issuedAt =
    fields.expires_in !== undefined && fields.expiration !== undefined
      ? fields.expiration * 1000 - fields.expires_in * 1000
      : (jwt.issuedAt ?? now);
  return { value, expiresAt, issuedAt };
}

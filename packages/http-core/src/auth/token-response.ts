import * as v from 'valibot';
import { parseRetryAfter } from '../backoff.js';
import { AuthenticationError } from '../errors.js';
import { isHeaderValue } from '../internal/checks.js';
import { parseJsonText } from '../internal/json-text.js';
import { type CachedToken, readJwtTimes } from './token-cache.js';

/** A token or session server that could not be reached (or timed out): worth asking again. */
export function unreachable(provider: string, what: string, cause: unknown): AuthenticationError {
  return new AuthenticationError({
    provider,
    message: `${what} could not be reached`,
    cause,
    isRetryable: true,
  });
}

/**
 * A token or session server's refusal: worth asking again after a 408, 429 or 5xx (501 and 505
 * aside), after the `Retry-After` it gives if any.
 */
export function refused(
  provider: string,
  message: string,
  response: Pick<Response, 'status' | 'headers'>,
  now: number,
): AuthenticationError {
  const { status } = response;
  const isRetryable =
    status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
  return new AuthenticationError({
    provider,
    message,
    status,
    isRetryable,
    retryAfterMs: isRetryable
      ? parseRetryAfter(response.headers.get('retry-after'), now)
      : undefined,
  });
}

/** The token response of IBM Cloud IAM (and of the trusted-profile exchanges). */
const IamTokenResponseSchema = v.looseObject({
  access_token: v.pipe(v.string(), v.nonEmpty(), v.check<string>(isHeaderValue)),
  expires_in: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
  expiration: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
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
    throw unreachable(options.provider, 'the token server', cause);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (cause) {
    throw unreachable(options.provider, 'the token server', cause);
  }
  if (!response.ok) {
    throw refused(
      options.provider,
      `the token server answered ${response.status} ${response.statusText}`,
      response,
      options.now(),
    );
  }
  const json = parseJsonText(text);
  const parsed = v.safeParse(IamTokenResponseSchema, json.ok ? json.value : undefined);
  if (!parsed.success) {
    throw new AuthenticationError({
      provider: options.provider,
      message: 'the token server answered without a usable access_token',
    });
  }
  return toCachedToken(parsed.output.access_token, parsed.output, options.now());
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

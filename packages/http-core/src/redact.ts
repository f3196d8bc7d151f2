/** What replaces a secret wherever one would be shown. */
export const REDACTED = '[REDACTED]';

const SECRET_PARAM =
  /^(api[-_]?key|apikey|key|token|access[-_]?token|refresh[-_]?token|id[-_]?token|auth|authorization|password|passwd|pwd|secret|client[-_]?secret|signature|sig|x-api-key|session|cr[-_]?token|code|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential)$/i;
const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|apikey|x-auth-token|x-csrf-token|x-amz-security-token)$/i;

/** True when a query parameter of this name carries a credential. */
export function isSecretParam(name: string): boolean {
  return SECRET_PARAM.test(name);
}

/** True when a header of this name carries a credential. */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name);
}

/** Returns `url` with user info and token-like query parameters replaced by `[REDACTED]`. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return String(url).replace(/\/\/[^/@]*@/, `//${REDACTED}@`);
  }
  if (parsed.username || parsed.password) {
    parsed.username = REDACTED;
    parsed.password = '';
  }
  if (parsed.search) {
    for (const name of new Set(parsed.searchParams.keys())) {
      if (isSecretParam(name)) parsed.searchParams.set(name, REDACTED);
    }
  }
  return parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

/**
 * Returns the headers as a plain object with credential-bearing values redacted: those
 * {@link isSecretHeader} names, and those in `secretNames` (lower case).
 */
export function redactHeaders(
  headers: Headers | Record<string, string> | undefined,
  secretNames?: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  // Not `instanceof Headers`: that would load undici, and LightHeaders is not one.
  const entries =
    typeof headers.entries === 'function' ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    out[key] = isSecretHeader(key) || secretNames?.has(key) ? REDACTED : value;
  }
  return out;
}

/**
 * Removes every occurrence of the given secrets from a text (for bodies echoed back by a server).
 * Secrets shorter than 4 characters are left alone: replacing them would mangle ordinary text.
 */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** The secret values a URL carries: its password and its token-like query parameters. */
export function secretsInUrl(url: URL): string[] {
  const out: string[] = [];
  if (url.password) out.push(url.password, decodeURIComponent(url.password));
  for (const [name, value] of url.searchParams) if (isSecretParam(name) && value) out.push(value);
  return out;
}

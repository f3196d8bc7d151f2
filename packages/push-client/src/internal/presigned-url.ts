import { isSecretParam } from '@connectorkit/http-core';

/** Query parameters of a pre-signed URL that say how it was signed, not who signed it. */
const BENIGN = new Set([
  'x-amz-algorithm',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-signedheaders',
  'x-goog-algorithm',
  'x-goog-date',
  'x-goog-expires',
  'x-goog-signedheaders',
]);

function isSigningParam(name: string): boolean {
  const n = name.toLowerCase();
  if (BENIGN.has(n)) return false;
  return (
    n.startsWith('x-amz-') ||
    n.startsWith('x-goog-') ||
    n === 'awsaccesskeyid' ||
    n === 'googleaccessid' ||
    isSecretParam(n)
  );
}

/**
 * The values that sign or authorize a pre-signed upload URL (`X-Amz-Credential`,
 * `X-Amz-Signature`, `X-Amz-Security-Token`, `AWSAccessKeyId`, `Signature`, ...), as written in
 * the URL and decoded, so that they can be cut out of anything shown to a reader.
 */
export function presignedSecrets(url: string): string[] {
  const at = url.indexOf('?');
  if (at < 0) return [];
  const out: string[] = [];
  for (const pair of url
    .slice(at + 1)
    .split('#')[0]
    ?.split('&') ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const raw = pair.slice(eq + 1);
    if (!raw || !isSigningParam(safeDecode(pair.slice(0, eq)))) continue;
    out.push(raw);
    const decoded = safeDecode(raw.replace(/\+/g, ' '));
    if (decoded !== raw) out.push(decoded);
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const URL_IN_TEXT = /https?:\/\/[^\s"'<>\\]+/g;

/** Every pre-signed URL secret held by the strings of an answer (parsed, or as text). */
export function presignedSecretsIn(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') {
    if (!value.includes('?')) return [];
    return [...value.matchAll(URL_IN_TEXT)].flatMap((m) => presignedSecrets(m[0]));
  }
  if (typeof value !== 'object' || value === null || depth > 32) return [];
  const out: string[] = [];
  for (const item of Object.values(value)) out.push(...presignedSecretsIn(item, depth + 1));
  return out;
}

import { InputValidationError } from '@connectorkit/http-core';
import { md5Hex, sha1Hex } from './internal/digest.js';
import { nodeBuiltin } from './internal/runtime.js';
import { encodeUtf8 } from './internal/utf8.js';

type OneShotHash = (algorithm: string, data: string, encoding: 'hex') => string;
interface NodeCrypto {
  hash?: OneShotHash;
  createHash(algorithm: string): { update(data: string): { digest(encoding: 'hex'): string } };
}

/**
 * The digest of a URI's UTF-8 bytes: `node:crypto` where there is one (looked up, never
 * imported, so browser bundles do not reach it), else MD5 and SHA-1 in plain JavaScript.
 */
function digests(): (algorithm: 'md5' | 'sha1', text: string) => string {
  const crypto = nodeBuiltin<NodeCrypto>('node:crypto');
  // `crypto.hash` (Node 20.12+) hashes in one call, without a Hash object per digest.
  if (crypto?.hash) return crypto.hash.bind(crypto) as (a: string, t: string) => string;
  if (crypto) return (a, t) => crypto.createHash(a).update(t).digest('hex');
  return (a, t) => (a === 'md5' ? md5Hex : sha1Hex)(encodeUtf8(t));
}
let digest: ((algorithm: 'md5' | 'sha1', text: string) => string) | undefined;

/**
 * The permanent id the official Coveo clients generate when none is set: the first 30 hex
 * characters of md5(uri) followed by the first 30 of sha1(uri), computed on the URI as given.
 * @example permanentId('https://ex.com/a') // 60 hex characters
 */
export function permanentId(uri: string): string {
  if (typeof uri !== 'string') {
    throw new InputValidationError({
      subject: 'permanentId',
      issues: [{ path: 'uri', message: 'must be a string' }],
    });
  }
  digest ??= digests();
  return digest('md5', uri).slice(0, 30) + digest('sha1', uri).slice(0, 30);
}

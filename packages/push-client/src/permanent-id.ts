import { InputValidationError } from '@connectorkit/http-core';
import { md5Hex, sha1Hex } from './internal/digest.js';
import { nodeBuiltin } from './internal/runtime.js';

interface NodeCrypto {
  /** One call, no Hash object per digest (Node 20.12+). */
  hash?: (algorithm: string, data: string, encoding: 'hex') => string;
  createHash(algorithm: string): { update(data: string): { digest(encoding: 'hex'): string } };
}
let crypto: NodeCrypto | null | undefined;
const encoder = new TextEncoder();

/**
 * The hex digest of a text's UTF-8 bytes: `node:crypto` where the runtime has it (looked up,
 * never imported, so browser bundles do not reach it), else MD5 and SHA-1 in plain JavaScript.
 */
function digestHex(algorithm: 'md5' | 'sha1', text: string): string {
  crypto ??= nodeBuiltin<NodeCrypto>('node:crypto') ?? null;
  if (crypto?.hash) return crypto.hash(algorithm, text, 'hex');
  if (crypto) return crypto.createHash(algorithm).update(text).digest('hex');
  return (algorithm === 'md5' ? md5Hex : sha1Hex)(encoder.encode(text));
}

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
  return digestHex('md5', uri).slice(0, 30) + digestHex('sha1', uri).slice(0, 30);
}

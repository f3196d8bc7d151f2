import * as crypto from 'node:crypto';
import { InputValidationError } from '@connectorkit/http-core';

type OneShotHash = (algorithm: string, data: string, encoding: 'hex') => string;
// `crypto.hash` (Node 20.12+) hashes in one call, without a Hash object per digest.
const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;
const digest: OneShotHash =
  oneShot ?? ((algorithm, data) => crypto.createHash(algorithm).update(data).digest('hex'));

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
  return digest('md5', uri, 'hex').slice(0, 30) + digest('sha1', uri, 'hex').slice(0, 30);
}

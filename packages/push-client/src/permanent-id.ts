import { createHash } from 'node:crypto';

/**
 * The permanent id the official Coveo clients generate when none is set: the first 30 hex
 * characters of md5(uri) followed by the first 30 of sha1(uri), computed on the URI as given.
 * @example permanentId('https://ex.com/a') // 60 hex characters
 */
export function permanentId(uri: string): string {
  const md5 = createHash('md5').update(uri).digest('hex');
  const sha1 = createHash('sha1').update(uri).digest('hex');
  return md5.slice(0, 30) + sha1.slice(0, 30);
}

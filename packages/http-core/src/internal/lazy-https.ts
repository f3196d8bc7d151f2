import type * as Https from 'node:https';
import { requireNodeBuiltin } from './runtime.js';

let https: typeof Https | undefined;

/**
 * `node:https`, loaded on first use: importing it loads TLS (about 1 MB of RSS), which a process
 * that only talks plain HTTP never needs.
 */
export function lazyHttps(): typeof Https {
  https ??= requireNodeBuiltin<typeof Https>('node:https', 'tls');
  return https;
}

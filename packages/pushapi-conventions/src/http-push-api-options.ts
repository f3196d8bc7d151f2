import type { HttpLogger, RetryOptions } from '@connectorkit/http-core';
import type { PushAPIVersion } from './types.js';

/** Options of `HttpPushAPI`, all checked when the client is made. */
export interface HttpPushAPIOptions {
  /** Only `PushAPIVersion.PAPI_V4` exists. */
  version: PushAPIVersion;
  /** A host name or an IP address: no scheme, port or path. */
  host: string;
  /** A whole number from 1 to 65535, or such a number as text. @default basePort + 2 */
  port?: number | string;
  /** The installation's base port, when `port` is not given. @default 10000 */
  basePort?: number;
  /** The connector's name, the `<connectorName>` of every path. */
  connectorName: string;
  /** The connector's type, which the server checks against its license (`PAPI_connectorType`). */
  connectorType: string;
  /** Basic authentication when both are set; both or neither. The login may not contain ":". */
  login?: string | null;
  password?: string | null;
  /** @default 'http' */
  scheme?: 'http' | 'https';
  /** Per-attempt timeout (answer and body), in ms, from 1 to 2^31-1. @default 60 000 */
  timeoutMs?: number;
  /**
   * Retries of reads (GET) on network errors, bodies cut short, timeouts and overload; writes
   * only on 429 or a connection never made. A number is the limit (0 to 100). @default 2
   */
  retry?: RetryOptions | number | false;
  /** The transport (a proxy's, or a simulator's). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Receives request, response and retry events; no event carries the credentials. */
  logger?: HttpLogger;
}

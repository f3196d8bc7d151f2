import { LIMITS } from './document-rules.js';

/**
 * The size limits a source checks before sending (Coveo answers 413 past them). Coveo documents
 * them in MB without saying which MB, and "may change them without notice": the defaults read
 * them as MiB (LIMITS), and `PlatformOptions.limits` changes them.
 */
export interface PushLimits {
  /** One item pushed alone (`addOrUpdateDocument`), or one security identity or alias request. @default 6 MiB */
  requestBytes: number;
  /** One file container: the most `maxBatchBytes` may be. @default 256 MiB */
  containerBytes: number;
  /** One item of a Catalog (stream-enabled) source. @default 3 MiB */
  catalogItemBytes: number;
}

export const DEFAULT_PUSH_LIMITS: Readonly<PushLimits> = Object.freeze({
  requestBytes: LIMITS.requestBytes,
  containerBytes: LIMITS.containerBytes,
  catalogItemBytes: LIMITS.catalogItemBytes,
});

/** The defaults with the caller's overrides (already checked) laid over them. */
export function resolveLimits(overrides: Partial<PushLimits> | undefined): Readonly<PushLimits> {
  if (!overrides) return DEFAULT_PUSH_LIMITS;
  const out = { ...DEFAULT_PUSH_LIMITS };
  for (const key of Object.keys(out) as (keyof PushLimits)[]) {
    const value = overrides[key];
    if (value !== undefined) out[key] = value;
  }
  return Object.freeze(out);
}

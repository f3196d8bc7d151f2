/** The documented limits the simulator enforces (docs.coveo.com/en/63), in bytes or counts. */
export interface SimulatorLimits {
  /** One item (single PUT) or one security identity request → 413. @default 6 MiB */
  requestBytes: number;
  /** One file container upload → 413. @default 256 MiB */
  containerBytes: number;
  /** Inline `data` / `compressedBinaryData` → 413 at this size or more. @default 5 MiB */
  inlineDataBytes: number;
  /** Permissions of one item → 400 `INVALID_JSON` past it. @default 5000 */
  permissionsPerItem: number;
}

const MB = 1024 * 1024;
/**
 * The limits the simulator enforces unless its `limits` option lowers them: 6 MiB per request,
 * 256 MiB per file container, 5 MiB of inline data, 5,000 permissions per item.
 */
export const DEFAULT_SIMULATOR_LIMITS: Readonly<SimulatorLimits> = Object.freeze({
  requestBytes: 6 * MB,
  containerBytes: 256 * MB,
  inlineDataBytes: 5 * MB,
  permissionsPerItem: 5_000,
});

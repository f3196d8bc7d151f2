import { InputValidationError } from '@connectorkit/http-core';
import * as v from 'valibot';
import { isPlainObject } from './internal/options-schemas.js';
import { utf8Length } from './internal/utf8.js';

/** Coveo limits enforced before sending (docs.coveo.com/en/63; they "may change without notice"). */
export const LIMITS: Readonly<{
  inlineDataBytes: number;
  requestBytes: number;
  containerBytes: number;
  permissionsPerItem: number;
  catalogItemBytes: number;
}> = Object.freeze({
  /** `data` / `compressedBinaryData` must stay under 5 MB. */
  inlineDataBytes: 5 * 1024 * 1024,
  /** One item (single PUT) or one security identity request. */
  requestBytes: 6 * 1024 * 1024,
  /** One file container. */
  containerBytes: 256 * 1024 * 1024,
  permissionsPerItem: 5_000,
  /** One item of a Catalog / stream source. */
  catalogItemBytes: 3 * 1024 * 1024,
});

/** Names that cannot be metadata keys (compared case-insensitively). */
export const RESERVED_KEYS: readonly string[] = Object.freeze([
  'compressedBinaryData',
  'compressedBinaryDataFileId',
  'parentId',
  'fileExtension',
  'data',
  'permissions',
  'documentId',
  'orderingId',
]);
const RESERVED = new Set(RESERVED_KEYS.map((k) => k.toLowerCase()));

/**
 * How `compressedBinaryData` was compressed, sent as `compressionType`. Case-sensitive: Coveo
 * takes only these spellings.
 */
export type CompressionType = 'UNCOMPRESSED' | 'DEFLATE' | 'GZIP' | 'LZMA' | 'ZLIB';
export const CompressionTypeSchema: v.GenericSchema<CompressionType> = v.picklist(
  ['UNCOMPRESSED', 'DEFLATE', 'GZIP', 'LZMA', 'ZLIB'],
  'must be one of UNCOMPRESSED, DEFLATE, GZIP, LZMA, ZLIB (case-sensitive)',
);

/** The key rule without valibot: not reserved, and `^[a-z]+[a-z0-9_]*$` case-insensitively. */
export function isValidMetadataKey(key: unknown): boolean {
  return (
    typeof key === 'string' && /^[a-z][a-z0-9_]*$/i.test(key) && !RESERVED.has(key.toLowerCase())
  );
}

/** The value rule without valibot, for the common shapes (scalars, arrays of one kind). */
export function isPlainMetadataValue(value: unknown): boolean {
  const t = typeof value;
  if (t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(value))) return true;
  if (!Array.isArray(value)) return false;
  const kind = typeof value[0];
  if (kind !== 'string' && kind !== 'number') return value.length === 0;
  for (const item of value) {
    if (typeof item !== kind || (kind === 'number' && !Number.isFinite(item))) return false;
  }
  return true;
}

export const MetadataKeySchema: v.GenericSchema<string> = v.pipe(
  v.string(),
  v.check((k) => !RESERVED.has(k.toLowerCase()), 'is a reserved key name (docs.coveo.com/en/78)'),
  v.check(
    (k) => /^[a-z]+[a-z0-9_]*$/.test(k.toLowerCase()),
    'field names must match ^[a-z]+[a-z0-9_]*$ (case-insensitive)',
  ),
);

export const FileExtensionSchema: v.GenericSchema<string> = v.pipe(
  v.string(),
  v.regex(/^\.[^./\\\s]+$/, 'must start with a leading "." followed by the extension'),
);

/**
 * Canonical base64 (what decoding then encoding gives back unchanged, the official clients'
 * check): groups of 4 from the standard alphabet, `=` padding only at the end, and no bits set
 * past the last byte.
 */
const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$/;

export const Base64Schema: v.GenericSchema<string> = v.pipe(
  v.string(),
  v.check((s) => BASE64.test(s), 'must be base64 encoded'),
  v.maxLength(LIMITS.inlineDataBytes, 'must be under 5 MB; use compressedBinaryDataFileId'),
);

export const InlineDataSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.check(
    (s) => s.length < LIMITS.inlineDataBytes / 3 || utf8Length(s) < LIMITS.inlineDataBytes,
    'must be under 5 MB; use compressedBinaryDataFileId',
  ),
);

export const DateInputSchema: v.GenericSchema<Date | string | number, string> = v.pipe(
  v.union([v.date(), v.string(), v.number()], 'must be a Date, a string or epoch milliseconds'),
  v.transform((d) => new Date(d)),
  v.check((d) => !Number.isNaN(d.getTime()), 'must be a valid date'),
  v.transform((d) => d.toISOString()),
);

const Finite = v.pipe(v.number(), v.finite('numbers must be finite'));
const Scalar = v.union([v.string(), Finite, v.boolean()]);
const Leaf = v.union([Scalar, v.array(v.string()), v.array(Finite)]);
const Dictionary = v.pipe(
  // A plain object: a Date, a Map or a class instance is not a dictionary JSON keeps.
  v.custom<Record<string, unknown>>(isPlainObject, 'must be a dictionary'),
  v.record(v.string(), Leaf),
);
export const MetadataValueSchema: v.GenericSchema<MetadataValue> = v.union(
  [
    Leaf,
    Dictionary as unknown as v.GenericSchema<
      Record<string, string | number | boolean | string[] | number[]>
    >,
  ],
  'must be a string, number, boolean, an array of strings or numbers, or a dictionary of those',
);

/** A metadata value: what the official JS client accepts. */
export type MetadataValue =
  | string
  | string[]
  | number
  | number[]
  | boolean
  | Record<string, string | string[] | number | number[] | boolean>;
/**
 * An item's metadata, key to value, sent at the top level of its JSON. Keys are
 * case-insensitive, must match `^[a-z]+[a-z0-9_]*$` (in any case) and must not be one of
 * {@link RESERVED_KEYS}.
 */
export type Metadata = Record<string, MetadataValue>;

/** Rewrites a metadata key before it is checked (the official clients' `Transformer`). */
export type Transformer = (key: string) => string;

/** The official clients' key transformers. */
export const BuiltInTransformers: Readonly<{
  identity: Transformer;
  toLowerCase: Transformer;
  toSnakeCase: Transformer;
}> = Object.freeze({
  identity: (k: string) => k,
  toLowerCase: (k: string) => keyText(k, 'toLowerCase').toLowerCase(),
  toSnakeCase: (k: string) =>
    keyText(k, 'toSnakeCase')
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .toLowerCase(),
});

function keyText(key: unknown, transformer: string): string {
  if (typeof key === 'string') return key;
  throw new InputValidationError({
    subject: `BuiltInTransformers.${transformer}`,
    issues: [{ path: 'key', message: 'must be a string' }],
  });
}

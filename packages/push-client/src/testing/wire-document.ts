import * as v from 'valibot';
import type { IndexedItem } from './coveo-index.js';
import { IDENTITY_TYPES_RULE, identityType } from './identity-types.js';
import { invalidJson, tooLarge, type WireProblem } from './simulator-errors.js';
import type { SimulatorLimits } from './simulator-limits.js';

type Kind = 'string' | 'date' | 'number' | 'base64' | 'compression' | 'extension' | 'permissions';

/** The DocumentBody keys the docs define (docs.coveo.com/en/90), by lower-case name. */
const KNOWN: ReadonlyMap<string, { name: string; kind: Kind; lower: string }> = new Map(
  (
    [
      ['documentId', 'string'],
      ['title', 'string'],
      ['data', 'string'],
      ['compressedBinaryData', 'base64'],
      ['compressedBinaryDataFileId', 'string'],
      ['compressionType', 'compression'],
      ['fileExtension', 'extension'],
      ['parentId', 'string'],
      ['clickableUri', 'string'],
      ['author', 'string'],
      ['date', 'date'],
      ['modifiedDate', 'date'],
      ['permanentid', 'string'],
      ['permissions', 'permissions'],
      ['orderingId', 'number'],
    ] as const
  ).map(([name, kind]) => [name.toLowerCase(), { name, kind, lower: name.toLowerCase() }]),
);
/** The same, by their documented spelling (the common case, without lower-casing the key). */
const EXACT: ReadonlyMap<string, { name: string; kind: Kind; lower: string }> = new Map(
  [...KNOWN.values()].map((k) => [k.name, k]),
);
const CARRIERS = ['data', 'compressedBinaryData', 'compressedBinaryDataFileId'];
const COMPRESSION = new Set(['UNCOMPRESSED', 'DEFLATE', 'GZIP', 'LZMA', 'ZLIB']);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const Identity = v.object({
  identity: v.pipe(v.string(), v.minLength(1)),
  identityType: v.custom<string>((t) => identityType(t) !== undefined, IDENTITY_TYPES_RULE),
  securityProvider: v.optional(v.string()),
});
const PermissionSet = v.strictObject({
  allowAnonymous: v.optional(v.boolean()),
  allowedPermissions: v.optional(v.array(Identity)),
  deniedPermissions: v.optional(v.array(Identity)),
});
const PermissionLevel = v.strictObject({
  name: v.optional(v.string()),
  permissionSets: v.array(PermissionSet),
});
/** Simple model (permission sets) or complex model (levels of permission sets). */
const PermissionsSchema = v.array(v.union([PermissionSet, PermissionLevel]));

const isScalar = (x: unknown): boolean =>
  typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x));
const isLeaf = (x: unknown): boolean =>
  isScalar(x) || (Array.isArray(x) && x.every((item) => isScalar(item)));
/** A metadata value: a scalar, an array of scalars, or a dictionary of those. */
function isMetadataValue(x: unknown): boolean {
  if (isLeaf(x)) return true;
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  for (const value of Object.values(x)) if (!isLeaf(value)) return false;
  return true;
}

function countPermissions(permissions: v.InferOutput<typeof PermissionsSchema>): number {
  let n = 0;
  for (const entry of permissions) {
    const sets = 'permissionSets' in entry ? entry.permissionSets : [entry];
    for (const set of sets)
      n += (set.allowedPermissions?.length ?? 0) + (set.deniedPermissions?.length ?? 0);
  }
  return n;
}

function checkKnown(kind: Kind, value: unknown, at: string, limits: SimulatorLimits) {
  const fail = (rule: string) => invalidJson(`${at}: ${rule}`);
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? undefined : fail('must be a string');
    case 'date':
      return typeof value === 'string' || typeof value === 'number'
        ? undefined
        : fail('must be a date string or epoch milliseconds');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : fail('must be a number');
    case 'base64':
      return typeof value === 'string' && value.length % 4 === 0 && BASE64.test(value)
        ? undefined
        : fail('must be base64 encoded');
    case 'compression':
      return COMPRESSION.has(value as string)
        ? undefined
        : fail('must be UNCOMPRESSED, DEFLATE, GZIP, LZMA or ZLIB (case-sensitive)');
    case 'extension':
      return typeof value === 'string' && /^\.[^./\\\s]+$/.test(value)
        ? undefined
        : fail('must start with "." followed by the extension');
    case 'permissions': {
      const parsed = v.safeParse(PermissionsSchema, value);
      if (!parsed.success) {
        const issue = parsed.issues[0];
        const path = (issue.path ?? []).map((p) => String((p as { key: unknown }).key)).join('.');
        return fail(
          `must be permission sets or permission levels of {identity, identityType} (${path ? `${path}: ` : ''}${issue.message})`,
        );
      }
      const n = countPermissions(parsed.output);
      return n > limits.permissionsPerItem
        ? fail(`${n} permissions; at most ${limits.permissionsPerItem} per item`)
        : undefined;
    }
  }
}

/**
 * Checks one DocumentBody against the documented shape and returns it with the known keys in
 * their documented spelling (keys are case-insensitive: `DocumentId` is `documentId`). Problems:
 * 400 `INVALID_JSON` (not an object, a key repeated in any case, a known key of the wrong type,
 * two data carriers, a metadata value that is not a scalar, an array of scalars or a dictionary
 * of those, too many permissions); 413 for inline data of 5 MB or more.
 */
export function checkDocument(
  raw: unknown,
  at: string,
  limits: SimulatorLimits,
  documentId?: string,
): IndexedItem | WireProblem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return invalidJson(`${at}: a document must be a JSON object`);
  // Checked in place (the body was parsed for this request); known keys spelled in another
  // case are renamed afterwards.
  const item = raw as Record<string, unknown>;
  const seen = new Set<string>();
  const renames: [string, string][] = [];
  for (const key in item) {
    const value = item[key];
    const exact = EXACT.get(key);
    const lower = exact ? exact.lower : key.toLowerCase();
    if (seen.has(lower)) return invalidJson(`${at}: the key "${key}" appears twice`);
    seen.add(lower);
    const known = exact ?? KNOWN.get(lower);
    if (known) {
      const bad = checkKnown(known.kind, value, `${at}.${known.name}`, limits);
      if (bad) return bad;
      if (!exact) renames.push([key, known.name]);
    } else if (!isMetadataValue(value))
      return invalidJson(
        `${at}.${key}: metadata must be a scalar, an array of scalars or a dictionary of those`,
      );
  }
  for (const [from, to] of renames) {
    item[to] = item[from];
    delete item[from];
  }
  if (documentId !== undefined) item.documentId = documentId;
  if (typeof item.documentId !== 'string' || item.documentId === '')
    return invalidJson(`${at}: documentId is required`);
  if (CARRIERS.filter((k) => k in item).length > 1)
    return invalidJson(`${at}: only one of ${CARRIERS.join(', ')} may be set`);
  for (const k of ['data', 'compressedBinaryData'])
    if (typeof item[k] === 'string' && Buffer.byteLength(item[k]) >= limits.inlineDataBytes)
      return tooLarge(
        `${at}.${k}: inline content must be under 5 MB; use compressedBinaryDataFileId`,
      );
  return item as IndexedItem;
}

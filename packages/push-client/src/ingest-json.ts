import type * as Fs from 'node:fs';
import type * as Path from 'node:path';
import { InputValidationError, isInputValidationError } from '@connectorkit/http-core';
import * as v from 'valibot';
import { DocumentBuilder } from './document-builder.js';
import {
  BuiltInTransformers,
  type CompressionType,
  type MetadataValue,
  type Transformer,
} from './document-rules.js';
import { check, invalid } from './internal/check.js';
import { jsonObjects } from './internal/json-elements.js';
import { FunctionSchema, isOptionsObject, optionsOf } from './internal/options-schemas.js';
import { requireNodeBuiltin } from './internal/runtime.js';
import {
  AnySecurityIdentityBuilder,
  type IdentityType,
  PermissionSetBuilder,
} from './security-identity-builders.js';

/**
 * How JSON files become documents (`documentsFromJsonFiles`, `toDocumentBuilder`, the `*FromFiles` batch calls), as in
 * the official client: a key transformer for metadata, and a last look at each document.
 */
export interface JsonFilesOptions {
  /** Applied to every metadata key. @default identity */
  fieldNameTransformer?: Transformer;
  /** Last word on each document before it is sent (the official client's `callback`). */
  callback?: (document: DocumentBuilder, path: string) => void;
}

/** The file system, where there is one (Node, Bun, Deno): looked up, never imported. */
interface Files {
  fs: typeof Fs;
  path: typeof Path;
}
function files(feature: string): Files {
  return {
    fs: requireNodeBuiltin<typeof Fs>('node:fs', feature),
    path: requireNodeBuiltin<typeof Path>('node:path', feature),
  };
}

/** `*.json` files under the given files and folders (recursively), in a stable order. */
export async function* jsonFilePaths(
  paths: readonly string[],
  insideFolder = false,
  io: Files = files('jsonFilePaths'),
): AsyncGenerator<string> {
  for (const path of paths) {
    const info = await io.fs.promises.stat(path).catch(() => undefined);
    if (!info) throw invalid('JSON input', path, 'no such file or directory');
    if (info.isDirectory()) {
      const entries = (await io.fs.promises.readdir(path)).sort();
      yield* jsonFilePaths(
        entries.map((e) => io.path.join(path, e)),
        true,
        io,
      );
    } else if (path.endsWith('.json')) yield path;
    else if (!insideFolder) throw invalid('JSON input', path, 'is not a .json file');
  }
}

const PathsSchema = v.array(
  v.pipe(
    v.string('must be a string'),
    v.nonEmpty('must not be empty'),
    v.check((p) => !p.includes('\u0000'), 'must not contain NUL'),
  ),
  'must be an array of file and folder paths',
);
const JsonFilesOptionsSchema = optionsOf({
  fieldNameTransformer: v.optional(FunctionSchema),
  callback: v.optional(FunctionSchema),
});

/**
 * Reads documents from JSON files and folders as a stream: each file read once, one object in
 * memory at a time. A file holds one document or an array of them; keys are case-insensitive;
 * `documentId` (or `uri`) and `title` are required; unknown keys become metadata. The paths
 * and options are checked when it is called, before any file is read. Needs a file system
 * (`node:fs`: Node, Bun, Deno): elsewhere it throws a `ConfigError` naming the runtime.
 */
export function documentsFromJsonFiles(
  paths: readonly string[],
  options: JsonFilesOptions = {},
): AsyncGenerator<DocumentBuilder> {
  return jsonFileDocuments(paths, options, 'documentsFromJsonFiles');
}

/** {@link documentsFromJsonFiles} for a call named `feature` (named in its errors). */
export function jsonFileDocuments(
  paths: readonly string[],
  options: JsonFilesOptions,
  feature: string,
): AsyncGenerator<DocumentBuilder> {
  check(PathsSchema, paths, feature, 'paths');
  check(JsonFilesOptionsSchema, options, feature, 'options');
  return readDocuments(paths, options ?? {}, files(feature));
}

async function* readDocuments(
  paths: readonly string[],
  options: JsonFilesOptions,
  io: Files,
): AsyncGenerator<DocumentBuilder> {
  for await (const path of jsonFilePaths(paths, false, io)) {
    let index = 0;
    const stream = io.fs.createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
    try {
      for await (const text of jsonObjects(stream as AsyncIterable<string>)) {
        const at = `${path}[${index++}]`;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          throw invalid('JSON document', at, (error as Error).message);
        }
        const doc = toDocumentBuilder(value as Record<string, unknown>, at, options);
        options.callback?.(doc, path);
        yield doc;
      }
    } catch (error) {
      if (error instanceof SyntaxError) throw invalid('JSON file', path, error.message);
      throw error;
    } finally {
      stream.destroy();
    }
  }
}

const KNOWN = new Set([
  'documentid',
  'uri',
  'title',
  'author',
  'clickableuri',
  'data',
  'date',
  'modifieddate',
  'fileextension',
  'permanentid',
  'parentid',
  'compressedbinarydata',
  'compressiontype',
  'permissions',
]);

/** Turns one parsed JSON document into a builder, naming the file and index in any error. */
export function toDocumentBuilder(
  input: Record<string, unknown>,
  at: string,
  options: JsonFilesOptions = {},
): DocumentBuilder {
  check(v.string('must be a string'), at, 'toDocumentBuilder', 'at');
  if (!isOptionsObject(input)) {
    throw invalid(`JSON document ${at}`, '', 'must be a JSON object');
  }
  check(JsonFilesOptionsSchema, options, 'toDocumentBuilder', 'options');
  const lower = new Map<string, unknown>();
  const metadata: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(input)) {
    const k = key.toLowerCase();
    if (KNOWN.has(k)) lower.set(k, value);
    else metadata[key] = value as MetadataValue;
  }
  const uri = lower.get('documentid') ?? lower.get('uri');
  const title = lower.get('title');
  if (typeof uri !== 'string' || typeof title !== 'string') {
    throw invalid('JSON document', at, 'documentId (or uri) and title are required strings');
  }
  try {
    const doc = new DocumentBuilder(uri, title);
    const str = (k: string) => lower.get(k) as string;
    if (lower.has('author')) doc.withAuthor(str('author'));
    if (lower.has('clickableuri')) doc.withClickableUri(str('clickableuri'));
    if (lower.has('data')) doc.withData(str('data'));
    if (lower.has('date')) doc.withDate(lower.get('date') as string);
    if (lower.has('modifieddate')) doc.withModifiedDate(lower.get('modifieddate') as string);
    if (lower.has('fileextension')) doc.withFileExtension(str('fileextension'));
    if (lower.has('permanentid')) doc.withPermanentId(str('permanentid'));
    if (lower.has('parentid')) doc.withParentId(str('parentid'));
    if (lower.has('compressedbinarydata')) {
      const type = (lower.get('compressiontype') ?? 'UNCOMPRESSED') as CompressionType;
      doc.withCompressedBinaryData(str('compressedbinarydata'), type);
    }
    if (lower.has('permissions')) addPermissions(doc, lower.get('permissions'));
    doc.withMetadata(metadata, options?.fieldNameTransformer ?? BuiltInTransformers.identity);
    return doc;
  } catch (error) {
    if (isInputValidationError(error)) {
      throw new InputValidationError({ subject: `JSON document ${at}`, issues: error.issues });
    }
    throw error;
  }
}

const RawIdentity = v.object(
  {
    identity: v.string('must be a string'),
    identityType: v.string('must be a string'),
    securityProvider: v.optional(v.unknown()),
  },
  'each permission needs identity and identityType strings',
);
const RawSet = v.object(
  {
    allowAnonymous: v.optional(v.unknown()),
    allowedPermissions: v.optional(v.array(RawIdentity, 'must be an array')),
    deniedPermissions: v.optional(v.array(RawIdentity, 'must be an array')),
  },
  'must be a permission set { allowAnonymous, allowedPermissions, deniedPermissions }',
);
type RawSet = v.InferOutput<typeof RawSet>;

function toSet(raw: RawSet): PermissionSetBuilder {
  const set = new PermissionSetBuilder(raw.allowAnonymous === true);
  const identity = (id: v.InferOutput<typeof RawIdentity>) =>
    new AnySecurityIdentityBuilder(
      id.identityType.toUpperCase() as IdentityType,
      id.identity,
      typeof id.securityProvider === 'string' ? id.securityProvider : undefined,
    );
  for (const id of raw.allowedPermissions ?? []) set.withAllowedPermissions(identity(id));
  for (const id of raw.deniedPermissions ?? []) set.withDeniedPermissions(identity(id));
  return set;
}

function addPermissions(doc: DocumentBuilder, value: unknown): void {
  const list = Array.isArray(value) ? value : [value];
  list.forEach((entry, i) => {
    const levels = (entry as { permissionSets?: unknown } | null)?.permissionSets;
    if (levels !== undefined) {
      const sets = check(
        v.array(RawSet, 'must be an array'),
        levels,
        'permissions',
        `${i}.permissionSets`,
      );
      const name = (entry as { name?: unknown }).name;
      doc.withPermissionLevel(typeof name === 'string' ? name : '', sets.map(toSet));
    } else doc.withPermissionSet(toSet(check(RawSet, entry, 'permissions', `${i}`)));
  });
}

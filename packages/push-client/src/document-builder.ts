import { InputValidationError } from '@connectorkit/http-core';
import * as v from 'valibot';
import {
  Base64Schema,
  BuiltInTransformers,
  type CompressionType,
  CompressionTypeSchema,
  DateInputSchema,
  FileExtensionSchema,
  InlineDataSchema,
  isPlainMetadataValue,
  isValidMetadataKey,
  LIMITS,
  type Metadata,
  MetadataKeySchema,
  type MetadataValue,
  MetadataValueSchema,
  type Transformer,
} from './document-rules.js';
import { check, invalid } from './internal/check.js';
import { fileUrl } from './internal/file-url.js';
import { FunctionSchema, isOptionsObject } from './internal/options-schemas.js';
import { IdSchema, isId } from './internal/text-rules.js';
import { permanentId } from './permanent-id.js';
import {
  builtIdentities,
  type PermissionLevel,
  type PermissionSet,
  PermissionSetBuilder,
  type SecurityIdentity,
  type SecurityIdentityBuilder,
} from './security-identity-builders.js';

/** The wire JSON of one item (`marshal()` output): known keys plus metadata at the top level. */
export interface DocumentBody {
  documentId: string;
  permanentid: string;
  title: string;
  data?: string;
  compressedBinaryData?: string;
  compressionType?: CompressionType;
  fileExtension?: string;
  parentId?: string;
  clickableUri?: string;
  author?: string;
  date?: string;
  modifiedDate?: string;
  permissions?: Array<PermissionSet | PermissionLevel>;
  [metadata: string]: unknown;
}

/**
 * A document as the official JS client's `DocumentBuilder.build()` returns it: the URI (not
 * yet made a URL), metadata apart, compressed data with its type. `marshal()` is what is sent.
 */
export interface Document {
  uri: string;
  title: string;
  /** The one set with `withPermanentId`, else the one generated from the URI. */
  permanentId: string;
  clickableUri?: string;
  author?: string;
  /** ISO 8601. */
  date?: string;
  /** ISO 8601. */
  modifiedDate?: string;
  parentId?: string;
  data?: string;
  compressedBinaryData?: { compressionType: CompressionType; data: string };
  fileExtension?: string;
  metadata: Metadata;
  permissions: Array<PermissionSet | PermissionLevel>;
}

type DateInput = Date | string | number;

const StringSchema = v.string('must be a string');
const isString = (x: unknown): boolean => typeof x === 'string';
const isSmallText = (x: unknown): boolean =>
  typeof x === 'string' && x.length < LIMITS.inlineDataBytes / 3;
const NonEmpty = v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty'));
const BooleanSchema = v.boolean('must be true or false');

const SetSchema = v.object(
  {
    allowAnonymous: BooleanSchema,
    allowedPermissions: v.array(v.looseObject({}), 'must be an array'),
    deniedPermissions: v.array(v.looseObject({}), 'must be an array'),
  },
  'build() must return a permission set',
);
const SetBuilderSchema = v.custom<{ build(): unknown }>(
  (b) =>
    typeof b === 'object' && b !== null && typeof (b as { build?: unknown }).build === 'function',
  'must be a PermissionSetBuilder',
);

/** A permission set from a builder: ours as built, a caller's own checked identity by identity. */
function builtSet(builder: unknown, subject: { toString(): string }, path: string): PermissionSet {
  const b = check(SetBuilderSchema, builder, subject, path);
  if (b instanceof PermissionSetBuilder) return b.build();
  const set = check(SetSchema, (b as { build(): unknown }).build(), subject, path);
  const identities = (list: unknown[], key: string) =>
    list.flatMap((id, i) =>
      builtIdentities({ build: () => id }, String(subject), `${path}.${key}.${i}`),
    );
  return {
    allowAnonymous: set.allowAnonymous,
    allowedPermissions: identities(set.allowedPermissions, 'allowedPermissions'),
    deniedPermissions: identities(set.deniedPermissions, 'deniedPermissions'),
  };
}

function validUrl(uri: string): boolean {
  return URL.canParse(uri) && /^[a-z][a-z0-9+.-]*:\/\/?\S/i.test(uri);
}

/**
 * Builds one item for the Push API, with the official clients' `with*` methods. Every rule is
 * checked when the value is set, with an `InputValidationError` naming the field and the rule.
 * @example
 * const doc = new DocumentBuilder('https://ex.com/a', 'A').withData('text').withMetadataValue('sku', 'A1');
 */
export class DocumentBuilder {
  readonly uri: string;
  readonly title: string;
  /** What errors call this document (`document "<uri>"`), built only when one is thrown. */
  readonly #subject: { toString(): string };
  #fields: Partial<Omit<DocumentBody, 'documentId' | 'permanentid' | 'title' | 'permissions'>> = {};
  #permanentId: string | undefined;
  #metadata: Record<string, MetadataValue> = {};
  #metadataKeys = new Map<string, string>();
  #permissions: Array<PermissionSet | PermissionLevel> = [];
  #defaultSet: PermissionSetBuilder | undefined;
  #anonymous = false;
  #permissionCount = 0;

  constructor(uri: string, title: string) {
    this.#subject = {
      toString: () =>
        `document ${JSON.stringify(typeof uri === 'string' ? uri.slice(0, 200) : typeof uri)}`,
    };
    this.uri = check(IdSchema, uri, this.#subject, 'uri', isId);
    this.title = check(StringSchema, title, this.#subject, 'title', isString);
  }

  /** The item's text content; under 5 MB (use a file container for bigger items). */
  withData(data: string): this {
    if (this.#fields.compressedBinaryData !== undefined) {
      throw invalid(this.#subject, 'data', 'cannot be set with compressedBinaryData');
    }
    this.#fields.data = check(InlineDataSchema, data, this.#subject, 'data', isSmallText);
    return this;
  }
  /** Base64 of the compressed content, with its compression type (case-sensitive). */
  withCompressedBinaryData(data: string, compressionType: CompressionType): this {
    if (this.#fields.data !== undefined) {
      throw invalid(this.#subject, 'compressedBinaryData', 'cannot be set with data');
    }
    this.#fields.compressedBinaryData = check(
      Base64Schema,
      data,
      this.#subject,
      'compressedBinaryData',
    );
    this.#fields.compressionType = check(
      CompressionTypeSchema,
      compressionType,
      this.#subject,
      'compressionType',
    );
    return this;
  }
  /**
   * A `Date`, a date string or epoch **milliseconds** (as the official TypeScript client reads a
   * number; the Python client's `int` is seconds: multiply it by 1000); sent as an ISO string.
   */
  withDate(date: DateInput): this {
    this.#fields.date = check(DateInputSchema, date, this.#subject, 'date');
    return this;
  }
  /** Like {@link withDate}: a number is epoch **milliseconds**, not the Python client's seconds. */
  withModifiedDate(date: DateInput): this {
    this.#fields.modifiedDate = check(DateInputSchema, date, this.#subject, 'modifiedDate');
    return this;
  }
  /** With its leading dot, e.g. `.html`. */
  withFileExtension(extension: string): this {
    this.#fields.fileExtension = check(
      FileExtensionSchema,
      extension,
      this.#subject,
      'fileExtension',
    );
    return this;
  }
  /** Overrides the generated permanent id (md5(30) + sha1(30) of the URI). */
  withPermanentId(id: string): this {
    this.#permanentId = check(IdSchema, id, this.#subject, 'permanentId', isId);
    return this;
  }
  /**
   * The `documentId` (URI) of the item's parent, sent as `parentId`: this item is then a child of
   * that one (an attachment, for instance).
   * @throws {InputValidationError} when `id` is empty or holds control characters or lone surrogates.
   */
  withParentId(id: string): this {
    this.#fields.parentId = check(IdSchema, id, this.#subject, 'parentId', isId);
    return this;
  }
  /** Alias of {@link withParentId}, the official JS client's spelling. */
  withParentID(id: string): this {
    return this.withParentId(id);
  }
  /**
   * The address a search result links to, when it is not the item's URI.
   * @throws {InputValidationError} when `uri` is empty or holds control characters or lone surrogates.
   */
  withClickableUri(uri: string): this {
    this.#fields.clickableUri = check(IdSchema, uri, this.#subject, 'clickableUri', isId);
    return this;
  }
  /**
   * The item's author, sent as `author` (any string).
   * @throws {InputValidationError} when `author` is not a string.
   */
  withAuthor(author: string): this {
    this.#fields.author = check(StringSchema, author, this.#subject, 'author', isString);
    return this;
  }

  /** One metadata value. Keys are case-insensitive; reserved keys and bad names are refused. */
  withMetadataValue(
    key: string,
    value: MetadataValue,
    keyTransformer: Transformer = BuiltInTransformers.identity,
  ): this {
    if (keyTransformer !== BuiltInTransformers.identity) {
      check(FunctionSchema, keyTransformer, this.#subject, 'keyTransformer');
    }
    const name = check(
      MetadataKeySchema,
      typeof key === 'string' ? keyTransformer(key) : key,
      this.#subject,
      `metadata.${String(key)}`,
      isValidMetadataKey,
    );
    check(MetadataValueSchema, value, this.#subject, `metadata.${name}`, isPlainMetadataValue);
    const lower = name.toLowerCase();
    const previous = this.#metadataKeys.get(lower);
    if (previous !== undefined && previous !== name) {
      throw invalid(
        this.#subject,
        `metadata.${name}`,
        `repeats "${previous}" (keys are case-insensitive)`,
      );
    }
    this.#metadataKeys.set(lower, name);
    this.#metadata[name] = value;
    return this;
  }
  /** Many metadata values; every invalid key is named in one error. */
  withMetadata(
    metadata: Metadata,
    keyTransformer: Transformer = BuiltInTransformers.identity,
  ): this {
    if (!isOptionsObject(metadata)) {
      throw invalid(this.#subject, 'metadata', 'must be an object of keys to values');
    }
    check(FunctionSchema, keyTransformer, this.#subject, 'keyTransformer');
    const problems: { path: string; message: string }[] = [];
    for (const [key, value] of Object.entries(metadata)) {
      try {
        this.withMetadataValue(key, value, keyTransformer);
      } catch (error) {
        problems.push(...((error as { issues?: typeof problems }).issues ?? []));
      }
    }
    if (problems.length > 0) {
      throw new InputValidationError({ subject: String(this.#subject), issues: problems });
    }
    return this;
  }

  /** Python-client style: anonymous access on the document's default permission set. */
  withAllowAnonymousUsers(allow: boolean): this {
    this.#anonymous = check(BooleanSchema, allow, this.#subject, 'allowAnonymous');
    this.#defaultPermissionSet();
    return this;
  }
  /** Python-client style: identities allowed on the default permission set. */
  withAllowedPermissions(builder: SecurityIdentityBuilder): this {
    const ids = this.#identities(builder, 'allowedPermissions');
    this.#defaultPermissionSet().withAllowedPermissions({ build: () => ids });
    return this;
  }
  /** Python-client style: identities denied on the default permission set. */
  withDeniedPermissions(builder: SecurityIdentityBuilder): this {
    const ids = this.#identities(builder, 'deniedPermissions');
    this.#defaultPermissionSet().withDeniedPermissions({ build: () => ids });
    return this;
  }
  /** Adds a permission set (simple model); several combine. */
  withPermissionSet(set: PermissionSetBuilder): this {
    const built = builtSet(set, this.#subject, 'permissionSet');
    this.#addCount(built.allowedPermissions.length + built.deniedPermissions.length);
    this.#permissions.push(built);
    return this;
  }
  /** Adds a permission level (complex model); earlier levels supersede later ones. */
  withPermissionLevel(name: string, sets: readonly PermissionSetBuilder[]): this {
    check(NonEmpty, name, this.#subject, 'permissionLevel');
    check(
      v.array(v.unknown(), 'must be an array of PermissionSetBuilder'),
      sets,
      this.#subject,
      'permissionSets',
    );
    const permissionSets = sets.map((s, i) => builtSet(s, this.#subject, `permissionSets.${i}`));
    this.#addCount(
      permissionSets.reduce(
        (n, s) => n + s.allowedPermissions.length + s.deniedPermissions.length,
        0,
      ),
    );
    this.#permissions.push({
      name: check(NonEmpty, name, this.#subject, 'permissionLevel'),
      permissionSets,
    });
    return this;
  }

  /**
   * The document as built so far, in the official JS client's `Document` shape (a copy: changing
   * it changes nothing here). `marshal()` gives what is sent.
   */
  build(): Document {
    const { compressedBinaryData, compressionType, ...fields } = this.#fields;
    const doc: Document = {
      uri: this.uri,
      title: this.title,
      permanentId: this.#permanentId ?? permanentId(this.uri),
      ...structuredClone(fields),
      metadata: structuredClone(this.#metadata),
      permissions: structuredClone(this.#marshalPermissions()),
    };
    if (typeof compressedBinaryData === 'string')
      doc.compressedBinaryData = {
        compressionType: compressionType as CompressionType,
        data: compressedBinaryData,
      };
    return doc;
  }

  /** The wire JSON of the item, as the Push API expects it. */
  marshal(): DocumentBody {
    const permissions = this.#marshalPermissions();
    const body: DocumentBody = {
      documentId: validUrl(this.uri) ? this.uri : fileUrl(this.uri),
      permanentid: this.#permanentId ?? permanentId(this.uri),
      title: this.title,
      ...this.#fields,
      ...this.#metadata,
    };
    if (permissions.length > 0) body.permissions = permissions;
    return body;
  }

  #marshalPermissions(): Array<PermissionSet | PermissionLevel> {
    if (!this.#defaultSet) return [...this.#permissions];
    const set = this.#defaultSet.build();
    return [{ ...set, allowAnonymous: this.#anonymous }, ...this.#permissions];
  }
  #defaultPermissionSet(): PermissionSetBuilder {
    this.#defaultSet ??= new PermissionSetBuilder(this.#anonymous);
    return this.#defaultSet;
  }
  #identities(builder: SecurityIdentityBuilder, path: string): SecurityIdentity[] {
    const ids = builtIdentities(builder, String(this.#subject), path);
    this.#addCount(ids.length);
    return ids;
  }
  #addCount(n: number): void {
    this.#permissionCount += n;
    if (this.#permissionCount > LIMITS.permissionsPerItem) {
      throw invalid(
        this.#subject,
        'permissions',
        `at most ${LIMITS.permissionsPerItem} permissions per item`,
      );
    }
  }
}

import * as v from 'valibot';
import { check } from './internal/check.js';
import { IdSchema, isId } from './internal/text-rules.js';

/**
 * Identity types of the Coveo permission model, as sent. The builders also take them in any case
 * (`User`, `Group`, `VirtualGroup` from the official JS client) and send these spellings.
 */
export type IdentityType = 'USER' | 'GROUP' | 'VIRTUAL_GROUP' | 'UNKNOWN';

/** One identity in a permission set, as sent on the wire. */
export interface SecurityIdentity {
  identity: string;
  identityType: IdentityType;
  securityProvider?: string;
}

/** Anything that builds one identity or several (the official clients' interface). */
export interface SecurityIdentityBuilder {
  /**
   * The identity, or identities, to put in a permission set. When the builder is the caller's
   * own, what it returns is checked identity by identity where it is used.
   */
  build(): SecurityIdentity | SecurityIdentity[];
}

/** The provider the official clients default to for users. */
export const DEFAULT_USER_PROVIDER = 'Email Security Provider';

const IDENTITY_TYPES: ReadonlyMap<string, IdentityType> = new Map([
  ['user', 'USER'],
  ['group', 'GROUP'],
  ['virtual_group', 'VIRTUAL_GROUP'],
  ['virtualgroup', 'VIRTUAL_GROUP'],
  ['unknown', 'UNKNOWN'],
]);
/**
 * An identity type in any case, sent in its documented spelling: the Push API compares them
 * case-insensitively, and the official JS client's builders make `User`, `Group`, `VirtualGroup`.
 */
const IdentityTypeSchema = v.pipe(
  v.custom<string>(
    (t) => typeof t === 'string' && IDENTITY_TYPES.has(t.toLowerCase()),
    'must be USER, GROUP, VIRTUAL_GROUP or UNKNOWN (in any case)',
  ),
  v.transform((t) => IDENTITY_TYPES.get(t.toLowerCase()) as IdentityType),
);
const SecurityIdentitySchema = v.object(
  {
    identity: IdSchema,
    identityType: IdentityTypeSchema,
    securityProvider: v.optional(IdSchema),
  },
  'must be { identity, identityType, securityProvider? }',
);
const BuiltSchema = v.union(
  [SecurityIdentitySchema, v.array(SecurityIdentitySchema)],
  'build() must return an identity { identity, identityType } or an array of them',
);
const BuilderSchema = v.custom<SecurityIdentityBuilder>(
  (b) =>
    typeof b === 'object' && b !== null && typeof (b as { build?: unknown }).build === 'function',
  'must be a security identity builder (an object with build())',
);
const NamesSchema = v.union(
  [IdSchema, v.array(IdSchema, 'must be an array of names')],
  'must be a name or an array of names',
);
const ProviderSchema = v.optional(IdSchema);

/** The identities a builder builds, checked (a caller's own builder may build anything). */
export function builtIdentities(
  builder: unknown,
  subject: string,
  path: string,
): SecurityIdentity[] {
  const b = check(BuilderSchema, builder, subject, path);
  const built = b.build();
  if (isIdentity(built)) return [make(built.identityType, built.identity, built.securityProvider)];
  return [check(BuiltSchema, built, subject, path)].flat() as SecurityIdentity[];
}

const TYPES: ReadonlySet<unknown> = new Set(['USER', 'GROUP', 'VIRTUAL_GROUP', 'UNKNOWN']);
const isIdentity = (x: unknown): x is SecurityIdentity =>
  typeof x === 'object' &&
  x !== null &&
  isId((x as SecurityIdentity).identity) &&
  TYPES.has((x as SecurityIdentity).identityType) &&
  ((x as SecurityIdentity).securityProvider === undefined ||
    isId((x as SecurityIdentity).securityProvider));

/** Appends without spreading (a spread of a very long list overflows the call stack). */
function append<T>(list: T[], items: readonly T[]): void {
  for (const item of items) list.push(item);
}

function make(type: IdentityType, identity: string, provider?: string): SecurityIdentity {
  return provider === undefined
    ? { identityType: type, identity }
    : { identityType: type, identity, securityProvider: provider };
}

/** Any identity type; an undefined provider is left out of the wire JSON. */
export class AnySecurityIdentityBuilder implements SecurityIdentityBuilder {
  readonly #identity: SecurityIdentity;
  constructor(identityType: IdentityType, identity: string, securityProvider?: string) {
    const subject = 'AnySecurityIdentityBuilder';
    const type = check(IdentityTypeSchema, identityType, subject, 'identityType');
    check(IdSchema, identity, subject, 'identity');
    check(ProviderSchema, securityProvider, subject, 'securityProvider');
    this.#identity = make(type, identity, securityProvider);
  }
  /** A copy of the identity given to the constructor, its type in the documented spelling. */
  build(): SecurityIdentity {
    return { ...this.#identity };
  }
}

abstract class ManyBuilder implements SecurityIdentityBuilder {
  protected abstract readonly type: IdentityType;
  readonly #names: string | readonly string[];
  readonly #provider: string | undefined;
  constructor(names: string | readonly string[], provider?: string) {
    const subject = new.target.name;
    check(NamesSchema, names, subject, 'names');
    check(ProviderSchema, provider, subject, 'securityProvider');
    this.#names = typeof names === 'string' ? names : [...names];
    this.#provider = provider;
  }
  /**
   * One identity when the builder was given one name, else one per name in the given order, each
   * with the builder's identity type and its provider (left out when undefined).
   */
  build(): SecurityIdentity | SecurityIdentity[] {
    const names = this.#names;
    if (typeof names === 'string') return make(this.type, names, this.#provider);
    return names.map((n) => make(this.type, n, this.#provider));
  }
}

/** One user or several; the provider defaults to `Email Security Provider`. */
export class UserSecurityIdentityBuilder extends ManyBuilder {
  protected readonly type: IdentityType = 'USER';
  constructor(user: string | readonly string[], securityProvider: string = DEFAULT_USER_PROVIDER) {
    super(user, securityProvider);
  }
}

/** One group or several. */
export class GroupSecurityIdentityBuilder extends ManyBuilder {
  protected readonly type: IdentityType = 'GROUP';
}

/** One virtual group or several. */
export class VirtualGroupSecurityIdentityBuilder extends ManyBuilder {
  protected readonly type: IdentityType = 'VIRTUAL_GROUP';
}

/** A simple-model permission set. */
export interface PermissionSet {
  allowAnonymous: boolean;
  allowedPermissions: SecurityIdentity[];
  deniedPermissions: SecurityIdentity[];
}

/** A complex-model permission level. */
export interface PermissionLevel {
  name: string;
  permissionSets: PermissionSet[];
}

/** Builds one permission set (simple model), as the official clients do. */
export class PermissionSetBuilder {
  readonly #set: PermissionSet;
  constructor(allowAnonymous: boolean) {
    check(
      v.boolean('must be true or false'),
      allowAnonymous,
      'PermissionSetBuilder',
      'allowAnonymous',
    );
    this.#set = { allowAnonymous, allowedPermissions: [], deniedPermissions: [] };
  }
  /**
   * Adds the identities `builder` builds to those allowed to see the item; calls add up.
   * @throws {InputValidationError} when `builder` has no `build()` or builds something that is
   * not an identity.
   */
  withAllowedPermissions(builder: SecurityIdentityBuilder): this {
    append(
      this.#set.allowedPermissions,
      builtIdentities(builder, 'PermissionSetBuilder', 'allowedPermissions'),
    );
    return this;
  }
  /**
   * Adds the identities `builder` builds to those denied the item; calls add up. In Coveo's
   * model a denial wins over an allowance of the same identity.
   * @throws {InputValidationError} when `builder` has no `build()` or builds something that is
   * not an identity.
   */
  withDeniedPermissions(builder: SecurityIdentityBuilder): this {
    append(
      this.#set.deniedPermissions,
      builtIdentities(builder, 'PermissionSetBuilder', 'deniedPermissions'),
    );
    return this;
  }
  /** The permission set: `allowAnonymous` and copies of the allowed and denied lists so far. */
  build(): PermissionSet {
    return {
      allowAnonymous: this.#set.allowAnonymous,
      allowedPermissions: [...this.#set.allowedPermissions],
      deniedPermissions: [...this.#set.deniedPermissions],
    };
  }
}

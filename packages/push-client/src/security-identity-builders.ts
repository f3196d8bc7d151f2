/** Identity types of the Coveo permission model. */
export type IdentityType = 'USER' | 'GROUP' | 'VIRTUAL_GROUP' | 'UNKNOWN';

/** One identity in a permission set, as sent on the wire. */
export interface SecurityIdentity {
  identity: string;
  identityType: IdentityType;
  securityProvider?: string;
}

/** Anything that builds one identity or several (the official clients' interface). */
export interface SecurityIdentityBuilder {
  build(): SecurityIdentity | SecurityIdentity[];
}

/** The provider the official clients default to for users. */
export const DEFAULT_USER_PROVIDER = 'Email Security Provider';

function make(type: IdentityType, identity: string, provider?: string): SecurityIdentity {
  return provider === undefined
    ? { identityType: type, identity }
    : { identityType: type, identity, securityProvider: provider };
}

/** Any identity type; an undefined provider is left out of the wire JSON. */
export class AnySecurityIdentityBuilder implements SecurityIdentityBuilder {
  readonly #identity: SecurityIdentity;
  constructor(identityType: IdentityType, identity: string, securityProvider?: string) {
    this.#identity = make(identityType, identity, securityProvider);
  }
  build(): SecurityIdentity {
    return { ...this.#identity };
  }
}

abstract class ManyBuilder implements SecurityIdentityBuilder {
  protected abstract readonly type: IdentityType;
  constructor(
    private readonly names: string | readonly string[],
    private readonly provider?: string,
  ) {}
  build(): SecurityIdentity | SecurityIdentity[] {
    if (typeof this.names === 'string') return make(this.type, this.names, this.provider);
    return this.names.map((n) => make(this.type, n, this.provider));
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
    this.#set = { allowAnonymous, allowedPermissions: [], deniedPermissions: [] };
  }
  withAllowedPermissions(builder: SecurityIdentityBuilder): this {
    this.#set.allowedPermissions.push(...[builder.build()].flat());
    return this;
  }
  withDeniedPermissions(builder: SecurityIdentityBuilder): this {
    this.#set.deniedPermissions.push(...[builder.build()].flat());
    return this;
  }
  build(): PermissionSet {
    return {
      allowAnonymous: this.#set.allowAnonymous,
      allowedPermissions: [...this.#set.allowedPermissions],
      deniedPermissions: [...this.#set.deniedPermissions],
    };
  }
}

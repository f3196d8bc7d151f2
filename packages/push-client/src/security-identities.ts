import { buildPath, validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';
import { LIMITS } from './document-rules.js';
import { fillFileContainer } from './file-container.js';
import { check, invalid } from './internal/check.js';
import { toOrderingIdValue } from './internal/ordering-id.js';
import type { CoveoTransport } from './platform-options.js';

const Name = v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty'));
/** One identity of a provider. */
export interface IdentityModel {
  name: string;
  type: 'USER' | 'GROUP' | 'VIRTUAL_GROUP' | 'UNKNOWN';
  additionalInfo?: Record<string, string> | undefined;
}
export interface SecurityIdentityModel {
  identity: IdentityModel;
  members?: IdentityModel[] | undefined;
  wellKnowns?: IdentityModel[] | undefined;
}
export interface AliasMapping extends IdentityModel {
  provider: string;
}
export interface SecurityIdentityAliasModel {
  identity: IdentityModel;
  mappings: AliasMapping[];
  wellKnowns?: IdentityModel[] | undefined;
}
export interface SecurityIdentityDelete {
  identity: IdentityModel;
}
const identityEntries = {
  name: Name,
  type: v.picklist(
    ['USER', 'GROUP', 'VIRTUAL_GROUP', 'UNKNOWN'],
    'must be USER, GROUP, VIRTUAL_GROUP or UNKNOWN',
  ),
  additionalInfo: v.optional(v.record(v.string(), v.string())),
};
const IdentityModelSchema = v.object(identityEntries);
const AliasMappingSchema = v.object({ ...identityEntries, provider: Name });

/** An identity with its members (`PUT /providers/{p}/permissions`). */
export const SecurityIdentityModelSchema: v.GenericSchema<SecurityIdentityModel> = v.object({
  identity: IdentityModelSchema,
  members: v.optional(v.array(IdentityModelSchema)),
  wellKnowns: v.optional(v.array(IdentityModelSchema)),
});
/** An alias: one identity mapped to identities of other providers (`PUT …/mappings`). */
export const SecurityIdentityAliasModelSchema: v.GenericSchema<SecurityIdentityAliasModel> =
  v.object({
    identity: IdentityModelSchema,
    mappings: v.array(AliasMappingSchema),
    wellKnowns: v.optional(v.array(IdentityModelSchema)),
  });
export const SecurityIdentityDeleteSchema: v.GenericSchema<SecurityIdentityDelete> = v.object({
  identity: IdentityModelSchema,
});

/** The body of a batch of identity changes, uploaded through a file container. */
export interface SecurityIdentityBatch {
  members?: SecurityIdentityModel[];
  mappings?: SecurityIdentityAliasModel[];
  deleted?: SecurityIdentityDelete[];
}
const BatchSchema = v.object({
  members: v.optional(v.array(SecurityIdentityModelSchema)),
  mappings: v.optional(v.array(SecurityIdentityAliasModelSchema)),
  deleted: v.optional(v.array(SecurityIdentityDeleteSchema)),
});

interface Call {
  signal?: AbortSignal;
}

function sized(body: unknown, subject: string): string {
  const text = JSON.stringify(body);
  if (Buffer.byteLength(text) > LIMITS.requestBytes) {
    throw invalid(subject, '', 'is over the 6 MB request limit; use batchSecurityIdentities');
  }
  return text;
}

/** Security identities of one organization (reach it as `source.identity`). */
export class SecurityIdentities {
  constructor(private readonly t: CoveoTransport) {}

  #path(providerId: string, rest: string): string {
    return (
      buildPath('/providers/{providerId}', {
        providerId: check(Name, providerId, 'call', 'providerId'),
      }) + rest
    );
  }

  /** Creates or replaces an identity and its members. */
  async createOrUpdateSecurityIdentity(
    providerId: string,
    model: SecurityIdentityModel,
    o: Call = {},
  ): Promise<void> {
    const body = sized(
      validateInput(SecurityIdentityModelSchema, model, 'security identity'),
      'security identity',
    );
    await this.t.push.put(this.#path(providerId, '/permissions'), {
      body,
      headers: JSON_TYPE,
      signal: o.signal,
    });
  }
  /** The official JS client's name for {@link createOrUpdateSecurityIdentity}. */
  createSecurityIdentity(
    providerId: string,
    model: SecurityIdentityModel,
    o: Call = {},
  ): Promise<void> {
    return this.createOrUpdateSecurityIdentity(providerId, model, o);
  }
  async createOrUpdateSecurityIdentityAlias(
    providerId: string,
    alias: SecurityIdentityAliasModel,
    o: Call = {},
  ): Promise<void> {
    const body = sized(
      validateInput(SecurityIdentityAliasModelSchema, alias, 'security identity alias'),
      'security identity alias',
    );
    await this.t.push.put(this.#path(providerId, '/mappings'), {
      body,
      headers: JSON_TYPE,
      signal: o.signal,
    });
  }
  async deleteSecurityIdentity(
    providerId: string,
    model: SecurityIdentityDelete,
    o: Call = {},
  ): Promise<void> {
    const json = validateInput(SecurityIdentityDeleteSchema, model, 'security identity delete');
    await this.t.push.delete(this.#path(providerId, '/permissions'), { json, signal: o.signal });
  }
  /** Deletes the identities last written before `orderingId` (a date or epoch ms). */
  async deleteOldSecurityIdentities(
    providerId: string,
    options: { orderingId: Date | string | number; queueDelay?: number },
    o: Call = {},
  ): Promise<void> {
    await this.t.push.delete(this.#path(providerId, '/permissions/olderthan'), {
      searchParams: {
        orderingId: toOrderingIdValue(options.orderingId),
        queueDelay: options.queueDelay,
      },
      signal: o.signal,
    });
  }
  /** Applies a file container already filled with a {@link SecurityIdentityBatch}. */
  async manageSecurityIdentities(
    providerId: string,
    options: { fileId: string; orderingId?: Date | string | number },
    o: Call = {},
  ): Promise<void> {
    await this.t.push.put(this.#path(providerId, '/permissions/batch'), {
      searchParams: {
        fileId: check(Name, options.fileId, 'call', 'fileId'),
        orderingId:
          options.orderingId === undefined ? undefined : toOrderingIdValue(options.orderingId),
      },
      signal: o.signal,
    });
  }
  /** Uploads a batch of identity changes to a new file container, then applies it. */
  async batchSecurityIdentities(
    providerId: string,
    batch: SecurityIdentityBatch,
    options: Call & { orderingId?: Date | string | number } = {},
  ): Promise<{ fileId: string }> {
    const body = JSON.stringify(validateInput(BatchSchema, batch, 'security identity batch'));
    if (Buffer.byteLength(body) > LIMITS.containerBytes) {
      throw invalid('security identity batch', '', 'is over the 256 MB file container limit');
    }
    const { fileId } = await fillFileContainer(this.t, body, options.signal);
    await this.manageSecurityIdentities(
      providerId,
      options.orderingId === undefined ? { fileId } : { fileId, orderingId: options.orderingId },
      options,
    );
    return { fileId };
  }
}

const JSON_TYPE = { 'content-type': 'application/json' };
